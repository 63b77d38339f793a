"""Concurrent writers queue up — on row locks in PostgreSQL, on the write lock in SQLite: no lost
stock update, no repeated voucher number, one voucher per message."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal as D

from sqlalchemy import select

from domain.books import catalog, reports, shops, vouchers
from domain.books.types import LineInput
from domain.store.db import make_engine, make_session_factory
from domain.store.models import StockMove, Voucher
from domain.store.uow import SqlUnitOfWork

SALES_PER_WRITER = 15


def _engine(url: str):
    return make_engine(url, pool_size=4) if url.startswith("postgresql") else make_engine(url)


def test_concurrent_sales_and_purchases_of_one_item_serialise(database_url):
    engine = _engine(database_url)
    factory = make_session_factory(engine)
    with SqlUnitOfWork(factory) as uow:
        shop, owner = shops.create_shop(uow, name="Busy", slug="busy", state_code="09", owner_name="O",
                                        owner_phone="+919400000001")
        catalog.add_item(uow, shop.id, name="Sugar", unit="kg", rate=D(44), cost=D(40), gst_rate=D(5),
                         opening_qty=D(100), on=date(2026, 11, 1))
        uow.commit()
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def seller() -> None:
        try:
            start.wait()
            for _ in range(SALES_PER_WRITER):
                with SqlUnitOfWork(factory) as uow:
                    vouchers.post_sale(uow, shop.id, user_id=owner.id, on=date(2026, 11, 2),
                                       lines=[LineInput("Sugar", D(1))])
                    uow.commit()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    def buyer() -> None:
        try:
            start.wait()
            for _ in range(SALES_PER_WRITER):
                with SqlUnitOfWork(factory) as uow:
                    vouchers.post_purchase(uow, shop.id, user_id=owner.id, on=date(2026, 11, 2),
                                           lines=[LineInput("Sugar", D(2), rate=D(42))])
                    uow.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=seller), threading.Thread(target=seller), threading.Thread(target=buyer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with SqlUnitOfWork(factory) as uow:
        [sugar] = reports.stock_summary(uow, shop.id).lines
        # 100 + 15 x 2 bought - 2 x 15 x 1 sold
        assert sugar.qty == D(100)
        moves = uow.session.scalars(select(StockMove).where(StockMove.shop_id == shop.id)).all()
        assert sum(m.qty_milli for m in moves) == 100_000
        assert sum(m.value_paise for m in moves) == sugar.value.paise
        numbers = uow.session.scalars(
            select(Voucher.number).where(Voucher.shop_id == shop.id, Voucher.type == "sale")
        ).all()
        assert sorted(numbers) == [f"SL/26-27/{n:04d}" for n in range(1, 2 * SALES_PER_WRITER + 1)]
    engine.dispose()


def test_one_message_delivered_twice_at_once_posts_one_voucher(database_url):
    from domain.errors import DuplicateMessage

    engine = _engine(database_url)
    factory = make_session_factory(engine)
    with SqlUnitOfWork(factory) as uow:
        shop, owner = shops.create_shop(uow, name="Twice", slug="twice", state_code="09", owner_name="O",
                                        owner_phone="+919400000002")
        uow.commit()
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def deliver() -> None:
        start.wait()
        try:
            with SqlUnitOfWork(factory) as uow:
                vouchers.post_sale(uow, shop.id, user_id=owner.id, on=date(2026, 11, 2), amount=D(100),
                                   source_message_id="SM-same")
                uow.commit()
            outcomes.append("posted")
        except DuplicateMessage:
            outcomes.append("duplicate")

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["duplicate", "duplicate", "duplicate", "posted"]
    with SqlUnitOfWork(factory) as uow:
        assert reports.sales_summary(uow, shop.id, reports.Period(date(2026, 11, 1), date(2026, 11, 30))).count == 1
    engine.dispose()


def test_one_supplier_bill_confirmed_twice_at_once_is_booked_once(database_url):
    from domain.books import parties
    from domain.errors import DuplicateInvoice

    engine = _engine(database_url)
    factory = make_session_factory(engine)
    with SqlUnitOfWork(factory) as uow:
        shop, owner = shops.create_shop(uow, name="Bills", slug="bills", state_code="09", owner_name="O",
                                        owner_phone="+919400000003")
        parties.add_party(uow, shop.id, name="Gupta Traders", kind="supplier")
        uow.commit()
    outcomes: list[str] = []
    start = threading.Barrier(3)

    def confirm(message_id: str) -> None:
        start.wait()
        try:
            with SqlUnitOfWork(factory) as uow:
                vouchers.post_purchase(uow, shop.id, user_id=owner.id, on=date(2026, 11, 2), amount=D(500),
                                       party="Gupta Traders", payment="credit", invoice_no="GT-1234",
                                       source_message_id=message_id)
                uow.commit()
            outcomes.append("booked")
        except DuplicateInvoice as refused:
            outcomes.append(f"duplicate {refused.invoice_no} {refused.party}")

    threads = [threading.Thread(target=confirm, args=(f"SM-{n}",)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "duplicate GT-1234 Gupta Traders", "duplicate GT-1234 Gupta Traders"]
    engine.dispose()
