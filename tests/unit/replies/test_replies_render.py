"""bot.conversation.replies: every tool's result and every refusal becomes a short reply in the user's language,
leading with the fact, with the shop's own item and party names and no other English."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.conversation.replies import _RENDERERS, LIST_CAP, period_label, render_outcome, render_summary
from locales import CATALOG_IDS, HINGLISH, translator
from tools.context import ToolOutcome

TODAY = date(2026, 11, 20)  # a Friday
NAMES = {"Selvam", "Sugar", "Rice", "Toor", "Dal", "Ramesh", "Kumar", "Gupta", "Traders", "Karthik", "Suger", "Pandian",
         "Lakshmi", "SL", "SR", "EX", "JV", "Sharma", "Kirana", "Uttar", "Pradesh", "ramesh", "okaxis", "Geeta",
         "Devi"}  # data, not words
ALLOWED = {"GST", "GSTIN", "CGST", "SGST", "IGST", "UPI", "GSTR1", "GSTR3B", "CMP08", "English", "Hinglish"}
NATIVE = [c for c in CATALOG_IDS if c not in ("en", HINGLISH)]
SUGAR = {"item": "Sugar", "qty": 2, "unit": "kg", "rate": 44, "rate_unit": "kg", "amount": 88}


def write(tool: str, **data) -> ToolOutcome:
    return ToolOutcome(ok=True, tool=tool, data=data, is_write=True, voucher=data.get("voucher"))


def read(tool: str, **data) -> ToolOutcome:
    return ToolOutcome(ok=True, tool=tool, data=data)


OUTCOMES = {
    "record_sale": write("record_sale", voucher="SL/26-27/0012", party="Ramesh Kumar", payment="credit",
                         total=88, amount=88, items=[SUGAR], party_balance=540),
    "record_purchase": write("record_purchase", voucher="PU/26-27/0003", party="Gupta Traders", payment="credit",
                             total=5240.5, items=[{**SUGAR, "qty": 50, "amount": 2000}], party_balance=-7800),
    "record_purchase_invoice": write("record_purchase_invoice", voucher="PU/26-27/0004", party="Gupta Traders",
                                     payment="cash", total=1000, items=[]),
    "record_sale_return": write("record_sale_return", voucher="SR/26-27/0001", party=None, total=44,
                                items=[{**SUGAR, "qty": 1, "amount": 44}]),
    "record_expense": write("record_expense", voucher="EX/26-27/0009", amount=150, total=150,
                            category="tea_snacks", payment="cash", items=[]),
    "record_payment_in": write("record_payment_in", voucher="RC/26-27/0002", party="Ramesh Kumar", amount=500,
                               payment="upi", party_balance=40),
    "record_payment_out": write("record_payment_out", voucher="PY/26-27/0002", party="Gupta Traders",
                                amount=5000, payment="bank", party_balance=-2800),
    "add_item": write("add_item", item="Toor Dal", rate=150, unit="kg", voucher=None),
    "set_price": write("set_price", item="Sugar", rate=46, unit="kg", old_rate=44, voucher=None),
    "adjust_stock": write("adjust_stock", voucher="SA/26-27/0001", item="Sugar", qty=50, unit="kg",
                          difference=-3, items=[]),
    "add_party": write("add_party", party="Lakshmi", kind="customer", voucher=None),
    "send_payment_reminder": write("send_payment_reminder", party="Ramesh Kumar", phone="+919800000001",
                                   balance=540, days=12, upi_link="upi://pay?pa=x", voucher=None),
    "share_bill": write("share_bill", voucher="SL/26-27/0012", party="Ramesh Kumar", total=88),
    "set_language": write("set_language", lang="ta", voucher=None),
    "add_staff": write("add_staff", name="Karthik", phone="+919443000002", role="staff", voucher=None),
    "set_shop_profile": write("set_shop_profile", shop="Sharma Kirana", upi_id="ramesh@okaxis", gstin=None,
                              state_code="09", state="Uttar Pradesh", gst_scheme="regular", city=None,
                              changed=["upi_id", "state"], unregistered=False, voucher=None),
    "set_party_details": write("set_party_details", party="Ramesh Kumar", kind="customer", phone="+919876543210",
                               gstin=None, voucher=None),
    "set_opening_balance": write("set_opening_balance", voucher="JV/26-27/0001", party="Ramesh Kumar",
                                 kind="customer", amount=2500, party_balance=2500),
    "set_pack_size": write("set_pack_size", item="Rice", pack="bag", qty=25, unit="kg", voucher=None),
    "undo_last": write("undo_last", voucher="SL/26-27/0013", reverses="SL/26-27/0012", undone="SL/26-27/0012",
                       total=88, items=[]),
    "stock_query": read("stock_query", item=None, items=[
        {"item": f"Rice {i}", "qty": 10 * i, "unit": "kg", "value": 520 * i} for i in range(1, 13)]),
    "price_query": read("price_query", item="Sugar", rate=44, unit="kg", gst_rate=5, stock=120),
    "low_stock": read("low_stock", items=[{"item": "Sugar", "qty": 12, "unit": "kg", "reorder_level": 40}]),
    "sales_summary": read("sales_summary", total=12450, count=38, period={"from": "2026-11-20", "to": "2026-11-20"},
                          previous_total=11528),
    "top_items": read("top_items", period={"from": "2026-11-16", "to": "2026-11-20"},
                      items=[{"item": "Sugar", "qty": 40, "unit": "kg", "sales": 1760}]),
    "expense_summary": read("expense_summary", total=2150, period={"from": "2026-11-01", "to": "2026-11-20"},
                            by_category={"rent": 2000, "tea_snacks": 150}),
    "profit_loss": read("profit_loss", period={"from": "2026-10-01", "to": "2026-10-31"}, sales=245000,
                        cost_of_goods=200000, gross_profit=45000, expenses=12000, net_profit=33000),
    "cash_balance": read("cash_balance", cash=8450.5, bank=23000, total=31450.5),
    "party_balance": read("party_balance", party="Ramesh Kumar", balance=540),
    "outstanding": read("outstanding", kind="receivable", total=12345678.5, parties=[
        {"party": f"Ramesh {i}", "balance": 1000 * i, "days": i} for i in range(1, 21)]),
    "audit_log": read("audit_log", period={"from": "2026-11-20", "to": "2026-11-20"}, entries=[
        {"at": f"2026-11-20T0{i}:30:00+00:00", "user": "Ramesh Kumar", "role": "staff", "tool": "record_sale",
         "source": "wamid.1", "voucher": f"SL/26-27/000{i}", "args": {}, "result": {}} for i in range(1, 9)]),
    **{tool: read(tool) for tool in ("list_vouchers", "voucher", "day_book", "party_statement", "balance_sheet",
                                     "trial_balance", "list_items", "list_parties", "dashboard")},
    "forecast": read("forecast", days=30, items=[{"item": "Sugar", "qty": 95, "unit": "kg"}]),
    "reorder_suggestions": read("reorder_suggestions", items=[{"item": "Sugar", "qty": 50, "unit": "kg"}]),
    "dead_stock": read("dead_stock", days=60, total_value=2450.5, items=[
        {"item": "Toor Dal", "qty": 12, "unit": "kg", "value": 1800, "idle_days": 75}]),
    "best_customers": read("best_customers", days=90, parties=[
        {"party": "Ramesh Kumar", "purchases": 245000.5, "visits": 25, "churn_probability": 0.1},
        {"party": "Lakshmi", "purchases": 1200, "visits": 2, "churn_probability": 0.8}]),
    "cash_flow": read("cash_flow", days=7, money_in=58000, money_out=61000, lowest_balance=-1200.5,
                      lowest_on="2026-11-25", short_on="2026-11-24"),
    "anomalies": read("anomalies", days=7, bills=[
        {"voucher": "SL/26-27/0012", "date": "2026-11-19", "total": 88, "reasons": ["duplicate", "odd_hour"]}]),
    "send_reorder": write("send_reorder", voucher=None, shop="Sharma Kirana", no_phone=[], orders=[
        {"supplier": "Gupta Traders", "phone": "+919100000002", "items": [{"item": "Sugar", "qty": 50, "unit": "kg"}]}]),
    "late_payers": read("late_payers", days=30, parties=[
        {"party": "Ramesh Kumar", "overdue": 1200.5, "balance": 1500, "days": 45, "late_by": 15}]),
    "price_suggestion": read("price_suggestion", item="Sugar", unit="kg", price=43, rate=44, cost=40,
                             competitor="Gupta Traders", competitor_price=42),
    "gst_summary": read("gst_summary", period={"from": "2026-10-01", "to": "2026-10-31"}, scheme="regular",
                        taxable=100000, cgst=2500, sgst=2500, igst=0, input_tax_credit=1800, net_payable=3200),
    "gst_return": read("gst_return", form="GSTR3B", period={"from": "2026-10-01", "to": "2026-10-31"}),
    "set_address": write("set_address", party="Ramesh Kumar", state="Uttar Pradesh", state_code="09",
                         pincode="226018", voucher=None),
    "set_digest": write("set_digest", digest_hour=7, remind_every_days=None, remind_min=0, remind_never=[],
                        voucher=None),
    "set_reminder_rule": write("set_reminder_rule", digest_hour=8, remind_every_days=7, remind_min=500,
                               remind_never=["Geeta Devi"], voucher=None),
}

REFUSALS = [
    ToolOutcome.refused("record_sale", "unknown_item", "x", item="Suger", suggestions=["Sugar"]),
    ToolOutcome.refused("record_sale", "unknown_item", "x", item="Suger", suggestions=[]),
    ToolOutcome.refused("record_sale", "unknown_party", "x", party="Ramesh", suggestions=["Ramesh Kumar"]),
    ToolOutcome.refused("record_sale", "unknown_party", "x", party="Ramesh", suggestions=[]),
    ToolOutcome.refused("record_sale", "permission_denied", "x", role="staff"),
    ToolOutcome.refused("record_sale", "insufficient_stock", "x", item="Sugar", available=1.5, unit="kg"),
    ToolOutcome.refused("record_purchase", "duplicate_invoice", "x", invoice_no="1234", party="Gupta Traders"),
    ToolOutcome.refused("record_sale", "invalid_arguments", "quantity -2: negative", field="qty", reason="negative"),
    ToolOutcome.refused("add_item", "invalid_arguments", "x", field="item", reason="already_exists", value="Sugar"),
    ToolOutcome.refused("send_payment_reminder", "invalid_arguments", "x", field="party", reason="nothing_due"),
    ToolOutcome.refused("send_payment_reminder", "invalid_arguments", "x", field="party", reason="no_phone"),
    ToolOutcome.refused("undo_last", "nothing_to_undo", "x"),
    ToolOutcome.refused("share_bill", "not_found", "x", what="voucher", value="last sale"),
    ToolOutcome.refused("no_such_tool", "not_supported", "x"),
    ToolOutcome.refused("record_sale", "internal", "KeyError"),
]


def _foreign_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*", text)) - NAMES - ALLOWED


def test_every_registered_tool_has_a_sample_here():
    assert set(_RENDERERS) == set(OUTCOMES)


def test_every_tool_in_the_registry_has_a_reply():
    from tools import TOOLS

    assert sorted(set(TOOLS) - set(_RENDERERS)) == []


@pytest.mark.parametrize("lang", CATALOG_IDS)
@pytest.mark.parametrize("tool", sorted(OUTCOMES))
def test_every_tool_result_renders_fully(tool, lang):
    text = render_outcome(OUTCOMES[tool], lang, today=TODAY)
    assert text.strip()
    assert "{" not in text and "}" not in text
    assert len(text.splitlines()) <= LIST_CAP + 4  # fits a phone screen


@pytest.mark.parametrize("lang", NATIVE)
@pytest.mark.parametrize("tool", sorted(OUTCOMES))
def test_no_english_in_a_native_script_reply_but_names(tool, lang):
    assert _foreign_words(render_outcome(OUTCOMES[tool], lang, today=TODAY)) == set()


@pytest.mark.parametrize("lang", NATIVE)
@pytest.mark.parametrize("outcome", REFUSALS, ids=lambda o: f"{o.error.code}")
def test_refusals_are_in_the_users_language_never_the_tools_english(outcome, lang):
    text = render_outcome(outcome, lang)
    assert _foreign_words(text) == set()
    assert outcome.error.message not in text


def test_each_refusal_gets_its_own_message():
    texts = {render_outcome(o, "en") for o in REFUSALS}
    assert len(texts) == len(REFUSALS)


def test_credit_sale_in_hinglish_leads_with_the_amount_and_the_khata():
    text = render_outcome(OUTCOMES["record_sale"], "hi", romanized=True, today=TODAY)
    assert text.splitlines() == [
        "✅ ₹88 Ramesh Kumar ke khate mein likh diya. Kul baaki: ₹540",
        "Sugar 2 kilo",
        'Galat hai? "hata do" bhejiye.',
    ]


def test_todays_sales_in_hinglish_compare_with_before():
    text = render_outcome(OUTCOMES["sales_summary"], "hi", romanized=True, today=TODAY)
    assert text == "Aaj ki bikri: ₹12,450 (38 bills), kal se 8% zyada"
    october = read("sales_summary", total=9000, count=30, period={"from": "2026-09-01", "to": "2026-09-30"},
                   previous_total=10000)
    assert render_outcome(october, "hi", romanized=True, today=TODAY) == \
        "September 2026 ki bikri: ₹9,000 (30 bills), pichhli baar se 10% kam"


def test_tamil_reply_for_a_sale_uses_tamil_units_and_indian_money():
    text = render_outcome(OUTCOMES["record_purchase"], "ta", today=TODAY)
    assert text.startswith("✅ Gupta Traders-இடம் ₹5,240.50 கொள்முதல் கடனில்.")
    assert "₹7,800" in text and "Sugar 50 கிலோ" in text


def test_a_latin_reply_starts_with_a_capital_even_after_an_emoji():
    top = render_outcome(OUTCOMES["top_items"], "hi", romanized=True, today=TODAY)
    assert top.startswith("🏆 Is hafte sabse zyada bike:")
    assert render_outcome(OUTCOMES["record_sale"], "en", today=TODAY).startswith("✅ ₹88 written")


def test_long_lists_are_capped_with_and_n_more():
    text = render_outcome(OUTCOMES["outstanding"], "hi", romanized=True, today=TODAY)
    lines = text.splitlines()
    assert lines[0] == "Udhaar vasooli: ₹1,23,45,678.50, 20 grahakon se"
    assert len(lines) == 1 + LIST_CAP + 1 and lines[-1] == "aur 12…"


def test_undo_hint_follows_posted_writes_only():
    hint = translator("ta")("undo.hint")
    assert render_outcome(OUTCOMES["record_expense"], "ta").endswith(hint)
    assert hint not in render_outcome(OUTCOMES["undo_last"], "ta")
    assert hint not in render_outcome(OUTCOMES["add_item"], "ta")
    assert hint not in render_outcome(OUTCOMES["cash_balance"], "ta")


def test_supplier_payment_reports_what_the_shop_still_owes():
    assert render_outcome(OUTCOMES["record_payment_out"], "en", undo_hint=False) == \
        "✅ ₹5,000 paid to Gupta Traders. You still owe: ₹2,800"


def test_payment_that_clears_the_khata_says_so():
    settled = write("record_payment_in", voucher="RC/1", party="Ramesh Kumar", amount=540, party_balance=0)
    assert "Khata saaf" in render_outcome(settled, "hi", romanized=True)


def test_paying_more_than_the_dues_is_an_advance():
    advance = write("record_payment_in", voucher="RC/2", party="Selvam", amount=1000, party_balance=-1000)
    assert render_outcome(advance, "en", undo_hint=False) == "✅ ₹1,000 received from Selvam. Advance with you: ₹1,000"
    prepaid = write("record_payment_out", voucher="PY/3", party="Gupta Traders", amount=500, party_balance=200)
    assert render_outcome(prepaid, "en", undo_hint=False) == "✅ ₹500 paid to Gupta Traders. Paid in advance: ₹200"


def test_net_loss_is_called_a_loss():
    loss = read("profit_loss", period={"from": "2026-11-20", "to": "2026-11-20"}, sales=100, cost_of_goods=90,
                gross_profit=10, expenses=60, net_profit=-50)
    assert render_outcome(loss, "hi", today=TODAY).startswith("आज का घाटा: ₹50")


def test_composition_shops_see_tax_on_turnover():
    gst = read("gst_summary", period={"from": "2026-09-01", "to": "2026-09-30"}, scheme="composition",
               taxable=200000, cgst=0, sgst=0, igst=0, input_tax_credit=0, net_payable=2000)
    assert render_outcome(gst, "ta", today=TODAY) == \
        "செப்டம்பர் 2026 GST (காம்போசிஷன்): விற்பனை ₹2,00,000, கட்ட வேண்டியது ₹2,000"


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ({"from": "2026-11-20", "to": "2026-11-20"}, "today"),
        ({"from": "2026-11-19", "to": "2026-11-19"}, "yesterday"),
        ({"from": "2026-11-16", "to": "2026-11-20"}, "this week"),
        ({"from": "2026-11-09", "to": "2026-11-15"}, "last week"),
        ({"from": "2026-11-01", "to": "2026-11-20"}, "this month"),
        ({"from": "2026-10-01", "to": "2026-10-31"}, "last month"),
        ({"from": "2026-09-01", "to": "2026-09-30"}, "in September 2026"),
        ({"from": "2026-11-02", "to": "2026-11-02"}, "on 02/11/2026"),
        ({"from": "2026-04-01", "to": "2026-06-30"}, "from 01/04/2026 to 30/06/2026"),
        ("this_year", "this year"),
    ],
)
def test_periods_are_named_as_a_shopkeeper_would(period, expected):
    assert period_label(translator("en"), period, TODAY) == expected


@pytest.mark.parametrize("lang", CATALOG_IDS)
@pytest.mark.parametrize("tool", sorted(t for t, o in OUTCOMES.items() if o.is_write))
def test_a_dry_run_write_has_a_one_line_summary_for_confirmation(tool, lang):
    summary = render_summary(OUTCOMES[tool], lang)
    assert summary.strip() and "{" not in summary
    confirm = translator(lang)("confirm.ask", summary=summary)
    assert summary in confirm


def test_summary_of_a_sale_names_items_and_payment():
    assert render_summary(OUTCOMES["record_sale"], "hi", romanized=True) == \
        "Ramesh Kumar ko ₹88 ki bikri (udhaar)\nSugar 2 kilo"


def test_an_unknown_tool_is_not_supported_rather_than_a_crash():
    assert render_outcome(read("teleport"), "ta") == translator("ta")("error.not_supported")


@pytest.mark.parametrize(
    ("lang", "period", "opening"),
    [
        ("mr", {"from": "2026-11-20", "to": "2026-11-20"}, "आजची विक्री: ₹12,450"),
        ("mr", {"from": "2026-11-16", "to": "2026-11-20"}, "या आठवड्याची विक्री: ₹12,450"),
        ("bn", {"from": "2026-11-16", "to": "2026-11-20"}, "এই সপ্তাহের বিক্রি: ₹12,450"),
        ("bn", {"from": "2026-11-20", "to": "2026-11-20"}, "আজকের বিক্রি: ₹12,450"),
        ("ta", {"from": "2026-11-20", "to": "2026-11-20"}, "இன்றைய விற்பனை: ₹12,450"),
        ("hi", {"from": "2026-11-16", "to": "2026-11-20"}, "इस हफ़्ते की बिक्री: ₹12,450"),
    ],
)
def test_a_period_that_owns_the_sales_takes_the_possessive_where_the_language_needs_it(lang, period, opening):
    sales = read("sales_summary", total=12450, count=38, period=period)
    assert render_outcome(sales, lang, today=TODAY).startswith(opening)


def test_the_possessive_changes_with_the_noun_it_owns_and_not_where_the_period_stands_alone():
    spent = read("expense_summary", total=2150, period={"from": "2026-11-20", "to": "2026-11-20"}, by_category=[])
    none = read("sales_summary", total=0, count=0, period={"from": "2026-11-20", "to": "2026-11-20"})
    assert render_outcome(spent, "mr", today=TODAY).startswith("आजचा खर्च: ₹2,150")
    assert render_outcome(none, "bn", today=TODAY).startswith("আজ কোনো বিক্রি নেই")


def test_a_ready_gst_return_belongs_to_its_period_in_marathi_and_bengali():
    ready = read("gst_return", form="GSTR3B", period={"from": "2026-10-01", "to": "2026-10-31"})
    assert render_outcome(ready, "mr", today=TODAY) == "📑 मागच्या महिन्याचा GSTR3B तयार आहे."
    assert render_outcome(ready, "bn", today=TODAY) == "📑 গত মাসের GSTR3B তৈরি।"
