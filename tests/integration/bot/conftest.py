"""Fixtures for conversation tests: the demo shops in a migrated database, services built from
settings with a fixed clock and an in-process rate limiter, and a helper to send a message."""

from __future__ import annotations

import pytest

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.runtime.ratelimit import MemoryRateLimiter
from tests.integration.bot.turn_fixtures import SHARMA_OWNER, FixedClock, message, seed_demo_shops


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def make_services(database_url, engine, session_factory, tmp_path, clock):
    """Services over the test database; keyword arguments override settings or adapters."""
    built = []

    def make(agent=None, rate_limiter=None, cache=None, stt=None, ocr=None, **settings_overrides):
        settings = Settings(database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media",
                            redis_url=None, **settings_overrides)
        services = build_services(
            settings, engine=engine, session_factory=session_factory,
            rate_limiter=rate_limiter or MemoryRateLimiter(1000, 60, clock=lambda: clock().timestamp()),
            clock=clock, agent=agent, stt=stt, ocr=ocr, **({"cache": cache} if cache is not None else {}),
        )
        built.append(services)
        return services

    yield make
    for services in built:
        services.queue.shutdown(wait=False)
        services.media_fetcher.close()


@pytest.fixture
def demo_db(session_factory):
    seed_demo_shops(session_factory)
    return session_factory


@pytest.fixture
def services(make_services, demo_db):
    return make_services()


@pytest.fixture
def say(services):
    """Send text as a phone through the turn; the replies' texts."""

    def send(text: str, phone: str = SHARMA_OWNER, **fields) -> list[str]:
        return [reply.text for reply in services.turn.handle(message(text, phone, **fields))]

    return send
