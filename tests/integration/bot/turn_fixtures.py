"""Helpers for conversation tests: the demo people's phones, a fixed clock, the demo shops seeded
through the domain services, and inbound messages as the worker hands them to the turn."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from bot.messages import InboundMessage

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
                         reorder_level=item.reorder_level, opening_qty=item.stock, on=NOW.date())
            for party in demo.parties:
                add_party(uow, shop.id, name=party.name, kind=party.kind, phone=party.phone, gstin=party.gstin,
                          aliases=party.aliases)
            uow.commit()


_ids = itertools.count(1)


def message(text: str, phone: str = SHARMA_OWNER, provider_id: str | None = None, **fields) -> InboundMessage:
    n = next(_ids)
    return InboundMessage(id=n, channel="web", provider_message_id=provider_id or f"test-{n}", from_phone=phone,
                          received_at=NOW, text=text, **fields)
