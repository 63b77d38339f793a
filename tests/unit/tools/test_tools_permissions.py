"""Every role against every tool: the table of tools/permissions.py, spelt out tool by tool."""

from __future__ import annotations

from datetime import date

import pytest

from tools import TOOLS, ToolContext, run_tool
from tools.permissions import ROLE_PERMISSIONS, allowed

ALL = set(TOOLS)
READS = {
    "stock_query", "price_query", "low_stock", "sales_summary", "top_items", "expense_summary",
    "profit_loss", "cash_balance", "party_balance", "outstanding", "gst_summary", "gst_return",
    "forecast", "reorder_suggestions", "dead_stock", "best_customers", "cash_flow", "anomalies",
    "late_payers",
    "list_vouchers", "voucher", "day_book", "party_statement", "balance_sheet", "trial_balance", "list_items",
    "list_parties", "dashboard", "audit_log",
}
# Who may run what, written out independently of the code under test.
EXPECTED = {
    "owner": ALL,
    "manager": ALL - {"add_staff", "set_shop_profile", "set_digest", "set_reminder_rule"},  # price_suggestion too: it reads like set_price writes
    "accountant": READS | {"record_payment_in", "record_payment_out", "record_expense", "send_payment_reminder",
                           "set_opening_balance", "set_language", "undo_last"},
    "staff": {"record_sale", "record_sale_return", "share_bill", "stock_query", "price_query", "low_stock",
              "forecast", "reorder_suggestions", "list_items", "set_language", "undo_last"},
}


class UntouchableSessions:
    """A session factory that fails the test if a refused call reaches the database."""

    def __call__(self, *args, **kwargs):
        raise AssertionError("a refused tool call opened a database session")


def test_the_expected_table_names_only_registered_tools():
    for role, tools in EXPECTED.items():
        assert tools <= ALL, (role, tools - ALL)


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_each_role_may_run_exactly_the_tools_of_its_row(role, tool):
    assert allowed(role, TOOLS[tool].permission) == (tool in EXPECTED[role])


REFUSED = [(role, tool) for role in sorted(EXPECTED) for tool in sorted(TOOLS) if tool not in EXPECTED[role]]


@pytest.mark.parametrize(("role", "tool"), REFUSED)
def test_a_refused_role_is_stopped_before_the_database(role, tool):
    ctx = ToolContext(shop_id=1, user_id=1, role=role, today=date(2026, 11, 20))
    outcome = run_tool(UntouchableSessions(), ctx, tool, {})
    assert not outcome.ok
    assert outcome.error.code == "permission_denied"
    assert outcome.error.details["role"] == role


def test_an_unknown_role_may_run_nothing():
    assert not any(allowed("customer", spec.permission) for spec in TOOLS.values())
    assert set(ROLE_PERMISSIONS) == {"owner", "manager", "accountant", "staff"}


def test_staff_enter_no_purchases_and_accountants_no_sales():
    assert not allowed("staff", TOOLS["record_purchase"].permission)
    assert not allowed("accountant", TOOLS["record_sale"].permission)
    assert allowed("accountant", TOOLS["gst_summary"].permission)
