"""A month of a kirana shop, by numbers a person can check on paper, on SQLite and PostgreSQL.

Sharma Kirana (Uttar Pradesh, state 09, regular GST). Prices are GST-inclusive and chosen so the
tax comes out in round numbers: Sugar ₹52.50/kg at 5 % (₹50 + ₹2.50), Rice ₹50/kg at 0 %,
Soap ₹118/pc at 18 % (₹100 + ₹18).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.books import catalog, parties, reports, shops, vouchers
from domain.books.types import JournalEntry, LineInput
from domain.errors import DuplicateInvoice, DuplicateMessage
from domain.money import Money
from domain.periods import resolve_period
from domain.store.uow import SqlUnitOfWork
from tests.databases import remember


def rs(value: str) -> Money:
    return Money.from_rupees(value)


@pytest.fixture
def month(engine, session_factory):
    """Post the month of November 2026 (once per backend, then copied) and hand back (session_factory, shop id)."""
    return session_factory, remember(engine, "the month of November 2026", lambda: _post_the_month(session_factory))


def _post_the_month(session_factory) -> int:
    with SqlUnitOfWork(session_factory) as uow:
        shop, owner = shops.create_shop(
            uow, name="Sharma Kirana Store", slug="sharma-kirana", state_code="09",
            owner_name="Rajesh Sharma", owner_phone="+919415000001", gstin="09AAKFS4521M1ZR",
        )
        sid, uid = shop.id, owner.id
        nov = lambda d: date(2026, 11, d)  # noqa: E731
        # Opening stock on 1 Nov, at cost: 100 kg x 40 + 200 kg x 40 + 50 pc x 80 = 16,000 capital.
        catalog.add_item(uow, sid, name="Sugar", unit="kg", rate=D("52.50"), cost=D(40), gst_rate=D(5),
                         aliases=["cheeni"], opening_qty=D(100), on=nov(1), reorder_level=D(40))
        catalog.add_item(uow, sid, name="Rice", unit="kg", rate=D(50), cost=D(40), gst_rate=D(0),
                         opening_qty=D(200), on=nov(1), reorder_level=D(50))
        catalog.add_item(uow, sid, name="Soap", unit="pc", rate=D(118), cost=D(80), gst_rate=D(18),
                         opening_qty=D(50), on=nov(1), reorder_level=D(60))
        parties.add_party(uow, sid, name="Ramesh Kumar", kind="customer", aliases=["ramesh"])
        parties.add_party(uow, sid, name="Verma Sweets", kind="customer", gstin="09AACFA3317H1ZS")
        parties.add_party(uow, sid, name="Agarwal Wholesale", kind="supplier", gstin="07AAFCV1123K1ZF")

        # The owner brings ₹10,000 cash: capital.
        vouchers.post_journal(uow, sid, user_id=uid, on=nov(1), entries=[
            JournalEntry("cash", D(10000)), JournalEntry("capital", D(-10000))])
        # 2 Nov: cash sale, 10 kg sugar: ₹525 = 500 taxable + 12.50 CGST + 12.50 SGST; cost 400.
        vouchers.post_sale(uow, sid, user_id=uid, on=nov(2), lines=[LineInput("cheeni", D(10))])
        # 3 Nov: udhaar to Ramesh: 20 kg rice ₹1000 (no tax, cost 800) + 2 soap ₹236
        # (200 + 18 + 18, cost 160) = ₹1,236.
        vouchers.post_sale(uow, sid, user_id=uid, on=nov(3), party="ramesh", payment="credit",
                           lines=[LineInput("Rice", D(20), "kg"), LineInput("Soap", D(2))])
        # 5 Nov: Agarwal (Delhi, 07) bill AW-77 on credit: 90 kg sugar, taxable 4,500 + IGST 225 = 4,725.
        # Sugar now 180 kg worth 3,600 + 4,500 = 8,100: average ₹45/kg.
        vouchers.post_purchase(uow, sid, user_id=uid, on=nov(5), party="Agarwal Wholesale", payment="credit",
                               invoice_no="AW-77",
                               lines=[LineInput("Sugar", D(90), taxable=D(4500), gst_rate=D(5), igst=D(225))])
        # 10 Nov: UPI sale to Verma Sweets (same state): 20 kg sugar ₹1,050 = 1000 + 25 + 25; cost 20 x 45 = 900.
        vouchers.post_sale(uow, sid, user_id=uid, on=nov(10), party="Verma Sweets", payment="upi",
                           lines=[LineInput("Sugar", D(20))], source_message_id="SM-10")
        # 12 Nov: Ramesh pays ₹1,000 cash.
        vouchers.post_receipt(uow, sid, user_id=uid, on=nov(12), party="Ramesh Kumar", amount=D(1000))
        # 15 Nov rent ₹5,000 cash; 20 Nov electricity ₹1,200 cash.
        vouchers.post_expense(uow, sid, user_id=uid, on=nov(15), amount=D(5000), category="rent")
        vouchers.post_expense(uow, sid, user_id=uid, on=nov(20), amount=D(1200), category="electricity")
        # 18 Nov: Ramesh returns 1 soap against his dues: ₹118 = 100 + 9 + 9; back in at its cost 80.
        vouchers.post_sale_return(uow, sid, user_id=uid, on=nov(18), party="Ramesh Kumar", payment="credit",
                                  lines=[LineInput("Soap", D(1))])
        # 25 Nov: the shop pays Agarwal ₹3,000 cash.
        vouchers.post_payment(uow, sid, user_id=uid, on=nov(25), party="Agarwal Wholesale", amount=D(3000))
        # 28 Nov: rice counted 178 kg against 180 in the books: 2 kg x 40 = 80 shrinkage.
        vouchers.post_stock_adjustment(uow, sid, user_id=uid, on=nov(28), item="Rice", counted_qty=D(178))
        # 29 Nov: a mistaken sale of 5 soaps, undone at once: it must leave no trace in any total.
        vouchers.post_sale(uow, sid, user_id=uid, on=nov(29), lines=[LineInput("Soap", D(5))])
        vouchers.undo_last(uow, sid, user_id=uid, on=nov(29))
        uow.commit()
    return sid


def test_profit_and_loss_of_the_month(month):
    session_factory, sid = month
    with SqlUnitOfWork(session_factory) as uow:
        pl = reports.profit_and_loss(uow, sid, resolve_period("2026-11", date(2026, 11, 30)))
    # sales: 500 + 1000 + 200 + 1000 - 100 (return) = 2,600
    assert pl.sales == rs("2600")
    # cost: 400 + 800 + 160 + 900 - 80 (return) = 2,180
    assert pl.cost_of_goods == rs("2180")
    assert pl.gross_profit == rs("420")
    # rent 5,000 + electricity 1,200 + shrinkage 80
    assert pl.expenses == rs("6280")
    assert pl.expenses_by_category["rent"] == rs("5000")
    assert pl.net_profit == rs("-5860")


def test_gst_split_of_the_month(month):
    session_factory, sid = month
    with SqlUnitOfWork(session_factory) as uow:
        gst = reports.gst_summary(uow, sid, resolve_period("2026-11", date(2026, 11, 30)))
    assert gst.taxable == rs("2600")
    # CGST = SGST = 12.50 + 18 + 25 - 9 = 46.50; nothing inter-state was sold
    assert (gst.cgst, gst.sgst, gst.igst) == (rs("46.50"), rs("46.50"), rs("0"))
    # Agarwal is in Delhi: the purchase carried IGST 225, all of it input credit
    assert gst.input_tax_credit == rs("225") == gst.input_igst
    assert gst.net_payable == rs("-132")  # 93 out - 225 in: credit carried forward


def test_balance_sheet_balances_to_the_paisa(month):
    session_factory, sid = month
    with SqlUnitOfWork(session_factory) as uow:
        bs = reports.balance_sheet(uow, sid, date(2026, 11, 30))
        tb = reports.trial_balance(uow, sid, date(2026, 11, 30))
    # cash 10,000 + 525 + 1,000 - 5,000 - 1,200 - 3,000 = 2,325; bank (UPI) 1,050
    assert bs.assets["cash"] == rs("2325")
    assert bs.assets["bank"] == rs("1050")
    assert bs.assets["debtors"] == rs("118")  # Ramesh: 1,236 - 1,000 - 118
    # stock: 16,000 + 4,500 - 2,180 - 80 = 18,240
    assert bs.assets["stock"] == rs("18240")
    assert bs.assets["gst_input_igst"] == rs("225")
    assert bs.total_assets == rs("21958")
    assert bs.liabilities == {"creditors": rs("1725"), "gst_output_cgst": rs("46.50"), "gst_output_sgst": rs("46.50")}
    assert bs.equity == {"capital": rs("26000"), "profit": rs("-5860")}
    assert bs.total_liabilities_and_equity == rs("21958")
    assert tb.total_debit == tb.total_credit


def test_outstanding_both_ways_with_ageing(month):
    session_factory, sid = month
    with SqlUnitOfWork(session_factory) as uow:
        owed = reports.outstanding(uow, sid, "receivable", as_of=date(2026, 11, 30))
        owing = reports.outstanding(uow, sid, "payable", as_of=date(2026, 11, 30))
    [ramesh] = owed.parties
    assert (ramesh.party, ramesh.balance, ramesh.days) == ("Ramesh Kumar", rs("118"), 27)  # bill of 3 Nov
    assert ramesh.ageing["0-30"] == rs("118")
    [agarwal] = owing.parties
    assert (agarwal.party, agarwal.balance, agarwal.days) == ("Agarwal Wholesale", rs("1725"), 25)


def test_stock_and_sales_summary_of_the_month(month):
    session_factory, sid = month
    with SqlUnitOfWork(session_factory) as uow:
        stock = {line.item: line for line in reports.stock_summary(uow, sid).lines}
        sales = reports.sales_summary(uow, sid, resolve_period("2026-11", date(2026, 11, 30)))
        low = [line.item for line in reports.low_stock(uow, sid)]
        cash = reports.cash_and_bank(uow, sid)
    assert (stock["Sugar"].qty, stock["Sugar"].value) == (D(160), rs("7200"))  # 160 kg at 45
    assert (stock["Rice"].qty, stock["Rice"].value) == (D(178), rs("7120"))
    assert (stock["Soap"].qty, stock["Soap"].value) == (D(49), rs("3920"))  # the undone sale left no mark
    assert low == ["Soap"]  # 49 pc against a reorder level of 60
    # three live sales: 525 + 1,236 + 1,050, less the 118 return
    assert (sales.count, sales.total, sales.returns) == (3, rs("2693"), rs("118"))
    assert (cash.cash, cash.bank) == (rs("2325"), rs("1050"))


def test_the_same_supplier_bill_and_the_same_message_post_once(month):
    session_factory, sid = month
    with SqlUnitOfWork(session_factory) as uow:
        owner = shops.owner_of(uow, sid)
        with pytest.raises(DuplicateInvoice) as caught:
            vouchers.post_purchase(uow, sid, user_id=owner.id, on=date(2026, 11, 30), party="Agarwal Wholesale",
                                   invoice_no="aw-77", amount=D(100))
        assert caught.value.voucher == "PU/26-27/0001"
        with pytest.raises(DuplicateMessage):
            vouchers.post_sale(uow, sid, user_id=owner.id, on=date(2026, 11, 30), amount=D(10),
                               source_message_id="SM-10")
        assert vouchers.find_by_source_message(uow, sid, "SM-10").total == rs("1050")


def test_day_book_lists_the_mistake_and_its_reversal(month):
    session_factory, sid = month
    with SqlUnitOfWork(session_factory) as uow:
        entries = reports.day_book(uow, sid, date(2026, 11, 29))
    assert [(e.number, e.total, e.reverses) for e in entries] == [
        ("SL/26-27/0004", rs("590"), None),
        ("SL/26-27/0005", rs("-590"), "SL/26-27/0004"),
    ]
