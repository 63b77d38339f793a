"""Storage: the migration creates exactly what the models declare, number series run per type and
financial year, and one shop's rows are invisible to another's services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import bot.store.messaging  # noqa: F401  (the bot's tables share the schema)
import bot.store.scheduling  # noqa: F401
from domain.books import catalog, parties, reports, shops, vouchers
from domain.books.types import LineInput
from domain.errors import NothingToUndo, UnknownItem, UnknownParty, UnknownUser
from domain.store.metadata import metadata
from domain.store.uow import SqlUnitOfWork


def test_migrations_leave_no_drift_from_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


@pytest.fixture
def two_shops(session_factory):
    with SqlUnitOfWork(session_factory) as uow:
        a, owner_a = shops.create_shop(uow, name="A", slug="shop-a", state_code="09", owner_name="A",
                                       owner_phone="+919400000001")
        b, owner_b = shops.create_shop(uow, name="B", slug="shop-b", state_code="33", owner_name="B",
                                       owner_phone="+919400000002", gst_scheme="composition")
        catalog.add_item(uow, a.id, name="Sugar", unit="kg", rate=D(44), cost=D(40), gst_rate=D(5))
        parties.add_party(uow, a.id, name="Ramesh", kind="customer")
        uow.commit()
    return session_factory, (a.id, owner_a.id), (b.id, owner_b.id)


def test_number_series_run_per_type_and_financial_year(two_shops):
    factory, (sid, uid), _ = two_shops
    with SqlUnitOfWork(factory) as uow:
        numbers = [
            vouchers.post_sale(uow, sid, user_id=uid, on=day, amount=D(10)).number
            for day in (date(2027, 3, 30), date(2027, 3, 31), date(2027, 4, 1))
        ]
        expense = vouchers.post_expense(uow, sid, user_id=uid, on=date(2027, 3, 31), amount=D(5), category="other")
    assert numbers == ["SL/26-27/0001", "SL/26-27/0002", "SL/27-28/0001"]
    assert expense.number == "EX/26-27/0001"


def test_a_shop_cannot_see_or_use_another_shops_items_parties_users_or_vouchers(two_shops):
    factory, (a, owner_a), (b, owner_b) = two_shops
    with SqlUnitOfWork(factory) as uow:
        vouchers.post_sale(uow, a, user_id=owner_a, on=date(2026, 11, 2), lines=[LineInput("Sugar", D(1))])
        with pytest.raises(UnknownItem):
            vouchers.post_sale(uow, b, user_id=owner_b, on=date(2026, 11, 2), lines=[LineInput("Sugar", D(1))])
        with pytest.raises(UnknownParty):
            reports.party_balance(uow, b, "Ramesh")
        with pytest.raises(UnknownUser):  # shop A's owner cannot post in shop B
            vouchers.post_sale(uow, b, user_id=owner_a, on=date(2026, 11, 2), amount=D(5))
        with pytest.raises(NothingToUndo):  # B's owner cannot undo A's sale
            vouchers.undo_last(uow, b, user_id=owner_b)
        assert reports.stock_summary(uow, b).lines == ()
        assert reports.day_book(uow, b, date(2026, 11, 2)) == []
        assert len(reports.day_book(uow, a, date(2026, 11, 2))) == 1


def test_composition_shop_collects_no_tax_and_capitalises_input_tax(two_shops):
    factory, _, (sid, uid) = two_shops
    with SqlUnitOfWork(factory) as uow:
        catalog.add_item(uow, sid, name="Soap", unit="pc", rate=D(118), cost=D(80), gst_rate=D(18))
        # bought at ₹118 a piece including 18 % GST: no credit, so the stock costs the full ₹118
        bought = vouchers.post_purchase(uow, sid, user_id=uid, on=date(2026, 11, 1), lines=[LineInput("Soap", D(10), rate=D(118))])
        sold = vouchers.post_sale(uow, sid, user_id=uid, on=date(2026, 11, 2), lines=[LineInput("Soap", D(1), rate=D(150))])
        gst = reports.gst_summary(uow, sid, reports.Period(date(2026, 11, 1), date(2026, 11, 30)))
        pl = reports.profit_and_loss(uow, sid, reports.Period(date(2026, 11, 1), date(2026, 11, 30)))
    assert bought.lines[0].cost.paise == 118000
    assert (sold.cgst.paise, sold.sgst.paise, sold.taxable.paise) == (0, 0, 15000)
    assert gst.input_tax_credit.paise == 0
    assert gst.net_payable.paise == 150  # 1 % of ₹150 turnover
    assert (pl.sales.paise, pl.cost_of_goods.paise) == (15000, 11800)


def test_selling_half_a_kilo_in_grams_is_priced_pro_rata_and_moves_half_a_kilo(two_shops):
    factory, (sid, uid), _ = two_shops
    with SqlUnitOfWork(factory) as uow:
        sale = vouchers.post_sale(uow, sid, user_id=uid, on=date(2026, 11, 2), lines=[LineInput("Sugar", D(500), "g")])
        [sugar] = reports.stock_summary(uow, sid, "sugar").lines
    assert sale.total.paise == 2200  # ₹44/kg x 0.5
    assert sale.lines[0].item_qty == D("0.5")
    assert sugar.qty == D("-0.5") and sugar.negative  # sold before any stock was entered: allowed, flagged
    assert sale.negative_stock == ("Sugar",)


def test_undo_reverses_only_the_users_own_latest_voucher(two_shops):
    factory, (sid, uid), _ = two_shops
    with SqlUnitOfWork(factory) as uow:
        staff = shops.add_user(uow, sid, name="Sunil", phone="+919400000009", role="staff")
        first = vouchers.post_sale(uow, sid, user_id=uid, on=date(2026, 11, 2), amount=D(100))
        vouchers.post_sale(uow, sid, user_id=staff.id, on=date(2026, 11, 2), amount=D(50))
        undone = vouchers.undo_last(uow, sid, user_id=uid)
        assert undone.reverses == first.number and undone.total.paise == -10000
        with pytest.raises(NothingToUndo):
            vouchers.undo_last(uow, sid, user_id=uid)
        summary = reports.sales_summary(uow, sid, reports.Period(date(2026, 11, 1), date(2026, 11, 30)))
    assert (summary.count, summary.total.paise) == (1, 5000)
