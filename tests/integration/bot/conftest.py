"""Fixtures for conversation tests: the demo shops in a migrated database, services built from
settings with a fixed clock and an in-process rate limiter, and a helper to send a message."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.messages import InboundMessage
from bot.ratelimit import MemoryRateLimiter
from bot.services import build_services
from bot.settings import Settings
from bot.turn import TurnHandler

SHARMA_OWNER = "+919415000001"
SHARMA_STAFF = "+919415000002"
MURUGAN_OWNER = "+919443000001"
NOW = datetime(2026, 11, 20, 5, 30, tzinfo=UTC)  # 11:00 in Lucknow


class FixedClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def seed_demo_shops(session_factory) -> None:
    """Both demo shops with their catalogs, parties and users, through the domain services."""
    from domain.demo.shops import demo_shops
    from domain.services.catalog import add_item
    from domain.services.parties import add_party
    from domain.services.shops import add_user, create_shop
    from domain.store.uow import SqlUnitOfWork

    for demo in demo_shops():
        with SqlUnitOfWork(session_factory) as uow:
            shop, _owner = create_shop(
                uow, name=demo.name, slug=demo.slug, state_code=demo.state_code, owner_name=demo.owner.name,
                owner_phone=demo.owner.phone, gstin=demo.gstin, gst_scheme=demo.gst_scheme, language=demo.language,
                city=demo.city, upi_id=demo.upi_id, now=NOW,
            )
            for user in demo.users[1:]:
                add_user(uow, shop.id, name=user.name, phone=user.phone, role=user.role, language=demo.language)
            for item in demo.items:
                add_item(uow, shop.id, name=item.name, unit=item.unit, rate=item.rate, cost=item.cost,
                         aliases=item.aliases, hsn=item.hsn, gst_rate=item.gst_rate,
                         reorder_level=item.reorder_level, opening_qty=item.stock)
            for party in demo.parties:
                add_party(uow, shop.id, name=party.name, kind=party.kind, phone=party.phone, gstin=party.gstin,
                          aliases=party.aliases)
            uow.commit()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def make_services(database_url, engine, session_factory, tmp_path, clock):
    """Services over the test database; keyword arguments override settings or adapters."""
    built = []

    def make(agent=None, rate_limiter=None, cache=None, **settings_overrides):
        settings = Settings(database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media",
                            redis_url=None, **settings_overrides)
        services = build_services(
            settings, engine=engine, session_factory=session_factory,
            rate_limiter=rate_limiter or MemoryRateLimiter(1000, 60, clock=lambda: clock().timestamp()),
            turn=TurnHandler(clock=clock), **({"cache": cache} if cache is not None else {}),
        )
        services.agent = agent
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


_ids = itertools.count(1)


def message(text: str, phone: str = SHARMA_OWNER, provider_id: str | None = None, **fields) -> InboundMessage:
    n = next(_ids)
    return InboundMessage(id=n, channel="web", provider_message_id=provider_id or f"test-{n}", from_phone=phone,
                          received_at=NOW, text=text, **fields)


@pytest.fixture
def say(services):
    """Send text as a phone through the turn; the replies' texts."""

    def send(text: str, phone: str = SHARMA_OWNER, **fields) -> list[str]:
        return [reply.text for reply in services.turn.handle(services, message(text, phone, **fields))]

    return send
