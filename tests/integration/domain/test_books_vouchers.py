"""Vouchers refuse what cannot be true, and the smaller reports read what was posted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.books import catalog, parties, reports, shops, vouchers
from domain.books.types import LineInput
from domain.errors import (
    IncompatibleUnits,
    InsufficientStock,
    InvalidAmount,
    InvalidArgument,
    InvalidQuantity,
    UnknownItem,
)
from domain.money import Money
from domain.periods import Period
from domain.store.uow import SqlUnitOfWork

NOV = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def shop(session_factory):
    with SqlUnitOfWork(session_factory) as uow:
        info, owner = shops.create_shop(uow, name="Sharma", slug="sharma", state_code="09", owner_name="R",
                                        owner_phone="9415000001")
        catalog.add_item(uow, info.id, name="Sugar", unit="kg", rate=D(44), cost=D(40), gst_rate=D(5),
                         aliases=["cheeni", "shakkar"], opening_qty=D(10), on=date(2026, 11, 1))
        catalog.add_item(uow, info.id, name="Eggs", unit="pc", rate=D(7), cost=D(6), opening_qty=D(60),
                         on=date(2026, 11, 1))
        parties.add_party(uow, info.id, name="Ramesh Kumar", kind="customer", phone="+919415100001")
        uow.commit()
    return session_factory, info.id, owner.id


def _sale(uow, sid, uid, *lines, **kw):
    return vouchers.post_sale(uow, sid, user_id=uid, on=date(2026, 11, 2), lines=list(lines), **kw)


@pytest.mark.parametrize("qty", [D(0), D(-2), D("1e15")])
def test_zero_negative_or_absurd_quantities_are_refused(shop, qty):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow, pytest.raises(InvalidQuantity):
        _sale(uow, sid, uid, LineInput("Sugar", qty))


def test_kilos_of_eggs_are_refused_but_a_dozen_eggs_is_twelve(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        with pytest.raises(IncompatibleUnits):
            _sale(uow, sid, uid, LineInput("Eggs", D(1), "kg"))
        sale = _sale(uow, sid, uid, LineInput("Eggs", D(1), "dozen"))
    assert sale.total == Money.from_rupees(84) and sale.lines[0].item_qty == D(12)


def test_unknown_items_come_with_suggestions(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow, pytest.raises(UnknownItem) as caught:
        _sale(uow, sid, uid, LineInput("chini", D(1)))
    assert caught.value.suggestions[0] == "Sugar"


def test_credit_needs_a_party_and_amounts_must_be_positive(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        with pytest.raises(InvalidArgument):
            _sale(uow, sid, uid, LineInput("Sugar", D(1)), payment="credit")
        with pytest.raises(InvalidAmount):
            vouchers.post_expense(uow, sid, user_id=uid, on=date(2026, 11, 2), amount=D(-5), category="rent")
        with pytest.raises(InvalidArgument):
            vouchers.post_expense(uow, sid, user_id=uid, on=date(2026, 11, 2), amount=D(5), category="party")


def test_strict_stock_refuses_to_sell_what_is_not_there(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        with pytest.raises(InsufficientStock) as caught:
            _sale(uow, sid, uid, LineInput("Sugar", D(11)), strict_stock=True)
        assert (caught.value.available, caught.value.requested, caught.value.unit) == (D(10), D(11), "kg")
        lenient = _sale(uow, sid, uid, LineInput("Sugar", D(11)))
    assert lenient.negative_stock == ("Sugar",)


def test_a_rate_said_overrides_the_catalog_and_an_amount_overrides_both(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        by_rate = _sale(uow, sid, uid, LineInput("Sugar", D(2), rate=D(45)))
        by_amount = _sale(uow, sid, uid, LineInput("Sugar", D(2), rate=D(45), amount=D(85)))
    assert (by_rate.total, by_amount.total) == (Money.from_rupees(90), Money.from_rupees(85))


def test_party_statement_top_items_and_expenses_read_the_month(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        _sale(uow, sid, uid, LineInput("Sugar", D(2)), party="ramesh kumar", payment="credit")  # 88
        _sale(uow, sid, uid, LineInput("Eggs", D(6)))  # 42
        vouchers.post_receipt(uow, sid, user_id=uid, on=date(2026, 11, 9), party="Ramesh Kumar", amount=D(50))
        vouchers.post_expense(uow, sid, user_id=uid, on=date(2026, 11, 9), amount=D(30), category="tea_snacks")
        statement = reports.party_statement(uow, sid, "Ramesh Kumar", NOV)
        top = reports.top_items(uow, sid, NOV, 5)
        spent = reports.expense_summary(uow, sid, NOV)
        name, balance = reports.party_balance(uow, sid, "ramesh kumar")
    assert [(line.debit, line.credit, line.balance) for line in statement.lines] == [
        (Money(8800), Money(0), Money(8800)),
        (Money(0), Money(5000), Money(3800)),
    ]
    assert (name, balance) == ("Ramesh Kumar", Money(3800))
    # sugar: ₹88 less 5 % GST carved out = 83.80 taxable; eggs ₹42, no tax
    assert [(t.item, t.qty, t.sales) for t in top] == [("Sugar", D(2), Money(8380)), ("Eggs", D(6), Money(4200))]
    assert spent.by_category == {"tea_snacks": Money(3000)}


def test_stock_count_books_the_shortfall_at_average_cost(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        counted = vouchers.post_stock_adjustment(uow, sid, user_id=uid, on=date(2026, 11, 5), item="cheeni",
                                                 counted_qty=D(7500), unit="g")
        [sugar] = reports.stock_summary(uow, sid, "Sugar").lines
        pl = reports.profit_and_loss(uow, sid, NOV)
    assert counted.lines[0].cost == Money(-10000)  # 2.5 kg at ₹40
    assert (sugar.qty, sugar.value) == (D("7.5"), Money(30000))
    assert pl.expenses == Money(10000)


def test_a_sale_to_a_party_in_another_state_carries_igst(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        parties.add_party(uow, sid, name="Delhi Mart", kind="customer", gstin="07AAFCV1123K1ZF")
        inter = _sale(uow, sid, uid, LineInput("Sugar", D(5)), party="Delhi Mart")  # ₹220 at 5 %
        shipped = _sale(uow, sid, uid, LineInput("Sugar", D(5)), place_of_supply="07")
    assert (inter.igst, inter.cgst, inter.taxable) == (Money(1048), Money(0), Money(20952))
    assert shipped.igst == Money(1048)


def test_an_undone_supplier_bill_can_be_booked_again(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        parties.add_party(uow, sid, name="Gupta Traders", kind="supplier")
        first = vouchers.post_purchase(uow, sid, user_id=uid, on=date(2026, 11, 2), amount=D(500),
                                       party="Gupta Traders", payment="credit", invoice_no="GT-9")
        vouchers.undo_last(uow, sid, user_id=uid)
        again = vouchers.post_purchase(uow, sid, user_id=uid, on=date(2026, 11, 2), amount=D(550),
                                       party="Gupta Traders", payment="credit", invoice_no="gt-9")
        _, balance = reports.party_balance(uow, sid, "Gupta Traders")
    assert first.number != again.number
    assert balance == Money(-55000)  # only the second booking stands: the shop owes ₹550
