"""Nothing that reached us is lost: a bad message in a batch, a database outage, a flooding sender."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import create_engine, select

from bot.app.services import build_services
from bot.conversation.messages import Reply
from bot.conversation.ports import SenderOverLimit
from bot.runtime.intake import Incoming, accept, store_values
from bot.runtime.spool import JournalSpool, RedisSpool
from bot.runtime.worker import LeaseHeld, process_message
from bot.store import messaging as repo
from tests.integration.webhooks.conftest import RecordingQueue
from tests.integration.webhooks.standin import (
    PUBLIC_URL,
    meta_envelope,
    meta_signature,
    meta_text,
    twilio_form,
    twilio_signature,
)

SENDER = "+919812343210"


def inbox_rows(session_factory):
    with session_factory() as session:
        return list(session.scalars(select(repo.InboxMessage).order_by(repo.InboxMessage.id)))


def post_meta(client, payload):
    body = json.dumps(payload, ensure_ascii=False).encode()
    return client.post("/webhooks/meta", content=body,
                       headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(body)})


def post_twilio(client, form):
    return client.post("/webhooks/twilio", data=form,
                       headers={"X-Twilio-Signature": twilio_signature(PUBLIC_URL + "/webhooks/twilio", form)})


def test_a_meta_batch_keeps_every_message_it_can_and_skips_only_the_unusable(client, session_factory):
    nul = meta_text("2 kilo\x00 cheeni")
    long_id = meta_text("lamba id", wamid="wamid." + "x" * 500)
    far_time = {**meta_text("time travel"), "timestamp": 1e18}
    long_name = meta_text("naam lamba", sender="919812340001")
    after = meta_text("the last one")
    payload = meta_envelope([meta_text("first"), nul, long_id, far_time, long_name, after])
    for contact in payload["entry"][0]["changes"][0]["value"]["contacts"]:
        if contact["wa_id"] == "919812340001":
            contact["profile"]["name"] = "R" * 5000
    response = post_meta(client, payload)
    assert response.status_code == 200
    rows = inbox_rows(session_factory)
    assert [r.text for r in rows] == ["first", "2 kilo cheeni", "time travel", "naam lamba", "the last one"]
    assert rows[2].received_at.year < 2100
    assert len(rows[3].profile_name) == 256


def _dead_engine(tmp_path):
    return create_engine(f"sqlite:///{tmp_path / 'no-such-dir' / 'gone.db'}")


def test_a_message_arriving_while_the_database_is_down_is_spooled_answered_and_stored_later(
        client, wa_services, session_factory, tmp_path):
    wa_services.spool_drainer.close()  # this test drains by hand; the app's background drainer stops
    live = wa_services.intake_engine
    wa_services.intake_engine = _dead_engine(tmp_path)
    form = twilio_form(body="5 kilo atta Suresh ko udhaar")
    response = post_twilio(client, form)
    assert response.status_code == 200
    assert inbox_rows(session_factory) == []
    assert isinstance(wa_services.spool, JournalSpool) and wa_services.spool.pending()
    # still down: the drain keeps everything
    assert wa_services.spool_drainer.drain_once(lambda values: store_values(wa_services, values)) == 0
    assert wa_services.spool.pending()
    wa_services.intake_engine = live
    assert wa_services.spool_drainer.drain_once(lambda values: store_values(wa_services, values)) == 1
    [row] = inbox_rows(session_factory)
    assert (row.provider_message_id, row.text, row.from_phone) == (form["MessageSid"], form["Body"], SENDER)
    assert wa_services.queue.enqueued == [row.id]
    assert not wa_services.spool.pending()
    assert wa_services.spool_drainer.drain_once(lambda values: store_values(wa_services, values)) == 0


def test_a_spooled_journal_survives_the_process_and_drains_at_the_next_start(wa_settings, engine, session_factory,
                                                                            tmp_path):
    first = build_services(wa_settings, engine=engine, session_factory=session_factory, queue=RecordingQueue())
    first.intake_engine = _dead_engine(tmp_path)
    incoming = Incoming(channel="meta", provider_message_id="wamid.spooled", from_phone=SENDER, text="haan")
    assert accept(first, incoming) is None
    first.media_fetcher.close()
    second = build_services(wa_settings, engine=engine, session_factory=session_factory, queue=RecordingQueue())
    second.spool_drainer.every = 3600
    second.start()  # drains at start-up
    second.spool_drainer.close()
    [row] = inbox_rows(session_factory)
    assert row.provider_message_id == "wamid.spooled" and second.queue.enqueued == [row.id]
    second.media_fetcher.close()


@pytest.mark.redis
def test_the_redis_spool_keeps_messages_for_every_web_process(redis_url, tmp_path):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.delete(RedisSpool.KEY, RedisSpool.LOCK)
    spool = RedisSpool(client, JournalSpool(tmp_path / "spool"))
    from datetime import UTC, datetime

    values = {"channel": "meta", "provider_message_id": uuid.uuid4().hex, "from_phone": SENDER, "text": "x",
              "profile_name": None, "media": [], "button_payload": None, "raw": {},
              "received_at": datetime.now(UTC)}
    spool.put(values)
    assert spool.pending()
    stored = []

    def down(_values):
        raise ConnectionError("database away")

    with pytest.raises(ConnectionError):
        spool.drain(down)
    assert spool.pending()
    assert spool.drain(stored.append) == 1
    assert stored[0]["provider_message_id"] == values["provider_message_id"] and not spool.pending()


class FloodedTurn:
    """A turn behind a rate limit that lets `allowed` messages through, then refuses until reopened."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.answered: list[str] = []

    def handle(self, inbound):
        if self.allowed <= 0:
            raise SenderOverLimit(5.0)
        self.allowed -= 1
        self.answered.append(inbound.text)
        return [Reply(text=f"ok {inbound.text}")]


def test_messages_over_the_rate_limit_wait_in_order_and_are_all_answered(wa_settings, engine, session_factory,
                                                                          standin):
    turn = FloodedTurn(allowed=1)
    services = build_services(wa_settings, engine=engine, session_factory=session_factory,
                              queue=RecordingQueue(), turn=turn)
    ids = [accept(services, Incoming(channel="twilio", provider_message_id="SM" + uuid.uuid4().hex,
                                     from_phone=SENDER, text=str(n))) for n in range(3)]
    assert process_message(services, ids[0], wait_for_earlier=0) == "done"
    with pytest.raises(LeaseHeld) as held:
        process_message(services, ids[1], wait_for_earlier=0)
    assert held.value.retry_after == 5.0
    with session_factory() as session:
        waiting = session.get(repo.InboxMessage, ids[1])
        assert waiting.status == "received" and waiting.attempts == 0
    assert process_message(services, ids[2], wait_for_earlier=0) == "deferred"  # behind its elder
    turn.allowed = 5  # the window has passed
    assert process_message(services, ids[1], wait_for_earlier=0) == "done"
    assert services.queue.enqueued[-1] == ids[2]
    assert process_message(services, ids[2], wait_for_earlier=0) == "done"
    assert turn.answered == ["0", "1", "2"]
    assert [m.form["Body"][0] for m in standin.sent("/Messages.json")] == ["ok 0", "ok 1", "ok 2"]
    services.media_fetcher.close()
