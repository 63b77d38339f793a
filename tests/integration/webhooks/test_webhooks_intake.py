"""Signed webhooks through the ASGI app: stored once, queued once, forgeries refused and nothing stored."""

from __future__ import annotations

import json
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.app.services import build_services
from bot.store import messaging as repo
from tests.integration.webhooks.conftest import RecordingQueue
from tests.integration.webhooks.standin import (
    META_VERIFY,
    PUBLIC_URL,
    meta_envelope,
    meta_signature,
    meta_text,
    twilio_form,
    twilio_signature,
)
from webhooks.app import create_app

TWILIO_URL = PUBLIC_URL + "/webhooks/twilio"


def inbox_rows(session_factory):
    with session_factory() as session:
        return list(session.scalars(select(repo.InboxMessage).order_by(repo.InboxMessage.id)))


def post_twilio(client, form: dict, *, url: str = TWILIO_URL, signature: str | None = None, path="/webhooks/twilio"):
    headers = {"X-Twilio-Signature": signature if signature is not None else twilio_signature(url, form)}
    return client.post(path, data=form, headers=headers)


def post_meta(client, payload: dict, *, signature: str | None = None):
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json",
               "X-Hub-Signature-256": signature if signature is not None else meta_signature(body)}
    return client.post("/webhooks/meta", content=body, headers=headers)


def test_signed_twilio_message_is_stored_queued_and_answered_with_empty_twiml(client, wa_services, session_factory):
    form = twilio_form(body="2 kilo cheeni Ramesh ko udhaar")
    response = post_twilio(client, form)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text.endswith("<Response/>")
    [row] = inbox_rows(session_factory)
    assert (row.channel, row.provider_message_id, row.from_phone) == ("twilio", form["MessageSid"], "+919812343210")
    assert row.text == "2 kilo cheeni Ramesh ko udhaar" and row.status == "received"
    assert row.raw["WaId"] == "919812343210"
    assert wa_services.queue.enqueued == [row.id]


def test_redelivered_twilio_message_is_stored_and_queued_once(client, wa_services, session_factory):
    form = twilio_form(body="namaste")
    assert post_twilio(client, form).status_code == 200
    assert post_twilio(client, form).status_code == 200
    assert len(inbox_rows(session_factory)) == 1
    assert len(wa_services.queue.enqueued) == 1


def test_voice_note_with_blank_body_and_unicode_profile_validates(client, session_factory):
    form = twilio_form(body="", NumMedia="1", MediaContentType0="audio/ogg",
                       MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
                       ProfileName="श्री गणेश किराना", SomeFieldTwilioAddedLater="x")
    assert post_twilio(client, form).status_code == 200
    [row] = inbox_rows(session_factory)
    assert row.text == "" and row.media[0]["content_type"] == "audio/ogg"


def test_unsigned_forged_and_tampered_twilio_requests_are_refused_and_nothing_is_stored(client, wa_services,
                                                                                        session_factory):
    form = twilio_form(body="5000 ki bikri")
    good = twilio_signature(TWILIO_URL, form)
    assert client.post("/webhooks/twilio", data=form).status_code == 403
    assert post_twilio(client, form, signature="").status_code == 403
    assert post_twilio(client, form, signature=twilio_signature(TWILIO_URL, form, token="wrong")).status_code == 403
    tampered = {**form, "Body": "50000 ki bikri"}
    assert post_twilio(client, tampered, signature=good).status_code == 403
    assert inbox_rows(session_factory) == []
    assert wa_services.queue.enqueued == []


def test_signed_but_malformed_twilio_form_gets_400_and_nothing_is_stored(client, session_factory):
    form = twilio_form(body="hi", From="whatsapp:not-a-number")
    assert post_twilio(client, form).status_code == 400
    assert inbox_rows(session_factory) == []


def test_signature_holds_behind_a_proxy_through_the_public_url(wa_services, session_factory):
    """The app is reached at http://internal:8000 but Twilio signed the public https URL."""
    app = create_app(services=wa_services)
    with TestClient(app, base_url="http://internal:8000") as internal:
        form = twilio_form(body="behind the proxy")
        naive = twilio_signature("http://internal:8000/webhooks/twilio", form)
        assert post_twilio(internal, form, signature=naive).status_code == 403
        assert post_twilio(internal, form).status_code == 200  # signed over PUBLIC_URL + path
    assert [row.text for row in inbox_rows(session_factory)] == ["behind the proxy"]


def test_query_string_takes_part_in_the_signed_url(client, session_factory):
    form = twilio_form(body="with query")
    url = TWILIO_URL + "?shop=sharma"
    response = client.post("/webhooks/twilio?shop=sharma", data=form,
                           headers={"X-Twilio-Signature": twilio_signature(url, form)})
    assert response.status_code == 200
    bad = client.post("/webhooks/twilio?shop=other", data=twilio_form(body="x"),
                      headers={"X-Twilio-Signature": twilio_signature(url, form)})
    assert bad.status_code == 403


