"""Arbitrary arguments never crash a tool: each call either succeeds or is refused with a known code,
and a refusal writes nothing (hypothesis, on SQLite and PostgreSQL)."""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tools import TOOLS
from tools.context import ERROR_CODES

NAUGHTY = ["", " ", "Sugar", "cheeni", "SUGAR ", "Suger", "Rice", "Filter Coffee", "चीनी", "'; DROP TABLE items;--",
           "\u0000", "Ramesh Kumar", "Gupta Traders", "Lakshmi", "ramesh", "%s%s", "NaN", "🍚" * 40]
names = st.one_of(st.sampled_from(NAUGHTY), st.text(max_size=20))
numbers = st.one_of(st.integers(-10**12, 10**12), st.integers(1, 20), st.decimals(allow_nan=True, places=3),
                    st.sampled_from(["1.5", "abc", "1e999", "0.0001", None]), st.floats(allow_nan=True))
units = st.one_of(st.sampled_from(["kg", "g", "pc", "dozen", "kilo", "l", "pack", "quintal", ""]), st.text(max_size=5))
line = st.fixed_dictionaries({"item": names}, optional={"qty": numbers, "unit": units, "rate": numbers,
                                                        "amount": numbers})
VALUES = {
    "items": st.one_of(st.lists(line, max_size=4), st.text(max_size=5)),
    "item": names, "party": st.one_of(names, st.none()), "amount": numbers, "qty": numbers, "rate": numbers,
    "unit": units, "payment": st.sampled_from(["cash", "upi", "credit", "card", "bank", "udhaar", "", None]),
    "date": st.sampled_from(["2026-11-20", "2026-11-19", "2030-01-01", "yesterday", "", None]),
    "period": st.sampled_from(["today", "this_month", "last_year", "2026-10", "2026-Q3", "2026-Q9",
                               {"from": "2026-11-01", "to": "2026-11-20"}, {"from": "x"}, None]),
    "category": st.sampled_from(["rent", "tea_snacks", "bribe", None]), "note": names,
    "kind": st.sampled_from(["customer", "supplier", "receivable", "payable", "friend"]),
    "invoice_no": names, "n": st.one_of(st.integers(-5, 100), st.none()),
}
FUZZED = ["record_sale", "record_purchase", "record_sale_return", "record_expense", "record_payment_in",
          "record_payment_out", "adjust_stock", "set_price", "stock_query", "price_query", "sales_summary",
          "top_items", "expense_summary", "party_balance", "outstanding"]


@st.composite
def calls(draw):
    tool = draw(st.sampled_from(FUZZED))
    fields = [f for f in TOOLS[tool].input_model.model_fields if f in VALUES]
    chosen = draw(st.lists(st.sampled_from(fields), unique=True)) if fields else []
    arguments = {field: draw(VALUES[field]) for field in chosen}
    if draw(st.integers(0, 9)) == 0:
        arguments["unexpected"] = draw(st.sampled_from([None, 1, "x"]))
    return tool, arguments


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(call=calls())
def test_any_arguments_are_applied_or_refused_cleanly(books, call):
    tool, arguments = call
    before = books.voucher_count()
    outcome = books.run(books.a, tool, arguments)
    event(f"{tool}: {'ok' if outcome.ok else outcome.error.code}")
    if outcome.ok:
        return
    assert outcome.error.code in ERROR_CODES and outcome.error.code != "internal", outcome.error
    assert books.voucher_count() == before
