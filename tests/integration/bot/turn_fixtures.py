"""Helpers for conversation tests: the demo people's phones, a fixed clock, the demo shops seeded
through the domain services, and inbound messages as the worker hands them to the turn."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from bot.conversation.messages import InboundMessage
from tests.databases import remember

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
    """Both demo shops with their catalogs, parties and users, as `munshi demo` creates them (once per
    backend; later tests get a copy of those rows: tests/databases.py)."""
    from domain.demo.load import load_demo

    remember(session_factory.kw["bind"], f"demo shops on {NOW.date()}",
             lambda: load_demo(session_factory, today=NOW.date()))


_ids = itertools.count(1)


def message(text: str, phone: str = SHARMA_OWNER, provider_id: str | None = None, **fields) -> InboundMessage:
    n = next(_ids)
    return InboundMessage(id=n, channel="web", provider_message_id=provider_id or f"test-{n}", from_phone=phone,
                          received_at=NOW, text=text, **fields)
