"""The audit trail: every applied write leaves one row naming who asked, through which message, which
tool with which arguments and what it changed; a replayed message adds none; `audit_log` answers
"aaj kisne kya likha" in the user's language."""

from __future__ import annotations

from bot.conversation.replies import render_outcome
from tests.integration.tools.conftest import TODAY


def test_each_write_is_traceable_to_its_user_and_message(books):
    books.ok(books.a, "record_sale", {"items": [{"item": "Sugar", "qty": 1, "unit": "kg"}], "payment": "cash"},
             role="staff", message_id="wamid.sale-1")
    books.ok(books.a, "record_sale", {"items": [{"item": "Sugar", "qty": 1, "unit": "kg"}], "payment": "cash"},
             role="staff", message_id="wamid.sale-1")  # a redelivery: replayed, not written again
    books.ok(books.a, "set_price", {"item": "Sugar", "rate": 46}, message_id="wamid.price-1")
    books.ok(books.a, "stock_query", {})  # reads leave nothing
    books.run(books.a, "record_purchase", {"amount": 10, "payment": "cash"}, role="staff")  # refused: nothing
    books.ok(books.b, "record_expense", {"amount": 30, "category": "tea_snacks", "payment": "cash"},
             message_id="other-shop-1")

    log = books.ok(books.a, "audit_log", {"period": "today"}).data
    entries = [e for e in log["entries"] if (e["source"] or "").startswith("wamid.")]  # after the fixture's own
    assert [(e["tool"], e["source"], e["role"]) for e in entries] == [
        ("record_sale", "wamid.sale-1", "staff"), ("set_price", "wamid.price-1", "owner")]
    assert entries[0]["voucher"] and entries[0]["result"]["voucher"] == entries[0]["voucher"]
    assert entries[1]["args"]["item"] == "Sugar" and str(entries[1]["args"]["rate"]) == "46"
    assert all(e["source"] != "other-shop-1" for e in log["entries"])  # the other shop's write is not here
    text = render_outcome(books.run(books.a, "audit_log", {}), "hi", today=TODAY)
    assert entries[0]["voucher"] in text and "Sugar" in text


def test_staff_may_not_read_the_audit_trail(books):
    refused = books.run(books.a, "audit_log", {}, role="staff")
    assert not refused.ok and refused.error.code == "permission_denied"
