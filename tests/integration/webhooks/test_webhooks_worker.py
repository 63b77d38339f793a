"""The worker: claim under a lease, media, turn, outbox, channel — each message answered once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app.services import build_services
from bot.conversation.messages import InboundMedia, Reply
from bot.runtime.intake import Incoming, accept
from bot.runtime.outbox import SendRetryable
from bot.runtime.queue import InProcessQueue
from bot.runtime.worker import LeaseHeld, TurnFailed, process_message, replies_for
from bot.store import messaging as repo
from tests.integration.webhooks.conftest import EchoTurn
from tests.integration.webhooks.standin import TWILIO_SID, Answer, default_answer

SENDER = "+919812343210"


def store(services, text="2 kilo cheeni", *, provider_id="SM" + "1" * 32, media=None, channel="twilio") -> int:
    incoming = Incoming(channel=channel, provider_message_id=provider_id, from_phone=SENDER, text=text,
                        media=media or [])
    return accept(services, incoming)


def outbox(session_factory):
    with session_factory() as session:
        return list(session.scalars(select(repo.OutboxMessage).order_by(repo.OutboxMessage.id)))


def inbox(session_factory, inbox_id):
    with session_factory() as session:
        return session.get(repo.InboxMessage, inbox_id)


def test_a_message_is_turned_answered_through_the_channel_and_marked_done(wa_services, standin, turn, session_factory):
    inbox_id = store(wa_services, "2 kilo cheeni")
    assert process_message(wa_services, inbox_id) == "done"
    [sent] = standin.sent("/Messages.json")
    assert sent.form["Body"] == ["echo: 2 kilo cheeni"] and sent.form["To"] == [f"whatsapp:{SENDER}"]
    [row] = outbox(session_factory)
    assert row.status == "sent" and row.provider_message_id.startswith("SM") and row.inbox_id == inbox_id
    assert inbox(session_factory, inbox_id).status == "done"
    assert turn.calls == [inbox_id]
    assert turn.seen[0].message_key == f"twilio:{'SM' + '1' * 32}"


def test_running_a_finished_message_again_sends_nothing(wa_services, standin, turn):
    inbox_id = store(wa_services)
    process_message(wa_services, inbox_id)
    assert process_message(wa_services, inbox_id) == "skipped"
    assert len(standin.sent("/Messages.json")) == 1 and turn.calls == [inbox_id]


def test_replies_stored_before_a_crash_are_sent_once_without_running_the_turn_again(wa_services, standin, turn,
                                                                                    session_factory):
    standin.responder = lambda r: Answer(503, b'{"code": 20500, "message": "down", "status": 503}')
    inbox_id = store(wa_services)
    with pytest.raises(SendRetryable):
        process_message(wa_services, inbox_id)
    assert inbox(session_factory, inbox_id).status == "failed"
    assert [r.status for r in outbox(session_factory)] == ["queued"]
    standin.responder = default_answer
    assert process_message(wa_services, inbox_id) == "done"
    assert turn.calls == [inbox_id]
    assert [r.status for r in outbox(session_factory)] == ["sent"]
    assert len(standin.sent("/Messages.json")) == 2  # one refused, one accepted


def test_a_message_held_by_a_live_worker_is_not_taken_but_a_dead_workers_is(wa_services, turn, session_factory):
    inbox_id = store(wa_services)
    with session_factory() as session:
        assert repo.claim(session, inbox_id, lease_seconds=60) is not None  # a worker holds it
        session.commit()
    with pytest.raises(LeaseHeld):
        process_message(wa_services, inbox_id)
    assert turn.calls == []
    with session_factory() as session:  # that worker died: its lease ran out
        session.get(repo.InboxMessage, inbox_id).lease_until = datetime.now(UTC) - timedelta(seconds=1)
        session.commit()
    assert process_message(wa_services, inbox_id) == "done"
    assert turn.calls == [inbox_id]
    assert inbox(session_factory, inbox_id).attempts == 2


def test_two_workers_cannot_claim_the_same_message(wa_services, session_factory):
    inbox_id = store(wa_services)
    with session_factory() as first, session_factory() as second:
        assert repo.claim(first, inbox_id, lease_seconds=60) is not None
        first.commit()
        assert repo.claim(second, inbox_id, lease_seconds=60) is None


def test_voice_note_bytes_reach_the_turn_and_a_foreign_url_is_refused(wa_services, standin, turn):
    path = f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/MM{'a' * 32}/Media/ME{'b' * 32}"
    standin.responder = lambda r: (Answer(200, b"OggS-voice", "audio/ogg") if r.path == path else default_answer(r))
    ours = InboundMedia(url=standin.url + path, content_type="audio/ogg")
    foreign = InboundMedia(url="https://evil.example.com" + path, content_type="audio/ogg")
    process_message(wa_services, store(wa_services, "", media=[ours], provider_id="SM" + "2" * 32))
    process_message(wa_services, store(wa_services, "", media=[foreign], provider_id="SM" + "3" * 32))
    assert turn.seen[0].media_bytes == [b"OggS-voice"] and turn.seen[0].media_errors == []
    assert turn.seen[1].media_bytes == [b""] and turn.seen[1].media_errors == ["unsupported"]
    [deleted] = standin.sent(path + ".json", method="DELETE")  # Twilio's copy is deleted once handled
    assert deleted.headers["Authorization"].startswith("Basic ")


def test_long_replies_are_split_and_voice_replies_go_out_as_signed_links(wa_services, standin, session_factory):
    key = wa_services.media_store.put(b"OggS reply", "audio/ogg")
    wa_services.turn.replies = lambda inbound: [Reply(text="x" * 2000), Reply(media_key=key, media_type="audio")]
    inbox_id = store(wa_services)
    process_message(wa_services, inbox_id)
    forms = [r.form for r in standin.sent("/Messages.json")]
    assert [len(f.get("Body", [""])[0]) for f in forms[:2]] == [1600, 400]
    assert forms[2]["MediaUrl"][0].startswith("https://munshi.example.in/media/")
    token = forms[2]["MediaUrl"][0].rsplit("/", 1)[1]
    assert wa_services.media_signer.verify(token) == key
    assert [r["media_type"] for r in replies_for(wa_services, inbox_id)] == [None, None, "audio"]


def test_a_reply_to_someone_outside_their_window_becomes_the_template_or_is_dropped(wa_settings, engine,
                                                                                   session_factory, standin):
    customer = "+919800000055"
    for template, expected in ((None, "dropped"), ("reengage", "sent")):
        settings = wa_settings.model_copy(update={"reengage_template": template,
                                                  "twilio_templates": {"reengage": "HX" + "d" * 32}})
        turn = EchoTurn(lambda inbound: [Reply(text="Done"), Reply(text="Ramesh ji, ₹500 baaki", to=customer)])
        services = build_services(settings, engine=engine, session_factory=session_factory,
                                  queue=InProcessQueue(sweep_on_start=False), turn=turn)
        inbox_id = store(services, provider_id=f"SM{template or 'x':0>32}"[:34])
        process_message(services, inbox_id)
        rows = [r for r in outbox(session_factory) if r.inbox_id == inbox_id]
        assert [(r.to_phone, r.status) for r in rows] == [(SENDER, "sent"), (customer, expected)]
        services.media_fetcher.close()
    reminder = standin.sent("/Messages.json")[-1].form
    assert reminder["ContentSid"] == ["HX" + "d" * 32] and "Body" not in reminder


def test_a_failing_turn_is_retried_and_finally_answered_with_an_apology(wa_settings, engine, session_factory, standin):
    def explode(inbound):
        raise RuntimeError("boom")

    settings = wa_settings.model_copy(update={"max_attempts": 2})
    services = build_services(settings, engine=engine, session_factory=session_factory,
                              queue=InProcessQueue(sweep_on_start=False), turn=EchoTurn(explode))
    inbox_id = store(services)
    with pytest.raises(TurnFailed) as failed:
        process_message(services, inbox_id)
    assert not failed.value.final
    assert inbox(session_factory, inbox_id).status == "failed"
    assert process_message(services, inbox_id) == "done"
    [sent] = standin.sent("/Messages.json")
    assert sent.form["Body"][0] and "boom" not in sent.form["Body"][0]
    services.media_fetcher.close()


def test_the_in_process_queue_answers_messages_in_the_background_and_sweeps_leftovers(wa_settings, engine,
                                                                                    session_factory, standin):
    turn = EchoTurn()
    queue = InProcessQueue(threads=2)
    # The start's sweep and the enqueues may hand one message to both threads; the loser retries when the
    # winner's lease would run out, so a short lease keeps that wait short.
    settings = wa_settings.model_copy(update={"lease_seconds": 2})
    services = build_services(settings, engine=engine, session_factory=session_factory, queue=queue, turn=turn)
    left_behind = store(services, "left behind", provider_id="SM" + "4" * 32)  # queued before the start: lost
    services.start()
    try:
        for n in range(5):
            store(services, f"message {n}", provider_id=f"SM{n:032d}")
        assert queue.wait_idle(timeout=60)
    finally:
        services.close()
    assert sorted(turn.calls) == sorted(set(turn.calls)) and left_behind in turn.calls
    bodies = sorted(r.form["Body"][0] for r in standin.sent("/Messages.json"))
    assert bodies == sorted(["echo: left behind"] + [f"echo: message {n}" for n in range(5)])


def test_shutting_down_waits_for_the_claimed_message_and_leaves_queued_ones_for_the_next_start(
        wa_settings, engine, session_factory, standin):
    import threading

    started, release = threading.Event(), threading.Event()

    def slow(inbound):
        started.set()
        release.wait(timeout=30)
        return [Reply(text=f"done: {inbound.text}")]

    queue = InProcessQueue(threads=1, sweep_on_start=False)
    services = build_services(wa_settings, engine=engine, session_factory=session_factory, queue=queue,
                              turn=EchoTurn(slow))
    services.start()
    first = store(services, "first", provider_id="SM" + "5" * 32)
    second = store(services, "second", provider_id="SM" + "6" * 32)
    assert started.wait(timeout=30)
    closer = threading.Thread(target=services.close)
    closer.start()  # as on SIGTERM: stop taking work, wait for the claimed message
    release.set()
    closer.join(timeout=60)
    assert not closer.is_alive()
    assert inbox(session_factory, first).status == "done"
    assert inbox(session_factory, second).status == "received"  # not lost: swept on the next start
    assert [r.form["Body"][0] for r in standin.sent("/Messages.json")] == ["done: first"]


def test_the_window_only_moves_forward(session_factory):
    later = datetime(2026, 11, 20, 12, tzinfo=UTC)
    with session_factory() as session:
        repo.touch_window(session, "meta", SENDER, later)
        repo.touch_window(session, "meta", SENDER, later - timedelta(hours=3))  # a late redelivery
        session.commit()
        assert repo.last_inbound_at(session, "meta", SENDER) == later
        repo.touch_window(session, "meta", SENDER, later + timedelta(minutes=5))
        session.commit()
        assert repo.last_inbound_at(session, "meta", SENDER) == later + timedelta(minutes=5)


def test_a_senders_messages_are_turned_in_order(wa_services, turn, session_factory):
    first = store(wa_services, "2 kilo cheeni Ramesh ko", provider_id="SM" + "7" * 32)
    second = store(wa_services, "haan", provider_id="SM" + "8" * 32)
    other = accept(wa_services, Incoming(channel="twilio", provider_message_id="SM" + "9" * 32,
                                         from_phone="+919800000077", text="namaste"))
    wa_services.queue.enqueued.clear()
    assert process_message(wa_services, second, wait_for_earlier=0) == "deferred"  # "haan" must not overtake the sale
    assert process_message(wa_services, other) == "done"  # another sender is not held up
    assert wa_services.queue.enqueued == []
    assert process_message(wa_services, first) == "done"
    assert wa_services.queue.enqueued == [second]  # the sale's worker hands on the sender's next message
    assert process_message(wa_services, second) == "done"
    assert turn.calls == [other, first, second]


def test_a_long_forgotten_earlier_message_is_swept_and_answered_before_the_later_one(wa_services, turn,
                                                                                     session_factory):
    from bot.runtime.worker import sweep

    stale = accept(wa_services, Incoming(channel="twilio", provider_message_id="SM" + "a" * 32, from_phone=SENDER,
                                         text="old", received_at=datetime.now(UTC) - timedelta(hours=1)),
                   enqueue=False)  # its job was lost
    fresh = store(wa_services, "new", provider_id="SM" + "b" * 32)
    assert process_message(wa_services, fresh, wait_for_earlier=0) == "deferred"  # order is kept
    assert stale in sweep(wa_services)
    assert process_message(wa_services, stale) == "done"
    assert wa_services.queue.enqueued[-1] == fresh  # the earlier one's worker queues the later
    assert process_message(wa_services, fresh) == "done"
    assert turn.calls == [stale, fresh]


def test_a_long_turn_keeps_its_lease_so_no_other_worker_takes_the_message(wa_services, session_factory):
    import time

    from bot.runtime.worker import LeaseKeeper

    inbox_id = store(wa_services)
    with session_factory() as session:
        first_lease = repo.claim(session, inbox_id, lease_seconds=0.6).lease_until
        session.commit()
    keeper = LeaseKeeper(session_factory, lease_seconds=0.6)
    with keeper.holding(inbox_id):
        deadline = time.monotonic() + 20
        while inbox(session_factory, inbox_id).lease_until <= first_lease and time.monotonic() < deadline:
            time.sleep(0.05)
        extended = inbox(session_factory, inbox_id).lease_until
    keeper.close()
    assert extended > first_lease


def test_a_caller_that_wants_the_replies_at_once_waits_for_the_senders_earlier_message(wa_services, turn,
                                                                                       session_factory):
    import threading

    first = store(wa_services, "first", provider_id="SM" + "c" * 32)
    second = store(wa_services, "second", provider_id="SM" + "d" * 32)
    with session_factory() as session:  # a worker is on the first message
        repo.claim(session, first, lease_seconds=60)
        session.commit()
    results = []
    waiter = threading.Thread(target=lambda: results.append(process_message(wa_services, second)))
    waiter.start()
    waiter.join(timeout=0.5)  # the waiter found the first message running and waits
    assert waiter.is_alive() and turn.calls == []
    with session_factory() as session:  # ... and finishes it
        repo.mark_done(session, first)
        session.commit()
    waiter.join(timeout=60)
    assert results == ["done"] and turn.calls == [second]
