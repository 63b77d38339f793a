"""The registry itself: the tool contract's names, typed and documented inputs, and refusals of
arguments that can never be right — before any database is opened."""

from __future__ import annotations

from datetime import date

import pytest

from tools import TOOLS, ToolContext, run_tool

ISSUE_2_TOOLS = {
    "record_sale", "record_purchase", "record_sale_return", "record_expense", "record_payment_in",
    "record_payment_out", "add_item", "set_price", "adjust_stock", "add_party", "send_payment_reminder",
    "share_bill", "set_language", "add_staff", "undo_last", "stock_query", "price_query", "low_stock",
    "sales_summary", "top_items", "expense_summary", "profit_loss", "cash_balance", "party_balance",
    "outstanding", "gst_summary",
}
OWNER = ToolContext(shop_id=1, user_id=1, role="owner", today=date(2026, 11, 20))


class UntouchableSessions:
    def __call__(self, *args, **kwargs):
        raise AssertionError("invalid arguments reached the database")


def refuse(tool: str, args: dict) -> dict:
    outcome = run_tool(UntouchableSessions(), OWNER, tool, args)
    assert not outcome.ok, outcome
    assert outcome.error.code == "invalid_arguments", outcome.error
    return outcome.error.details


def test_every_tool_of_issue_2_is_registered_and_no_later_one():
    assert ISSUE_2_TOOLS <= set(TOOLS)
    assert {"forecast", "reorder_suggestions"} <= set(TOOLS)


def test_the_gst_tools_are_registered():
    assert {"gst_summary", "gst_return", "set_address"} <= set(TOOLS)


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_every_tool_has_a_described_typed_input(tool):
    spec = TOOLS[tool]
    assert spec.description
    for name, field in spec.input_model.model_fields.items():
        assert field.description, f"{tool}.{name} has no description"
        assert field.annotation is not None


def test_writes_and_reads_are_told_apart():
    assert TOOLS["record_sale"].is_write and TOOLS["undo_last"].is_write
    assert not TOOLS["profit_loss"].is_write and not TOOLS["stock_query"].is_write


@pytest.mark.parametrize(
    "line",
    [
        {"item": "Sugar", "qty": -2, "unit": "kg"},
        {"item": "Sugar", "qty": 0, "unit": "kg"},
        {"item": "Sugar", "qty": 100001, "unit": "kg"},
        {"item": "Sugar", "qty": 100000001, "unit": "g"},
        {"item": "Eggs", "qty": 1000001, "unit": "pc"},
        {"item": "Sugar", "qty": 2, "unit": "quintal-ish"},
        {"item": "Sugar", "qty": 2, "unit": "kg", "rate": -44},
        {"item": "", "qty": 2, "unit": "kg"},
        {"item": "Sugar"},
    ],
)
def test_a_line_no_shop_could_mean_is_refused(line):
    details = refuse("record_sale", {"items": [line]})
    assert details["field"].startswith("items.0")


def test_a_large_but_real_quantity_in_grams_passes_validation():
    from tools.writes.vouchers import RecordSale

    RecordSale.model_validate({"items": [{"item": "Sugar", "qty": 200000, "unit": "g"}]})


@pytest.mark.parametrize("amount", [0, -5, 100000001, "NaN"])
def test_zero_negative_absurd_or_nan_amounts_are_refused(amount):
    refuse("record_expense", {"amount": amount, "category": "rent"})


def test_a_credit_sale_needs_a_party():
    details = refuse("record_sale", {"items": [{"item": "Sugar", "qty": 1, "unit": "kg"}], "payment": "credit"})
    assert "party" in details["reason"]


def test_items_or_amount_but_not_both_nor_neither():
    refuse("record_sale", {})
    refuse("record_sale", {"amount": 100, "items": [{"item": "Sugar", "qty": 1, "unit": "kg"}]})


def test_unknown_arguments_are_refused_but_empty_ones_are_ignored():
    refuse("record_expense", {"amount": 100, "category": "rent", "vendor": "landlord"})
    from tools.writes.vouchers import RecordExpense

    assert RecordExpense.model_validate({"amount": 100, "category": "rent"}).payment == "cash"


@pytest.mark.parametrize("period", ["fortnight", "2026-13", "2026-Q5", {"from": "2026-11-10", "to": "2026-11-01"},
                                    {"from": "2026-11-01"}])
def test_unknown_period_forms_are_refused(period):
    details = refuse("sales_summary", {"period": period})
    assert details["field"] == "period"


@pytest.mark.parametrize("period", ["today", "last_month", "2026-10", "2026-Q3", {"from": "2026-11-01", "to": "2026-11-20"}])
def test_every_period_form_of_the_contract_validates(period):
    from tools.reads.reports import SalesSummary

    SalesSummary.model_validate({"period": period})


def test_dues_are_never_paid_on_credit_and_categories_are_the_contracts():
    refuse("record_payment_in", {"party": "Ramesh Kumar", "amount": 100, "payment": "credit"})
    refuse("record_expense", {"amount": 100, "category": "bribes"})


def test_staff_phone_and_role_are_checked():
    refuse("add_staff", {"name": "Raju", "phone": "12345", "role": "staff"})
    refuse("add_staff", {"name": "Raju", "phone": "9876543210", "role": "owner"})
    from tools.writes.people import AddStaff

    assert AddStaff.model_validate({"name": "Raju", "phone": "98765 43210", "role": "staff"}).phone == "+919876543210"


def test_an_unknown_tool_is_not_supported():
    outcome = run_tool(UntouchableSessions(), OWNER, "no_such_tool", {})
    assert outcome.error.code == "not_supported"


def test_arguments_must_be_an_object():
    outcome = run_tool(UntouchableSessions(), OWNER, "record_sale", ["Sugar"])
    assert outcome.error.code == "invalid_arguments"


def test_every_tool_has_a_json_schema_an_agent_can_call_it_by():
    import json

    from tools import tool_schemas

    schemas = {s["name"]: s for s in tool_schemas()}
    assert set(schemas) == set(TOOLS)
    sale = schemas["record_sale"]["input_schema"]
    assert {"items", "amount", "party", "payment", "date"} <= set(sale["properties"])
    assert sale["additionalProperties"] is False
    json.dumps(schemas)  # plain JSON


@pytest.mark.parametrize("name", ["Sug\u0000ar", "Sugar\x1b[31m", "Rice\n"])
def test_names_with_control_characters_are_refused(name):
    refuse("stock_query", {"item": name})
    refuse("record_sale", {"items": [{"item": name, "qty": 1}]})
