"""Fixtures for the cloud agent: a Converse stand-in over HTTP that the real boto3 client reaches
through AWS_ENDPOINT_URL_BEDROCK_RUNTIME (dummy credentials, no network), the demo shops, and
services built by the composition root with MUNSHI_AGENT set."""

from __future__ import annotations

import pytest

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.runtime.ratelimit import MemoryRateLimiter
from tests.integration.agents.converse_standin import ConverseStandIn
from tests.integration.bot.turn_fixtures import SHARMA_OWNER, FixedClock, message, seed_demo_shops


@pytest.fixture
def standin(monkeypatch):
    with ConverseStandIn() as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", server.url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        monkeypatch.delenv("AWS_PROFILE", raising=False)
        yield server


@pytest.fixture
def agent_services(database_url, engine, session_factory, tmp_path, standin):
    """Services of MUNSHI_AGENT=`mode` over the test database and the stand-in."""
    seed_demo_shops(session_factory)
    clock = FixedClock()
    built = []

    def make(mode: str = "bedrock", **settings_overrides):
        settings = Settings(database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media",
                            redis_url=None, agent=mode, bedrock_max_attempts=1, **settings_overrides)
        services = build_services(
            settings, engine=engine, session_factory=session_factory,
            rate_limiter=MemoryRateLimiter(1000, 60, clock=lambda: clock().timestamp()),
            clock=clock,
        )
        built.append(services)
        return services

    yield make
    for services in built:
        services.queue.shutdown(wait=False)
        services.media_fetcher.close()


def send(services, text: str, phone: str = SHARMA_OWNER) -> list[str]:
    return [reply.text for reply in services.turn.handle(message(text, phone)) if reply.text]
