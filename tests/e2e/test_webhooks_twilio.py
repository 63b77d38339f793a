"""End to end: a signed Twilio webhook through the ASGI app, the in-process worker, the real turn and
books, and the reply sent to a local Twilio stand-in — and a redelivery that changes nothing."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.runtime.queue import InProcessQueue
from bot.store import messaging as repo
from domain.demo.load import load_demo
from tests.integration.webhooks.standin import (
    PUBLIC_URL,
    TWILIO_SID,
    TWILIO_TOKEN,
    StandIn,
    meta_envelope,
    meta_signature,
    meta_text,
    twilio_form,
    twilio_signature,
)
from webhooks.app import create_app

OWNER = "+919415000001"  # Sharma Kirana's owner


@pytest.fixture
def app_parts(database_url, engine, session_factory, tmp_path):
    load_demo(session_factory, today=datetime.now(ZoneInfo("Asia/Kolkata")).date())
    with StandIn() as standin:
        settings = Settings(
            database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
            public_url=PUBLIC_URL, secret_key="e2e", twilio_account_sid=TWILIO_SID, twilio_auth_token=TWILIO_TOKEN,
            twilio_whatsapp_from="whatsapp:+14155238886", twilio_api_base=standin.url,
            meta_access_token="meta-token", meta_phone_number_id="1098765", meta_app_secret="meta-secret",
            meta_api_base=standin.url + "/v21.0",
        )
        queue = InProcessQueue(threads=2)
        services = build_services(settings, engine=engine, session_factory=session_factory, queue=queue,
                                  )
        with TestClient(create_app(services=services), base_url=PUBLIC_URL) as client:
            yield client, services, queue, standin
        services.queue.shutdown()
        services.media_fetcher.close()


def voucher_count(session_factory) -> int:
    with session_factory() as session:
        return session.execute(text("SELECT count(*) FROM vouchers WHERE source_message_id IS NOT NULL")).scalar_one()


def test_a_typed_credit_sale_on_whatsapp_is_booked_once_and_confirmed(app_parts, session_factory):
    client, services, queue, standin = app_parts
    form = twilio_form(phone=OWNER, body="2 kilo cheeni Ramesh ko udhaar")
    headers = {"X-Twilio-Signature": twilio_signature(PUBLIC_URL + "/webhooks/twilio", form)}
    assert client.post("/webhooks/twilio", data=form, headers=headers).status_code == 200
    assert queue.wait_idle(timeout=120)
    assert client.post("/webhooks/twilio", data=form, headers=headers).status_code == 200  # Twilio retries
    assert queue.wait_idle(timeout=120)

    replies = [r.form for r in standin.sent("/Messages.json")]
    assert len(replies) == 1
    assert replies[0]["To"] == [f"whatsapp:{OWNER}"]
    assert "Ramesh" in replies[0]["Body"][0]
    with session_factory() as session:
        [row] = [r for r in repo.outbound_for_inbox(session, 1)]
        assert row.status == "sent"
    assert voucher_count(session_factory) == 1


def test_a_meta_message_from_an_owner_is_answered_through_the_cloud_api(app_parts):
    client, services, queue, standin = app_parts
    body = meta_envelope([meta_text("cheeni ka stock?", sender=OWNER.lstrip("+"))])
    raw = json.dumps(body).encode()
    response = client.post("/webhooks/meta", content=raw, headers={"Content-Type": "application/json",
                                                                   "X-Hub-Signature-256": meta_signature(raw, "meta-secret")})
    assert response.status_code == 200
    assert queue.wait_idle(timeout=120)
    [sent] = standin.sent("/messages")
    assert sent.json["to"] == OWNER.lstrip("+") and sent.json["type"] == "text"
    assert sent.json["text"]["body"]
