"""Two small shops on one database, built through the domain services, with a little trading each.

Shop A (Lucknow, regular GST) and shop B (Madurai, composition) share an item name (Sugar) at
different prices and each has names the other lacks (B: Filter Coffee, Lakshmi, Pandian Traders),
so a leak between them shows. Built once per backend, then copied (tests/databases.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain.books import catalog, parties, shops
from domain.store.models import Voucher
from domain.store.uow import SqlUnitOfWork
from tests.databases import remember
from tools import ToolContext, run_tool

TODAY = date(2026, 11, 20)


@dataclass
class Shop:
    id: int
    slug: str
    users: dict[str, int] = field(default_factory=dict)  # role -> user id
    phones: dict[str, str] = field(default_factory=dict)  # role -> phone


@dataclass
class Books:
    session_factory: object
    a: Shop
    b: Shop

    def ctx(self, shop: Shop, role: str = "owner", message_id: str | None = None) -> ToolContext:
        return ToolContext(shop_id=shop.id, user_id=shop.users[role], role=role, today=TODAY,
                           message_id=message_id)

    def run(self, shop: Shop, tool: str, args: dict | None = None, *, role: str = "owner",
            message_id: str | None = None, dry_run: bool = False):
        return run_tool(self.session_factory, self.ctx(shop, role, message_id), tool, args or {}, dry_run=dry_run)

    def ok(self, shop: Shop, tool: str, args: dict | None = None, **kw):
        outcome = self.run(shop, tool, args, **kw)
        assert outcome.ok, outcome.error
        return outcome

    def voucher_count(self, shop: Shop | None = None) -> int:
        with SqlUnitOfWork(self.session_factory) as uow:
            query = select(func.count()).select_from(Voucher)
            if shop is not None:
                query = query.where(Voucher.shop_id == shop.id)
            return uow.session.scalar(query)


def _shop(uow, slug, name, state, gstin, scheme, owner_phone, staff, items, people) -> Shop:
    info, owner = shops.create_shop(uow, name=name, slug=slug, state_code=state, owner_name="Owner " + slug,
                                    owner_phone=owner_phone, gstin=gstin, gst_scheme=scheme,
                                    upi_id=f"{slug}@upi", city="Town")
    shop = Shop(info.id, slug, {"owner": owner.id}, {"owner": owner.phone})
    for role, phone in staff.items():
        user = shops.add_user(uow, info.id, name=f"{role} of {slug}", phone=phone, role=role)
        shop.users[role], shop.phones[role] = user.id, user.phone
    for name_, unit, rate, cost, gst, stock, reorder, aliases in items:
        catalog.add_item(uow, info.id, name=name_, unit=unit, rate=Decimal(rate), cost=Decimal(cost),
                         gst_rate=Decimal(gst), opening_qty=Decimal(stock), reorder_level=Decimal(reorder),
                         aliases=aliases, hsn="1701", on=date(2026, 11, 1), user_id=owner.id)
    for name_, kind, phone, aliases in people:
        parties.add_party(uow, info.id, name=name_, kind=kind, phone=phone, aliases=aliases)
    return shop


@pytest.fixture
def books(session_factory) -> Books:
    a, b = remember(session_factory.kw["bind"], "two small shops", lambda: _two_shops(session_factory))
    return Books(session_factory, a, b)


def _two_shops(session_factory) -> tuple[Shop, Shop]:
    with SqlUnitOfWork(session_factory) as uow:
        a = _shop(
            uow, "alpha-kirana", "Alpha Kirana", "09", "09AAKFS4521M1ZR", "regular", "+919000000001",
            {"manager": "+919000000002", "accountant": "+919000000003", "staff": "+919000000004"},
            [("Sugar", "kg", "44", "40", "5", "100", "10", ["cheeni"]),
             ("Rice", "kg", "52", "46", "0", "200", "20", ["chawal"]),
             ("Lux Soap", "pc", "38", "33", "18", "5", "10", ["sabun"])],
            [("Ramesh Kumar", "customer", "+919100000001", ["ramesh"]),
             ("Gupta Traders", "supplier", "+919100000002", ["gupta"])],
        )
        b = _shop(
            uow, "beta-stores", "Beta Stores", "33", "33AABFM7812Q1ZZ", "composition", "+919800000001",
            {"staff": "+919800000002"},
            [("Filter Coffee", "kg", "600", "520", "5", "20", "30", ["kaapi"]),
             ("Sugar", "kg", "50", "41", "5", "80", "10", ["sakkarai"])],
            [("Lakshmi", "customer", "+919800100001", ["lakshmi akka"]),
             ("Pandian Traders", "supplier", "+919800100002", ["pandian"])],
        )
        uow.commit()
    books = Books(session_factory, a, b)
    books.ok(a, "record_sale", {"items": [{"item": "Sugar", "qty": 2, "unit": "kg"}], "party": "Ramesh Kumar",
                                "payment": "credit"})
    books.ok(a, "record_expense", {"amount": 50, "category": "tea_snacks"})
    books.ok(a, "record_purchase", {"items": [{"item": "Rice", "qty": 10, "unit": "kg", "rate": 46}],
                                    "party": "Gupta Traders", "payment": "credit", "invoice_no": "GT-1"})
    books.ok(b, "record_sale", {"items": [{"item": "Filter Coffee", "qty": 1, "unit": "kg"}], "party": "Lakshmi",
                                "payment": "credit"})
    books.ok(b, "record_sale", {"items": [{"item": "Sugar", "qty": 5, "unit": "kg"}], "payment": "upi"})
    books.ok(b, "record_expense", {"amount": 5000, "category": "rent", "payment": "bank"})
    books.ok(b, "record_purchase", {"items": [{"item": "Filter Coffee", "qty": 5, "unit": "kg"}],
                                    "party": "Pandian Traders", "payment": "credit", "invoice_no": "P-9"})
    return a, b
