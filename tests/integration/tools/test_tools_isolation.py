"""Shop isolation through every tool: a user of shop A can neither read nor write shop B's data.

Each registered tool must have a case below (a new tool without one fails). A case is a list of
calls made by A's owner: naming B's items or parties must be refused as unknown; calls that succeed
must mention nothing of B. After every case B's books are exactly as before, and a read of A gives
the same answer however much B trades meanwhile.
"""

from __future__ import annotations

import json

import pytest

from tools import TOOLS

B_ONLY = ("Filter Coffee", "Lakshmi", "Pandian", "kaapi", "Beta Stores")
COFFEE = {"item": "Filter Coffee", "qty": 1, "unit": "kg"}
SUGAR = {"item": "Sugar", "qty": 1, "unit": "kg"}

# tool -> [(arguments given by A's owner, the refusal expected or None for success)]
CASES: dict[str, list[tuple[dict, str | None]]] = {
    "record_sale": [({"items": [COFFEE]}, "unknown_item"), ({"items": [{"item": "kaapi", "qty": 1}]}, "unknown_item"),
                    ({"items": [SUGAR], "party": "Lakshmi", "payment": "credit"}, "unknown_party"),
                    ({"items": [SUGAR]}, None)],
    "record_purchase": [({"items": [COFFEE], "party": "Gupta Traders"}, "unknown_item"),
                        ({"amount": 500, "party": "Pandian Traders", "payment": "credit"}, "unknown_party"),
                        ({"items": [SUGAR], "party": "Gupta Traders", "invoice_no": "P-9"}, None)],
    "record_purchase_invoice": [
        ({"supplier": "Gupta Traders", "invoice_no": "G-1",
          "lines": [{"description": "Filter Coffee", "qty": 1, "unit": "kg", "taxable": 100}]}, "unknown_item"),
        ({"supplier": "Gupta Traders", "invoice_no": "G-1", "cgst": 1, "sgst": 1,
          "lines": [{"description": "Sugar", "qty": 1, "unit": "kg", "taxable": 40, "gst_rate": 5}]}, None)],
    "record_sale_return": [({"items": [COFFEE]}, "unknown_item"), ({"items": [SUGAR], "party": "Lakshmi"}, "unknown_party"),
                           ({"items": [SUGAR]}, None)],
    "record_expense": [({"amount": 300, "category": "rent"}, None)],
    "record_payment_in": [({"party": "Lakshmi", "amount": 100}, "unknown_party"),
                          ({"party": "Ramesh Kumar", "amount": 10}, None)],
    "record_payment_out": [({"party": "Pandian Traders", "amount": 100}, "unknown_party"),
                           ({"party": "Gupta Traders", "amount": 10}, None)],
    "add_item": [({"item": "Filter Coffee", "rate": 10, "unit": "kg"}, None)],
    "set_price": [({"item": "Filter Coffee", "rate": 1}, "unknown_item"), ({"item": "Sugar", "rate": 1}, None)],
    "adjust_stock": [({"item": "Filter Coffee", "qty": 0}, "unknown_item"), ({"item": "Sugar", "qty": 0}, None)],
    "add_party": [({"party": "Lakshmi", "kind": "customer"}, None)],
    "send_payment_reminder": [({"party": "Lakshmi"}, "unknown_party"), ({"party": "Ramesh Kumar"}, None)],
    "share_bill": [({"party": "Lakshmi"}, "unknown_party"), ({}, None)],
    "set_address": [({"party": "Lakshmi", "state": "Kerala"}, "unknown_party"),
                    ({"party": "Ramesh Kumar", "city": "Kanpur", "pincode": "208001"}, None),
                    ({"address": "1 Hazratganj", "pincode": "226001"}, None)],
    "gst_return": [({"form": "GSTR1", "period": "2026-11"}, None), ({"form": "GSTR3B", "period": "2026-11"}, None)],
    "set_language": [({"lang": "ta"}, None)],
    "add_staff": [({"name": "Someone", "phone": "+919800000001", "role": "staff"}, "invalid_arguments")],
    "undo_last": [({}, None)],
    "set_shop_profile": [({"upi_id": "asha@okaxis", "state": "Lucknow"}, None)],
    "set_party_details": [({"party": "Lakshmi", "phone": "9800000009"}, "unknown_party"),
                          ({"party": "Ramesh Kumar", "phone": "9800000009"}, None)],
    "set_opening_balance": [({"party": "Lakshmi", "amount": 100}, "unknown_party"),
                            ({"party": "Ramesh Kumar", "amount": 100}, None)],
    "set_pack_size": [({"item": "Filter Coffee", "unit": "bag", "qty": 25, "qty_unit": "kg"}, "unknown_item"),
                      ({"item": "Sugar", "unit": "bag", "qty": 50, "qty_unit": "kg"}, None)],
    "stock_query": [({"item": "Filter Coffee"}, "unknown_item"), ({}, None), ({"item": "Sugar"}, None)],
    "price_query": [({"item": "Filter Coffee"}, "unknown_item"), ({"item": "Sugar"}, None)],
    "low_stock": [({}, None)],
    "sales_summary": [({"period": "this_year"}, None)],
    "top_items": [({"period": "this_year", "n": 10}, None)],
    "expense_summary": [({"period": "this_year"}, None)],
    "profit_loss": [({"period": "this_year"}, None)],
    "cash_balance": [({}, None)],
    "party_balance": [({"party": "Lakshmi"}, "unknown_party"), ({"party": "Pandian Traders"}, "unknown_party"),
                      ({"party": "Ramesh Kumar"}, None)],
    "outstanding": [({}, None), ({"kind": "payable"}, None)],
    "gst_summary": [({"period": "this_year"}, None)],
    "list_vouchers": [({}, None), ({"types": ["sale"], "limit": 200}, None)],
    "voucher": [({"number": "SL/26-27/0001"}, None)],
    "day_book": [({}, None)],
    "party_statement": [({"party": "Lakshmi"}, "unknown_party"), ({"party": "Ramesh Kumar"}, None)],
    "balance_sheet": [({}, None)],
    "trial_balance": [({}, None)],
    "list_items": [({}, None)],
    "list_parties": [({}, None)],
    "dashboard": [({}, None)],
    "audit_log": [({"period": "this_year"}, None)],
    "forecast": [({"item": "Filter Coffee"}, "unknown_item"), ({"item": "Sugar", "days": 7}, None)],
    "reorder_suggestions": [({}, None)],
    "send_reorder": [({"supplier": "Pandian Traders"}, "unknown_party"), ({"supplier": "Gupta Traders"}, None)],
    "dead_stock": [({}, None)],
    "best_customers": [({}, None)],
    "cash_flow": [({}, None)],
    "anomalies": [({}, None)],
    "late_payers": [({}, None)],
    "price_suggestion": [({"item": "Filter Coffee"}, "unknown_item"), ({"item": "Sugar", "competitor_price": 42}, None)],
    "set_digest": [({"hour": 7}, None)],
    "set_reminder_rule": [({"never": "Lakshmi"}, "unknown_party"), ({"every_days": 7, "min_amount": 500}, None)],
}


