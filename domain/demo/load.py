"""Load the demo shops into a database: create (or reset) each shop with its users, catalog (aliases,
opening stock), parties and opening capital, then book a generated history through the domain
services, a few weeks per transaction.

Resetting removes every row of the demo shop first (the demo's phones are unique across Munshi, so
its old users must go); other shops are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete

from domain.books import catalog, parties, shops, vouchers
from domain.books.types import JournalEntry, LineInput
from domain.demo.history import (
    OPENING_BANK,
    OPENING_CASH,
    Deposit,
    Expense,
    HistoryEvent,
    Line,
    PaymentIn,
    PaymentOut,
    Purchase,
    Sale,
    generate_history,
)
from domain.demo.shops import DEMO_SLUGS, DemoShop, demo_shop
from domain.errors import UnknownShop
from domain.gst import addresses
from domain.store.metadata import metadata
from domain.store.uow import SqlUnitOfWork

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

DAYS_PER_TRANSACTION = 30


@dataclass
class LoadReport:
    slug: str
    shop_id: int
    action: str  # "created" | "reset" | "kept"
    events: int = 0
    vouchers: dict[str, int] = field(default_factory=dict)


def purge_shop(uow: SqlUnitOfWork, shop_id: int) -> None:
    """Delete every row that belongs to the shop, children first, then the shop itself."""
    session = uow.session
    for table in reversed(metadata.sorted_tables):
        if table.name == "shops":
            continue
        if "shop_id" in table.c:
            session.execute(delete(table).where(table.c.shop_id == shop_id))
    shops_table = metadata.tables["shops"]
    session.execute(delete(shops_table).where(shops_table.c.id == shop_id))
    session.expunge_all()


def _create(uow: SqlUnitOfWork, shop: DemoShop, opening: date) -> tuple[int, dict[str, int]]:
    info, owner = shops.create_shop(
        uow, name=shop.name, slug=shop.slug, state_code=shop.state_code, owner_name=shop.owner.name,
        owner_phone=shop.owner.phone, gstin=shop.gstin, gst_scheme=shop.gst_scheme, language=shop.language,
        city=shop.city, upi_id=shop.upi_id, now=datetime.now(UTC),
    )
    if shop.address or shop.pincode:
        addresses.set_shop_address(uow, info.id, address=shop.address, pincode=shop.pincode)
    users = {"owner": owner.id}
    for person in shop.users[1:]:
        user = shops.add_user(uow, info.id, name=person.name, phone=person.phone, role=person.role)
        users.setdefault(person.role, user.id)
    vouchers.post_journal(
        uow, info.id, user_id=owner.id, on=opening, narration="opening capital",
        entries=[JournalEntry("cash", OPENING_CASH), JournalEntry("bank", OPENING_BANK),
                 JournalEntry("capital", -(OPENING_CASH + OPENING_BANK))],
    )
    for item in shop.items:
        catalog.add_item(
            uow, info.id, name=item.name, unit=item.unit, rate=item.rate, cost=item.cost, aliases=item.aliases,
            hsn=item.hsn, gst_rate=item.gst_rate, reorder_level=item.reorder_level, opening_qty=item.stock,
            sku=item.sku, on=opening, user_id=owner.id,
        )
    for party in shop.parties:
        parties.add_party(uow, info.id, name=party.name, kind=party.kind, phone=party.phone, gstin=party.gstin,
                          aliases=party.aliases)
    return info.id, users


def _lines(lines: Sequence[Line]) -> list[LineInput]:
    return [LineInput(item=li.item, qty=li.qty, unit=li.unit, rate=li.rate) for li in lines]


def apply_events(uow: SqlUnitOfWork, shop_id: int, users: dict[str, int], events: Iterable[HistoryEvent]) -> dict[str, int]:
    """Book the events through the domain services in this unit of work (no commit)."""
    owner = users["owner"]
    counter = users.get("staff", owner)
    books = users.get("accountant", owner)
    counts: dict[str, int] = {}
    for n, event in enumerate(events):
        if isinstance(event, Sale):
            user = counter if n % 3 == 0 else owner
            vouchers.post_sale(uow, shop_id, user_id=user, on=event.day, lines=_lines(event.lines),
                               party=event.party, payment=event.payment)
        elif isinstance(event, Purchase):
            vouchers.post_purchase(uow, shop_id, user_id=owner, on=event.day, lines=_lines(event.lines),
                                   party=event.party, payment=event.payment, invoice_no=event.invoice_no)
        elif isinstance(event, PaymentIn):
            vouchers.post_receipt(uow, shop_id, user_id=books, on=event.day, party=event.party,
                                  amount=event.amount, payment=event.payment)
        elif isinstance(event, PaymentOut):
            vouchers.post_payment(uow, shop_id, user_id=books, on=event.day, party=event.party,
                                  amount=event.amount, payment=event.payment)
        elif isinstance(event, Expense):
            vouchers.post_expense(uow, shop_id, user_id=books, on=event.day, amount=event.amount,
                                  category=event.category, payment=event.payment, note=event.note)
        elif isinstance(event, Deposit):
            vouchers.post_journal(uow, shop_id, user_id=owner, on=event.day, narration="cash deposited in bank",
                                  entries=[JournalEntry("bank", event.amount), JournalEntry("cash", -event.amount)])
        kind = type(event).__name__
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def load_demo_shop(
    session_factory: sessionmaker[Session],
    slug: str,
    *,
    today: date,
    days: int = 0,
    seed: int = 0,
    if_empty: bool = False,
) -> LoadReport:
    """Create or reset one demo shop; with `days`, book that many days of history ending yesterday."""
    shop = demo_shop(slug)
    end = today - timedelta(days=1)
    opening = end - timedelta(days=days) if days > 0 else today
    with SqlUnitOfWork(session_factory) as uow:
        try:
            existing = shops.find_shop_by_slug(uow, slug)
        except UnknownShop:
            existing = None
        if existing is not None and if_empty:
            return LoadReport(slug, existing.id, "kept")
        if existing is not None:
            purge_shop(uow, existing.id)
        shop_id, users = _create(uow, shop, opening)
        uow.commit()
    report = LoadReport(slug, shop_id, "reset" if existing is not None else "created")
    events = generate_history(shop, end=end, days=days, seed=seed) if days > 0 else []
    report.events = len(events)
    for chunk in _by_period(events, DAYS_PER_TRANSACTION):
        with SqlUnitOfWork(session_factory) as uow:
            for kind, n in apply_events(uow, shop_id, users, chunk).items():
                report.vouchers[kind] = report.vouchers.get(kind, 0) + n
            uow.commit()
    return report


def _by_period(events: list[HistoryEvent], days: int) -> Iterable[list[HistoryEvent]]:
    chunk: list[HistoryEvent] = []
    start: date | None = None
    for event in events:
        if start is None:
            start = event.day
        if (event.day - start).days >= days:
            yield chunk
            chunk, start = [], event.day
        chunk.append(event)
    if chunk:
        yield chunk


def load_demo(
    session_factory: sessionmaker[Session],
    *,
    today: date,
    days: int = 0,
    seed: int = 0,
    if_empty: bool = False,
    slugs: Sequence[str] = DEMO_SLUGS,
) -> list[LoadReport]:
    """Both demo shops (or `slugs`), each created or reset in turn."""
    return [load_demo_shop(session_factory, slug, today=today, days=days, seed=seed, if_empty=if_empty) for slug in slugs]
