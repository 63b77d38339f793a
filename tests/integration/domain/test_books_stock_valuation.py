"""Stock valuation: stock on hand is never valued at nothing. When stock that was oversold is
bought back, what is on hand is valued at what it just cost; when an undo leaves the value spent
while goods remain, they keep the last known unit cost; the difference is cost of goods,
corrected. Goods returned to a supplier without a rate go back at the rate they were billed at."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.books import catalog, parties, reports, shops, vouchers
from domain.books.types import LineInput
from domain.money import Money
from domain.periods import Period
from domain.store.uow import SqlUnitOfWork

DAY = date(2026, 11, 2)


@pytest.fixture
def shop(session_factory):
    with SqlUnitOfWork(session_factory) as uow:
        info, owner = shops.create_shop(uow, name="Gupta", slug="gupta", state_code="09", owner_name="G",
                                        owner_phone="+919415000011")
        staff = shops.add_user(uow, info.id, name="Staff", phone="+919415000012", role="staff")
        catalog.add_item(uow, info.id, name="Sugar", unit="kg", rate=D(44), cost=D(40), gst_rate=D(5),
                         opening_qty=D(20), on=date(2026, 11, 1))
        parties.add_party(uow, info.id, name="Agarwal", kind="supplier")
        parties.add_party(uow, info.id, name="Bansal", kind="supplier")
        uow.commit()
    return session_factory, info.id, owner.id, staff.id


def _sugar(uow, sid):
    return next(i for i in reports.stock_summary(uow, sid).lines if i.item == "Sugar")


def _whole(uow, sid):
    tb = reports.trial_balance(uow, sid, date(2027, 3, 31))
    assert tb.total_debit == tb.total_credit
    assert uow.reports.stock_move_sums(sid, uow.items.get_by_name(sid, "Sugar").id) == (
        uow.items.get_by_name(sid, "Sugar").stock_milli, uow.items.get_by_name(sid, "Sugar").stock_value_paise)


def test_stock_bought_back_after_overselling_is_valued_at_what_it_just_cost(shop):
    factory, sid, uid, _ = shop
    with SqlUnitOfWork(factory) as uow:
        # 20 kg at 40, 30 sold: 10 kg short, costed at 40. 10.5 kg come in at 1 a kilo (tax inside).
        vouchers.post_sale(uow, sid, user_id=uid, on=DAY, lines=[LineInput("Sugar", D(30))])
        bought = vouchers.post_purchase(uow, sid, user_id=uid, on=DAY, lines=[LineInput("Sugar", D("10.5"), rate=D(1))],
                                        party="Agarwal", payment="credit")
        sugar = _sugar(uow, sid)
        assert (sugar.qty, sugar.value) == (D("0.5"), Money(48))  # 0.5 of the 10.00 the 10.5 kg cost
        cogs_before = reports.profit_and_loss(uow, sid, Period(DAY, DAY)).cost_of_goods
        # the 10 kg sold short cost 9.52 and not 400: cost of goods comes down by the difference
        assert cogs_before == Money(120000 - 40000 + 952)
        returned = vouchers.post_purchase_return(uow, sid, user_id=uid, on=DAY, lines=[LineInput("Sugar", D("0.5"))],
                                                 party="Agarwal")
        _whole(uow, sid)
    assert bought.lines[0].cost == Money(1000)
    assert returned.lines[0].cost == Money(48) and returned.taxable > Money(0)


def test_undoing_a_dear_purchase_after_selling_leaves_the_rest_at_the_last_known_cost(shop):
    factory, sid, owner, staff = shop
    with SqlUnitOfWork(factory) as uow:
        vouchers.post_purchase(uow, sid, user_id=owner, on=DAY, lines=[LineInput("Sugar", D(10), rate=D(420))],
                               party="Agarwal", payment="credit")  # 30 kg worth 4,800: 160 a kilo
        vouchers.post_sale(uow, sid, user_id=staff, on=DAY, lines=[LineInput("Sugar", D(25))])  # 5 kg worth 800
        vouchers.post_purchase(uow, sid, user_id=staff, on=DAY, lines=[LineInput("Sugar", D(10), rate=D(42))],
                               party="Agarwal", payment="credit")  # 15 kg worth 1,200: 80 a kilo
        undo = vouchers.undo_last(uow, sid, user_id=owner)  # takes out the 10 kg at the 4,000 they cost
        sugar = _sugar(uow, sid)
        assert (sugar.qty, sugar.value) == (D(5), Money(40000))  # not -2,800: 5 kg at 80
        sold = vouchers.post_sale(uow, sid, user_id=staff, on=DAY, lines=[LineInput("Sugar", D(1))])
        returned = vouchers.post_purchase_return(uow, sid, user_id=staff, on=DAY, lines=[LineInput("Sugar", D(1))],
                                                 party="Agarwal")
        _whole(uow, sid)
        sugar = _sugar(uow, sid)
    assert undo.reverses is not None
    assert sold.lines[0].cost == Money(8000) and returned.lines[0].cost == Money(8000)
    assert (sugar.qty, sugar.value) == (D(3), Money(24000))


def test_undoing_a_bill_that_oversold_an_item_on_two_lines_restores_its_value_to_the_paisa(shop):
    factory, sid, uid, _ = shop
    with SqlUnitOfWork(factory) as uow:
        catalog.add_item(uow, sid, name="Rice", unit="kg", rate=D(60), cost=D("20.83"), opening_qty=D("0.9"),
                         on=date(2026, 11, 1))  # worth 18.75
        vouchers.post_sale(uow, sid, user_id=uid, on=DAY,
                           lines=[LineInput("Rice", D("2.9")), LineInput("Rice", D("1.1"))])
        vouchers.undo_last(uow, sid, user_id=uid)
        rice = next(i for i in reports.stock_summary(uow, sid).lines if i.item == "Rice")
        day = reports.profit_and_loss(uow, sid, Period(DAY, DAY))
    assert (rice.qty, rice.value) == (D("0.9"), Money(1875))
    assert day.cost_of_goods == Money(0)


def test_goods_returned_without_a_rate_go_back_at_the_suppliers_last_bill_rate(shop):
    factory, sid, uid, staff = shop
    with SqlUnitOfWork(factory) as uow:
        def buy(who, kilos, rate, party):
            return vouchers.post_purchase(uow, sid, user_id=who, on=DAY, lines=[LineInput("Sugar", D(kilos), rate=D(rate))],
                                          party=party, payment="credit")

        def send_back(kilos, party, payment="credit"):
            return vouchers.post_purchase_return(uow, sid, user_id=uid, on=DAY, lines=[LineInput("Sugar", D(kilos))],
                                                 party=party, payment=payment)

        before_any_bill = send_back(1, "Agarwal")  # only opening stock: its cost, 40
        bill = buy(uid, "10.5", "52.50", "Agarwal")  # 10.5 kg at 50 a kilo before tax
        buy(staff, 10, 63, "Bansal")  # 60 a kilo
        buy(uid, 10, 105, "Agarwal")
        vouchers.undo_last(uow, sid, user_id=uid)  # an undone bill is no rate
        to_agarwal = send_back(2, "Agarwal")
        to_anyone = send_back(1, None, "cash")  # the latest bill of any supplier
        all_of_it = send_back("10.5", "Agarwal")
        _whole(uow, sid)
    assert (before_any_bill.taxable, before_any_bill.total) == (Money(4000), Money(4200))
    assert (to_agarwal.taxable, to_agarwal.total) == (Money(10000), Money(10500))
    assert to_agarwal.lines[0].cost < to_agarwal.taxable  # stock out at its lower average: the gain is cost of goods
    assert to_anyone.taxable == Money(6000)
    assert all_of_it.taxable == bill.taxable  # to the paisa the bill charged
