"""The chat simulator is a developer's tool: off unless asked, loopback only; production refuses weak keys."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.app.services import build_services
from bot.app.settings import InsecureSettings, Settings, check_production
from tests.integration.webhooks.conftest import RecordingQueue
from webhooks.app import create_app

LOOPBACK = ("127.0.0.1", 50000)
STRANGER = ("203.0.113.9", 50000)
SIM_PATHS = ("/", "/sim/users", "/static/chat.js")


def _client(sqlite_url, tmp_path, *, client, **settings):
    config = Settings(database_url=sqlite_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
                      **settings)
    services = build_services(config, queue=RecordingQueue())
    return TestClient(create_app(config, services), client=client), services


@pytest.mark.parametrize("path", SIM_PATHS)
def test_the_simulator_is_off_unless_dev_chat_is_set(sqlite_url, tmp_path, path):
    test_client, services = _client(sqlite_url, tmp_path, client=LOOPBACK)
    with test_client:
        assert test_client.get(path).status_code == 404
        assert test_client.post("/sim/messages", data={"from": "+919443000001", "text": "haan"}).status_code == 404
    services.close()


def test_the_simulator_answers_only_loopback_clients_even_with_dev_chat(sqlite_url, tmp_path):
    test_client, services = _client(sqlite_url, tmp_path, client=STRANGER, dev_chat=True)
    with test_client:
        assert test_client.get("/sim/users").status_code == 404
        assert test_client.post("/sim/messages", data={"from": "+919443000001",
                                                       "text": "Ravi ko manager banao +919999912345"}).status_code == 404
    services.close()


def test_a_proxied_request_is_not_a_local_one(sqlite_url, tmp_path):
    test_client, services = _client(sqlite_url, tmp_path, client=LOOPBACK, dev_chat=True)
    with test_client:
        assert test_client.get("/sim/users").status_code == 200
        assert test_client.get("/sim/users", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    services.close()


@pytest.mark.parametrize("overrides", [
    {"public_url": "https://munshi.example.in"},
    {"twilio_auth_token": "tok"},
    {"meta_app_secret": "s", "meta_access_token": "t"},
])
@pytest.mark.parametrize("key", ["change-me-in-production", "short-secret"])
def test_production_refuses_a_default_or_short_secret_key(overrides, key):
    with pytest.raises(InsecureSettings):
        check_production(Settings(secret_key=key, **overrides))


def test_production_accepts_a_long_random_key_and_development_the_default():
    check_production(Settings(public_url="https://munshi.example.in", secret_key="k" * 8 + "0123456789abcdef" * 2))
    check_production(Settings())  # http://localhost without providers is a developer's machine


def test_the_web_app_does_not_start_in_production_with_the_default_key(sqlite_url, tmp_path):
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path, public_url="https://munshi.example.in")
    with pytest.raises(InsecureSettings), TestClient(create_app(settings)):
        pass
