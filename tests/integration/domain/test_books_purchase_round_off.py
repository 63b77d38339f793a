"""A supplier's bill with a printed round-off: the round-off is booked to the round-off account so
the supplier is owed exactly the printed grand total, the voucher stays balanced, and a round-off
of a rupee or more is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.books import catalog, parties, reports, shops, vouchers
from domain.books.types import LineInput
from domain.errors import InvalidAmount
from domain.money import Money
from domain.store.uow import SqlUnitOfWork

ON = date(2026, 11, 2)


@pytest.fixture
def shop(session_factory):
    with SqlUnitOfWork(session_factory) as uow:
        info, owner = shops.create_shop(uow, name="Sharma", slug="sharma", state_code="09", owner_name="R",
                                        owner_phone="9415000001", gstin=None)
        catalog.add_item(uow, info.id, name="Sugar", unit="kg", rate=D(44), cost=D(40), gst_rate=D(5))
        parties.add_party(uow, info.id, name="Gupta Traders", kind="supplier")
        uow.commit()
    return session_factory, info.id, owner.id


def _accounts(uow, sid):
    tb = reports.trial_balance(uow, sid, ON)
    assert tb.total_debit == tb.total_credit
    return {a.code: a.balance.paise for a in tb.accounts}


@pytest.mark.parametrize("taxable, round_off, total_paise", [(D("1000.45"), D("-0.45"), 1_050_00),
                                                              (D("1000.60"), D("0.40"), 1_051_00)])
def test_a_bills_round_off_is_booked_so_the_supplier_is_owed_the_printed_total(shop, taxable, round_off, total_paise):
    factory, sid, uid = shop
    line = LineInput("Sugar", D(25), "kg", taxable=taxable, cgst=D("25.00"), sgst=D("25.00"), gst_rate=D(5))
    with SqlUnitOfWork(factory) as uow:
        posted = vouchers.post_purchase(uow, sid, user_id=uid, on=ON, lines=[line], party="Gupta Traders",
                                        payment="credit", invoice_no="GT/9", round_off=round_off)
        uow.commit()
    assert posted.total == Money(total_paise)
    with SqlUnitOfWork(factory) as uow:
        assert parties.find_party(uow, sid, "Gupta Traders").balance.paise == -total_paise
        assert _accounts(uow, sid)["round_off"] == int(round_off * 100)


def test_a_purchase_without_round_off_touches_no_round_off_account(shop):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow:
        vouchers.post_purchase(uow, sid, user_id=uid, on=ON, amount=D(500), party="Gupta Traders", payment="credit",
                               round_off=D("0.00"))
        uow.commit()
    with SqlUnitOfWork(factory) as uow:
        assert "round_off" not in _accounts(uow, sid)


@pytest.mark.parametrize("round_off", [D("1.00"), D("-1.50"), D("7")])
def test_a_round_off_of_a_rupee_or_more_is_refused_and_nothing_is_posted(shop, round_off):
    factory, sid, uid = shop
    with SqlUnitOfWork(factory) as uow, pytest.raises(InvalidAmount) as refused:
        vouchers.post_purchase(uow, sid, user_id=uid, on=ON, amount=D(500), party="Gupta Traders",
                               payment="credit", round_off=round_off)
    assert refused.value.reason == "round_off_too_large"
    with SqlUnitOfWork(factory) as uow:
        assert parties.find_party(uow, sid, "Gupta Traders").balance.paise == 0
