"""The chat simulator's API through the ASGI app: a message goes through inbox, worker, turn, outbox
and the web channel (a fake with a `sent` list), and its replies come back in the response."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.runtime.ratelimit import MemoryRateLimiter
from bot.store import messaging as repo
from locales import translator
from tests.integration.bot.turn_fixtures import seed_demo_shops
from webhooks.app import create_app

NOW = datetime(2026, 11, 20, 5, 30, tzinfo=UTC)


class FakeWebChannel:
    """The web channel's shape, keeping what was sent."""

    name = "web"
    max_text = 4096
    has_window = False

    def __init__(self) -> None:
        self.sent = []

    def has_template(self, name: str) -> bool:
        return True

    def send(self, message) -> str:
        self.sent.append(message)
        return f"web-sent-{len(self.sent)}"


@pytest.fixture
def channel():
    return FakeWebChannel()


@pytest.fixture
def client(database_url, engine, session_factory, tmp_path, channel):
    seed_demo_shops(session_factory)
    settings = Settings(database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
                        public_url="http://testserver", dev_chat=True)
    services = build_services(settings, engine=engine, session_factory=session_factory,
                              channels={"web": channel}, rate_limiter=MemoryRateLimiter(1000),
                              clock=lambda: NOW)
    with TestClient(create_app(settings, services), client=("127.0.0.1", 50000)) as client:
        client.services = services
        yield client
    services.queue.shutdown(wait=False)
    services.media_fetcher.close()


def test_the_demo_users_are_listed_with_shop_role_and_language(client):
    users = client.get("/sim/users").json()
    by_phone = {u["phone"]: u for u in users}
    assert by_phone["+919415000001"] == {
        "phone": "+919415000001", "name": "Rajesh Sharma", "role": "owner", "shop": "Sharma Kirana Store",
        "shop_slug": "sharma-kirana", "language": "hi", "language_name": "हिन्दी"}
    assert by_phone["+919443000002"]["role"] == "staff"
    assert by_phone["+919443000002"]["shop"] == "Murugan Stores"
    assert len(users) == 5


def test_a_message_runs_the_whole_pipeline_and_answers_the_replies(client, channel, session_factory):
    response = client.post("/sim/messages", data={"from": "+919415000001", "text": "2 kilo cheeni Ramesh ko udhaar"})
    assert response.status_code == 200
    replies = response.json()["replies"]
    assert response.json()["shop"] == "Sharma Kirana Store"
    assert len(replies) == 1
    assert "Ramesh Kumar" in replies[0]["text"] and "₹88" in replies[0]["text"]
    assert translator("hi", romanized=True)("undo.hint") in replies[0]["text"]
    assert [m.text for m in channel.sent] == [replies[0]["text"]]
    with session_factory() as session:
        rows = session.query(repo.InboxMessage).all()
        assert [(r.channel, r.status) for r in rows] == [("web", "done")]


def test_a_photo_is_stored_and_handed_to_the_turn_as_media(client):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), "white").save(buffer, format="PNG")
    data = buffer.getvalue()
    response = client.post("/sim/messages", data={"from": "+919415000001", "text": ""},
                           files={"file": ("bill.png", data, "image/png")})
    assert response.status_code == 200
    assert response.json()["replies"], "a photo always gets an answer (a draft, or why it could not be read)"


def test_an_empty_message_is_refused(client):
    assert client.post("/sim/messages", data={"from": "+919415000001", "text": " "}).status_code == 422


def test_a_malformed_phone_is_refused(client):
    assert client.post("/sim/messages", data={"from": "ramesh", "text": "hi"}).status_code == 422


# GET and HEAD of /media/{token} share one function, which FastAPI reports while building the schema.
@pytest.mark.filterwarnings("ignore:Duplicate Operation ID:UserWarning")
def test_the_api_is_documented_with_its_response_models(client):
    schema = client.get("/openapi.json").json()
    post = schema["paths"]["/sim/messages"]["post"]
    assert "multipart/form-data" in post["requestBody"]["content"]
    assert post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SimReplies")
    assert "SimUser" in schema["components"]["schemas"]


def test_the_chat_page_and_its_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/static/chat.js" in page.text
    assert client.get("/static/chat.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/chat.css").status_code == 200
    assert client.get("/static/..%2Fsim.py").status_code == 404


def test_a_message_a_background_worker_took_first_is_still_answered(client):
    from bot.runtime.simulator import submit
    from bot.runtime.worker import LeaseHeld, process_message

    def worker_got_there_first(services, inbox_id):
        process_message(services, inbox_id)  # the background worker answers it ...
        raise LeaseHeld(inbox_id, 1.0)  # ... and the page's own attempt finds it held

    replies = submit(client.services, "+919415000001", "aaj ki bikri", process=worker_got_there_first)
    assert len(replies) == 1 and replies[0]["text"]


def test_a_nul_byte_in_a_chat_message_is_not_a_server_error(client):
    response = client.post("/sim/messages", data={"from": "+919443000001", "text": "aaj ki\x00 bikri"})
    assert response.status_code == 200 and response.json()["replies"]
