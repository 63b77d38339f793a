"""The Tally XML has the structure TallyPrime's import expects (envelope, masters before vouchers,
balanced ledger entries with Tally's signs), and the Excel workbook agrees with the books."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from domain.books import reports
from domain.demo.load import load_demo
from domain.exchange import excel, tally
from domain.periods import resolve_period
from domain.store.uow import SqlUnitOfWork
from tests.databases import remember
from tools import ToolContext, run_tool

TODAY = date(2026, 11, 20)
SLUG = "sharma-kirana"
MASTERS = ("UNIT", "LEDGER", "STOCKITEM")


@pytest.fixture
def shop(engine, session_factory):
    """Ten days of the demo shop, a sale and its undo (booked once per backend, then copied)."""
    return remember(engine, f"{SLUG}, 10 days to {TODAY}, a sale undone", lambda: _books(session_factory))


def _books(session_factory) -> int:
    load_demo(session_factory, today=TODAY, days=10, seed=5, slugs=(SLUG,))
    with SqlUnitOfWork(session_factory) as uow:
        shop_id = uow.shops.by_slug(SLUG).id
        owner_id = next(u.id for u in uow.users.list(shop_id) if u.role == "owner")
    ctx = ToolContext(shop_id, owner_id, "owner", TODAY)
    assert run_tool(session_factory, ctx, "record_sale", {"amount": 250, "payment": "cash"}).ok
    assert run_tool(session_factory, ctx, "undo_last", {}).ok  # a reversal is exported too
    return shop_id


def test_tally_envelope_holds_masters_before_balanced_vouchers(session_factory, shop):
    period = resolve_period("this_month", TODAY)
    out = io.BytesIO()
    with SqlUnitOfWork(session_factory) as uow:
        summary = tally.write(uow, shop, period, out)
        expected_vouchers = sum(len(reports.day_book(uow, shop, date(2026, 11, d))) for d in range(1, 21))
    root = ET.fromstring(out.getvalue())
    assert root.tag == "ENVELOPE"
    assert root.findtext("HEADER/TALLYREQUEST") == "Import Data"
    assert root.findtext("BODY/IMPORTDATA/REQUESTDESC/REPORTNAME") == "Vouchers"
    assert root.findtext("BODY/IMPORTDATA/REQUESTDESC/STATICVARIABLES/SVCURRENTCOMPANY")
    messages = root.findall("BODY/IMPORTDATA/REQUESTDATA/TALLYMESSAGE")
    kinds = [m[0].tag for m in messages]
    assert set(kinds) == {*MASTERS, "VOUCHER"}
    last_master = max(i for i, k in enumerate(kinds) if k in MASTERS)
    assert last_master < kinds.index("VOUCHER")
    assert kinds.count("VOUCHER") == summary.vouchers == expected_vouchers
    ledgers = {m[0].get("NAME") for m in messages if m[0].tag == "LEDGER"}
    units = {m[0].get("NAME") for m in messages if m[0].tag == "UNIT"}
    for item in (m[0] for m in messages if m[0].tag == "STOCKITEM"):
        assert item.findtext("BASEUNITS") in units
    for voucher in (m[0] for m in messages if m[0].tag == "VOUCHER"):
        assert len(voucher.findtext("DATE")) == 8 and voucher.findtext("VOUCHERNUMBER")
        entries = voucher.findall("ALLLEDGERENTRIES.LIST")
        assert len(entries) >= 2
        total = Decimal(0)
        for entry in entries:
            amount = Decimal(entry.findtext("AMOUNT"))
            assert entry.findtext("LEDGERNAME") in ledgers
            assert entry.findtext("ISDEEMEDPOSITIVE") == ("Yes" if amount < 0 else "No")
            total += amount
        assert total == 0, voucher.findtext("VOUCHERNUMBER")
        party = voucher.findtext("PARTYLEDGERNAME")
        if party:
            assert party in ledgers


def test_excel_workbook_agrees_with_the_books(session_factory, shop):
    period = resolve_period("this_month", TODAY)
    out = io.BytesIO()
    with SqlUnitOfWork(session_factory) as uow:
        summary = excel.write(uow, shop, period, out)
        sales = reports.sales_summary(uow, shop, period)
        stock = reports.stock_summary(uow, shop)
        gst = reports.gst_summary(uow, shop, period)
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Day book", "Ledgers", "Stock", "Stock moves", "GST sales register",
                               "GST purchase register"]
    assert book["Day book"].max_row - 1 == summary.vouchers
    register = list(book["GST sales register"].iter_rows(min_row=2, values_only=True))
    assert sum(Decimal(str(r[11])) for r in register) == sales.total.rupees
    assert sum(Decimal(str(r[8])) for r in register) == gst.cgst.rupees
    stock_rows = list(book["Stock"].iter_rows(min_row=2, values_only=True))
    assert sum(Decimal(str(r[3])) for r in stock_rows) == stock.total_value.rupees
    closing = [r for r in book["Ledgers"].iter_rows(min_row=2, values_only=True) if r[3] == "closing"]
    assert sum(Decimal(str(r[7])) for r in closing) == 0  # the trial balance balances