def test_twilio_status_callbacks_move_the_outbox_row_forward_only(client, session_factory):
    with session_factory() as session:
        outbox_id = repo.add_outbound(session, inbox_id=None, seq=0, dedupe_key="t:1", channel="twilio",
                                      to_phone="+919812343210", body="hi")
        repo.mark_sent(session, outbox_id, "SM" + "b" * 32)
        session.commit()

    def status(value: str, **extra):
        form = {"MessageSid": "SM" + "b" * 32, "MessageStatus": value, "SmsStatus": value,
                "AccountSid": "AC", "To": "whatsapp:+919812343210", **extra}
        url = PUBLIC_URL + "/webhooks/twilio/status"
        return post_twilio(client, form, url=url, path="/webhooks/twilio/status")

    assert status("read").status_code == 200
    assert status("delivered").status_code == 200  # late and out of order: ignored
    assert status("failed", ErrorCode="30008").status_code == 200  # after read: ignored
    with session_factory() as session:
        row = session.get(repo.OutboxMessage, outbox_id)
        assert row.status == "read" and row.error_code is None


def test_meta_hub_challenge_is_echoed_only_for_subscribe_with_the_right_token(client):
    ok = client.get("/webhooks/meta", params={"hub.mode": "subscribe", "hub.verify_token": META_VERIFY,
                                              "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong_token = client.get("/webhooks/meta", params={"hub.mode": "subscribe", "hub.verify_token": "guess",
                                                       "hub.challenge": "1"})
    wrong_mode = client.get("/webhooks/meta", params={"hub.mode": "unsubscribe", "hub.verify_token": META_VERIFY,
                                                      "hub.challenge": "1"})
    assert wrong_token.status_code == 403 and wrong_mode.status_code == 403


def test_signed_meta_batch_stores_every_message_once(client, wa_services, session_factory):
    first, second = meta_text("namaste"), meta_text("चीनी का स्टॉक?")
    payload = meta_envelope([first, second])
    assert post_meta(client, payload).status_code == 200
    assert post_meta(client, payload).status_code == 200  # redelivery
    rows = inbox_rows(session_factory)
    assert [(r.channel, r.provider_message_id, r.text) for r in rows] == [
        ("meta", first["id"], "namaste"), ("meta", second["id"], "चीनी का स्टॉक?")]
    assert rows[0].from_phone == "+919812343210" and rows[0].profile_name == "Ramesh"
    assert wa_services.queue.enqueued == [rows[0].id, rows[1].id]


def test_meta_forged_or_unsigned_posts_are_refused_and_nothing_is_stored(client, wa_services, session_factory):
    payload = meta_envelope([meta_text("hi")])
    body = json.dumps(payload).encode()
    assert client.post("/webhooks/meta", content=body, headers={"Content-Type": "application/json"}).status_code == 403
    assert post_meta(client, payload, signature=meta_signature(body, secret="forged")).status_code == 403
    # signed over other bytes (re-serialised JSON does not match)
    assert post_meta(client, payload, signature=meta_signature(json.dumps(payload, indent=1).encode())).status_code == 403
    assert inbox_rows(session_factory) == [] and wa_services.queue.enqueued == []


def test_meta_signed_garbage_gets_400(client, session_factory):
    body = b"not json"
    response = client.post("/webhooks/meta", content=body,
                           headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(body)})
    assert response.status_code == 400
    assert inbox_rows(session_factory) == []


def test_meta_status_only_payload_creates_no_turn_and_updates_the_outbox(client, wa_services, session_factory):
    with session_factory() as session:
        outbox_id = repo.add_outbound(session, inbox_id=None, seq=0, dedupe_key="m:1", channel="meta",
                                      to_phone="+919812343210", body="hi")
        repo.mark_sent(session, outbox_id, "wamid.OUT1")
        session.commit()
    status = {"id": "wamid.OUT1", "status": "failed", "recipient_id": "919812343210", "timestamp": "1",
              "errors": [{"code": 131047, "title": "Re-engagement message"}]}
    assert post_meta(client, meta_envelope(statuses=[status])).status_code == 200
    assert inbox_rows(session_factory) == [] and wa_services.queue.enqueued == []
    with session_factory() as session:
        row = session.get(repo.OutboxMessage, outbox_id)
        assert (row.status, row.error_code) == ("failed", "131047")


def test_window_opens_with_each_inbound_message_the_worker_takes(client, wa_services, session_factory):
    from bot.runtime.worker import process_message

    post_twilio(client, twilio_form(body="hi"))
    process_message(wa_services, wa_services.queue.enqueued[-1])
    with session_factory() as session:
        assert repo.last_inbound_at(session, "twilio", "+919812343210") is not None
        assert repo.last_inbound_at(session, "twilio", "+919800000000") is None


def test_health_answers_200_with_a_database_and_503_without(client, wa_settings, tmp_path):
    assert client.get("/health").status_code == 200
    from domain.store.db import make_engine, make_session_factory

    dead_engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    dead = build_services(wa_settings, engine=dead_engine, session_factory=make_session_factory(dead_engine),
                          queue=RecordingQueue(), turn=object())
    with TestClient(create_app(services=dead)) as broken:
        assert broken.get("/health").status_code == 503
    dead_engine.dispose()


