"""Real tool outcomes from the Murugan Stores demo shop (SQLite and PostgreSQL) rendered in every
language: the data shapes the tools really return fill every message, with no English but the
shop's own names."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from bot.conversation.replies import render_outcome, render_summary
from domain.books import shops
from domain.demo.load import load_demo_shop
from domain.store.uow import SqlUnitOfWork
from locales import CATALOG_IDS, HINGLISH, translator
from tools import ToolContext, run_tool

TODAY = date(2026, 11, 20)
OWNER = "+919443000001"
NATIVE = [c for c in CATALOG_IDS if c not in ("en", HINGLISH)]
ALLOWED = {"GST", "GSTIN", "CGST", "SGST", "IGST", "UPI", "CMP08", "GSTR1", "GSTR3B"}

DAY = [
    ("record_sale", {"items": [{"item": "Sugar", "qty": 2, "unit": "kg"}], "party": "Lakshmi", "payment": "credit"}),
    ("record_sale", {"items": [{"item": "Coconut Oil", "qty": 2, "unit": "l", "rate": 230}]}),
    ("record_payment_in", {"party": "Selvam", "amount": 1000, "payment": "upi"}),
    ("record_purchase", {"items": [{"item": "Toor Dal", "qty": 40, "unit": "kg"}], "party": "Pandian Traders",
                         "payment": "credit"}),
    ("record_expense", {"amount": 150, "category": "tea_snacks"}),
    ("record_sale_return", {"items": [{"item": "Sugar", "qty": 1, "unit": "kg"}], "party": "Lakshmi"}),
    ("stock_query", {"item": "Sugar"}),
    ("stock_query", {}),
    ("price_query", {"item": "Sugar"}),
    ("low_stock", {}),
    ("sales_summary", {"period": "today"}),
    ("top_items", {"period": "today"}),
    ("expense_summary", {"period": "this_month"}),
    ("profit_loss", {"period": "this_month"}),
    ("cash_balance", {}),
    ("party_balance", {"party": "Lakshmi"}),
    ("outstanding", {}),
    ("outstanding", {"kind": "payable"}),
    ("gst_summary", {"period": "this_month"}),
    ("adjust_stock", {"item": "Toor Dal", "qty": 30, "unit": "kg"}),
    ("undo_last", {}),
    ("record_sale", {"items": [{"item": "Sugar", "qty": 5000, "unit": "kg"}]}),  # takes stock below zero
    ("record_sale", {"items": [{"item": "Xylophone", "qty": 1, "unit": "pc"}]}),
    ("party_balance", {"party": "Nobody Known"}),
    ("record_expense", {"amount": -5, "category": "rent"}),
]


def _names(shop_dir: Path) -> set[str]:
    words = set()
    for name in ("catalog.csv", "parties.csv"):
        with open(shop_dir / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                words.update(re.findall(r"[A-Za-z0-9]+", row["name"]))
    return words | {"Xylophone", "Nobody", "Known"}


@pytest.fixture
def outcomes(session_factory):
    report = load_demo_shop(session_factory, "murugan-stores", today=TODAY)
    with SqlUnitOfWork(session_factory) as uow:
        owner = shops.find_user_by_phone(uow, OWNER)
    ctx = ToolContext(shop_id=report.shop_id, user_id=owner.id, role="owner", today=TODAY, lang="ta")
    return [run_tool(session_factory, ctx, tool, args) for tool, args in DAY]


def test_a_day_at_murugan_stores_reads_in_every_language(outcomes, demo_dir):
    assert [o.ok for o in outcomes][-3:] == [False, False, False]
    assert all(o.ok for o in outcomes[:-3]), [o.error for o in outcomes if not o.ok]
    assert outcomes[-4].data.get("negative_stock") == ["Sugar"]
    names = _names(demo_dir / "murugan-stores")
    for lang in CATALOG_IDS:
        for outcome in outcomes:
            text = render_outcome(outcome, lang, today=TODAY)
            assert text.strip() and "{" not in text and "}" not in text, (lang, outcome.tool, text)
            if lang in NATIVE:
                foreign = set(re.findall(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*", text)) - names - ALLOWED
                foreign = {w for w in foreign if not re.fullmatch(r"[A-Z]{2}\d*", w)}  # voucher series
                assert foreign == set(), (lang, outcome.tool, text)
            if outcome.ok and outcome.is_write:
                assert render_summary(outcome, lang).strip()


def test_tamil_replies_lead_with_the_fact(outcomes):
    credit_sale, _, payment_in = outcomes[:3]
    assert render_outcome(credit_sale, "ta", today=TODAY).startswith("✅ ₹88 Lakshmi கணக்கில் எழுதப்பட்டது.")
    assert render_outcome(payment_in, "ta", today=TODAY).startswith("✅ Selvam-இடமிருந்து ₹1,000 வந்தது.")
    sales = render_outcome(outcomes[10], "ta", today=TODAY)
    assert sales.startswith("இன்றைய விற்பனை: ₹")
    assert translator("ta")("undo.hint") in render_outcome(credit_sale, "ta", today=TODAY)
    oversold = render_outcome(outcomes[-4], "ta", today=TODAY)
    assert translator("ta")("stock.negative", items="Sugar") in oversold