def snapshot(books, shop) -> dict:
    """Everything a shop's owner can see of their books, through the tools."""
    from domain.books import shops
    from domain.store.uow import SqlUnitOfWork

    reads = {
        "stock": ("stock_query", {}), "sales": ("sales_summary", {"period": "this_year"}),
        "receivable": ("outstanding", {}), "payable": ("outstanding", {"kind": "payable"}),
        "cash": ("cash_balance", {}), "expenses": ("expense_summary", {"period": "this_year"}),
        "gst": ("gst_summary", {"period": "this_year"}), "pl": ("profit_loss", {"period": "this_year"}),
        "sugar": ("price_query", {"item": "Sugar"}), "low": ("low_stock", {}),
    }
    seen = {key: books.ok(shop, tool, args).data for key, (tool, args) in reads.items()}
    with SqlUnitOfWork(books.session_factory) as uow:
        seen["users"] = [(u.name, u.phone, u.role, u.language) for u in shops.list_users(uow, shop.id)]
    from tools import vocabulary

    seen["vocabulary"] = vocabulary(books.session_factory, shop.id)
    seen["vouchers"] = books.voucher_count(shop)
    return seen


def b_trades(books) -> None:
    b = books.b
    books.ok(b, "record_sale", {"items": [{"item": "Sugar", "qty": 3, "unit": "kg"}], "party": "Lakshmi",
                                "payment": "credit"})
    books.ok(b, "record_purchase", {"amount": 900, "party": "Pandian Traders", "payment": "credit"})
    books.ok(b, "record_expense", {"amount": 120, "category": "tea_snacks"})
    books.ok(b, "record_payment_in", {"party": "Lakshmi", "amount": 100, "payment": "upi"})


def test_every_registered_tool_has_an_isolation_case():
    assert set(CASES) >= set(TOOLS), f"no isolation case for {sorted(set(TOOLS) - set(CASES))}"


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_user_of_one_shop_cannot_reach_another_shops_data(books, tool):
    assert tool in CASES, f"{tool} has no shop-isolation case: add one to CASES"
    before = snapshot(books, books.b)
    answers = []
    for args, refusal in CASES[tool]:
        outcome = books.run(books.a, tool, args)
        if refusal is None:
            assert outcome.ok, (args, outcome.error)
            text = json.dumps(outcome.data)
            if tool not in ("add_item", "add_party"):  # those create A's own namesake on purpose
                assert not any(name in text for name in B_ONLY), text
            answers.append(outcome.data)
        else:
            assert not outcome.ok, (args, outcome.data)
            assert outcome.error.code == refusal, outcome.error
    assert snapshot(books, books.b) == before
    if not TOOLS[tool].is_write:
        b_trades(books)
        again = [books.ok(books.a, tool, args).data for args, refusal in CASES[tool] if refusal is None]
        assert again == answers


def test_undo_never_reaches_into_another_shop(books):
    b_before = snapshot(books, books.b)
    first = books.ok(books.a, "undo_last")  # A's purchase, though B posted after it
    assert first.data["type"] == "purchase" and first.data["party"] == "Gupta Traders"
    undone = [first.data["undone"]]
    while (outcome := books.run(books.a, "undo_last")).ok:
        undone.append(outcome.data["undone"])
    assert outcome.error.code == "nothing_to_undo"
    assert len(undone) == 6  # A's owner: three opening stocks, a sale, an expense, a purchase
    b_after = snapshot(books, books.b)
    assert b_after == b_before


def test_reads_of_a_shop_add_up_to_its_own_trading_only(books):
    sales = books.ok(books.a, "sales_summary", {"period": "this_year"}).data
    assert sales["total"] == 88 and sales["count"] == 1
    assert books.ok(books.a, "price_query", {"item": "Sugar"}).data["rate"] == 44
    assert books.ok(books.b, "price_query", {"item": "Sugar"}).data["rate"] == 50
    parties = books.ok(books.a, "outstanding").data["parties"]
    assert [(p["party"], p["balance"]) for p in parties] == [("Ramesh Kumar", 88)]