def test_metrics_count_messages_in_and_refused_webhooks(client):
    post_twilio(client, twilio_form(body="metrics"))
    client.post("/webhooks/twilio", data=twilio_form(body="unsigned"))
    text = client.get("/metrics").text
    assert 'munshi_messages_in_total{channel="twilio",kind="text"}' in text
    assert 'munshi_webhooks_rejected_total{channel="twilio",reason="unsigned"}' in text
    assert "munshi_queue_depth" in text and "munshi_turn_seconds_bucket" in text


def test_metrics_time_each_turn_the_worker_runs(client, wa_services):
    from prometheus_client import REGISTRY

    from bot.runtime.worker import process_message

    before = REGISTRY.get_sample_value("munshi_turn_seconds_count") or 0
    post_twilio(client, twilio_form(body="timed"))
    process_message(wa_services, wa_services.queue.enqueued[-1])
    assert REGISTRY.get_sample_value("munshi_turn_seconds_count") == before + 1
    assert 'munshi_messages_out_total{channel="twilio",kind="text"}' in client.get("/metrics").text


def test_media_links_serve_stored_bytes_with_their_type_and_refuse_forgeries(client, wa_services):
    key = wa_services.media_store.put(b"OggS voice", "audio/ogg")
    url = wa_services.media_signer.url(key)
    assert url.startswith(PUBLIC_URL + "/media/")
    response = client.get(url.removeprefix(PUBLIC_URL))
    assert response.status_code == 200 and response.content == b"OggS voice"
    assert response.headers["content-type"] == "audio/ogg"
    assert client.head(url.removeprefix(PUBLIC_URL)).status_code == 200
    assert client.get("/media/" + uuid.uuid4().hex).status_code == 404
    assert client.get(url.removeprefix(PUBLIC_URL)[:-3] + "abc").status_code == 404



def test_a_reply_failed_for_the_closed_window_is_sent_again_once_as_the_template(wa_settings, engine, session_factory,
                                                                                 standin):
    settings = wa_settings.model_copy(update={"reengage_template": "reengage",
                                              "twilio_templates": {"reengage": "HX" + "e" * 32}})
    services = build_services(settings, engine=engine, session_factory=session_factory, queue=RecordingQueue(),
                              turn=object())
    with session_factory() as session:
        outbox_id = repo.add_outbound(session, inbox_id=None, seq=0, dedupe_key="t:9", channel="twilio",
                                      to_phone="+919812343210", body="Ramesh ke ₹500 baaki")
        repo.mark_sent(session, outbox_id, "SM" + "f" * 32)
        session.commit()
    form = {"MessageSid": "SM" + "f" * 32, "MessageStatus": "undelivered", "SmsStatus": "undelivered",
            "ErrorCode": "63016", "To": "whatsapp:+919812343210"}
    url = PUBLIC_URL + "/webhooks/twilio/status"
    with TestClient(create_app(services=services), base_url=PUBLIC_URL) as client:
        for _ in range(2):  # Twilio may call twice
            assert post_twilio(client, form, url=url, path="/webhooks/twilio/status").status_code == 200
    [resent] = standin.sent("/Messages.json")
    assert resent.form["ContentSid"] == ["HX" + "e" * 32]
    assert json.loads(resent.form["ContentVariables"][0]) == {"1": "Ramesh ke ₹500 baaki"}
    services.media_fetcher.close()


def test_oversized_webhooks_are_refused_before_they_are_read(client, session_factory):
    big = b"x" * (1024 * 1024 + 1)
    assert client.post("/webhooks/meta", content=big, headers={"Content-Type": "application/json",
                                                                 "X-Hub-Signature-256": meta_signature(big)}).status_code == 413
    assert client.post("/webhooks/twilio", content=big,
                       headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 413
    assert inbox_rows(session_factory) == []


def test_a_broker_outage_still_stores_the_message_and_answers_200(client, wa_services, session_factory):
    class DownQueue(RecordingQueue):
        def enqueue(self, inbox_id: int) -> None:
            raise ConnectionError("redis is down")

    wa_services.queue = DownQueue()
    assert post_twilio(client, twilio_form(body="while the broker is down")).status_code == 200
    [row] = inbox_rows(session_factory)
    assert row.status == "received"  # the sweep queues it once the broker is back


def test_webhook_still_stores_the_message_after_the_database_closed_its_pooled_connection(
        client, wa_services, session_factory, engine):
    from sqlalchemy import text


    if engine.dialect.name != "postgresql":
        pytest.skip("the intake's own pool (no ping per checkout) exists on PostgreSQL")
    assert post_twilio(client, twilio_form(body="pehla")).status_code == 200
    with wa_services.intake_engine.connect() as pooled:
        pid = pooled.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with engine.connect() as admin:
        assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    second = twilio_form(body="doosra")
    assert post_twilio(client, second).status_code == 200
    assert [row.text for row in inbox_rows(session_factory)] == ["pehla", "doosra"]
    assert len(wa_services.queue.enqueued) == 2
