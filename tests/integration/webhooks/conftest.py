"""Fixtures for the transport tests: the provider stand-in, services wired to it, and the ASGI app."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.conversation.messages import Reply
from tests.integration.webhooks.standin import (
    META_SECRET,
    META_TOKEN,
    META_VERIFY,
    PUBLIC_URL,
    TWILIO_SID,
    TWILIO_TOKEN,
    StandIn,
)
from webhooks.app import create_app


class RecordingQueue:
    """A queue that only remembers what was queued (the webhook tests run no worker)."""

    def __init__(self) -> None:
        self.enqueued: list[int] = []

    def start(self, services) -> None:
        return None

    def enqueue(self, inbox_id: int) -> None:
        self.enqueued.append(inbox_id)

    def shutdown(self, wait: bool = True) -> None:
        return None


class EchoTurn:
    """A turn that answers every message with its own text, and counts how often it ran per message."""

    def __init__(self, replies=None) -> None:
        self.calls: list[int] = []
        self.seen = []
        self.replies = replies
        self._lock = threading.Lock()

    def handle(self, inbound):
        with self._lock:
            self.calls.append(inbound.id)
            self.seen.append(inbound)
        if self.replies is not None:
            return self.replies(inbound)
        return [Reply(text=f"echo: {inbound.text}")]


@pytest.fixture
def standin():
    with StandIn() as server:
        yield server


@pytest.fixture
def wa_settings(database_url, tmp_path, standin) -> Settings:
    return Settings(
        database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
        public_url=PUBLIC_URL, secret_key="test-secret",
        twilio_account_sid=TWILIO_SID, twilio_auth_token=TWILIO_TOKEN, twilio_whatsapp_from="whatsapp:+14155238886",
        twilio_api_base=standin.url,
        meta_access_token=META_TOKEN, meta_phone_number_id="1098765", meta_app_secret=META_SECRET,
        meta_verify_token=META_VERIFY, meta_api_base=standin.url + "/v21.0",
        max_media_bytes=1024 * 1024, lease_seconds=30,
    )


@pytest.fixture
def turn() -> EchoTurn:
    return EchoTurn()


@pytest.fixture
def wa_services(wa_settings, engine, session_factory, turn):
    services = build_services(wa_settings, engine=engine, session_factory=session_factory,
                              queue=RecordingQueue(), turn=turn)
    yield services
    services.queue.shutdown()
    services.media_fetcher.close()


@pytest.fixture
def client(wa_services):
    app = create_app(services=wa_services)
    with TestClient(app, base_url=PUBLIC_URL) as test_client:
        yield test_client
