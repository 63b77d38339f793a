"""Corrections said in chat while a bill's draft waits ("total 5420 hai", "bill number 1234",
"date 2/11/2026", "GSTIN ...") change exactly that field and mark it as the user's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot.conversation.invoice_flow import apply_edit, tool_args
from domain.ocr import DraftLine, Field, InvoiceDraft, check


def draft() -> InvoiceDraft:
    d = InvoiceDraft(supplier_name=Field("Gupta Traders", 0.8), supplier_gstin=Field("27AAPFU0939F1ZV", 0.9),
                     invoice_no=Field("1Z34", 0.4), invoice_date=Field(date(2026, 11, 2), 0.9),
                     taxable=Field(D("5240.00"), 0.9), cgst=Field(D("131.00"), 0.9), sgst=Field(D("131.00"), 0.9),
                     total=Field(D("5592.00"), 0.5),
                     lines=[DraftLine("Sugar", D(50), "kg", D(40), D("2000.00"), "1701", D(5), 0.9),
                            DraftLine("Dal", D(27), "kg", D(120), D("3240.00"), None, D(5), 0.9)])
    d.problems = check(d)
    return d


@pytest.mark.parametrize("text, field, value", [
    ("total 5502 hai", "total", D("5502.00")), ("Total ₹5,502", "total", D("5502.00")),
    ("kul 5502", "total", D("5502.00")), ("bill number 1234", "invoice_no", "1234"),
    ("bill no GT/1234 hai", "invoice_no", "GT/1234"), ("बिल नं 1234", "invoice_no", "1234"),
    ("date 3/11/2026", "invoice_date", date(2026, 11, 3)), ("tarikh 3 Nov 2026", "invoice_date", date(2026, 11, 3)),
    ("GSTIN 29AABCR1718E1ZL", "supplier_gstin", "29AABCR1718E1ZL"),
    ("supplier Gupta Brothers", "supplier_name", "Gupta Brothers"),
])
def test_a_correction_in_chat_sets_that_field_as_the_users(text, field, value):
    d = draft()
    changed, _ = apply_edit(d, text)
    assert changed == field
    assert d.get(field).value == value and d.get(field).edited and d.get(field).confidence == 1.0


def test_a_gst_amount_said_in_chat_is_split_into_cgst_and_sgst_on_an_intra_state_bill():
    d = draft()
    assert apply_edit(d, "gst 262 hai")[0] == "tax"
    assert (d.cgst.value, d.sgst.value, d.igst.value) == (D("131.00"), D("131.00"), None)


def test_an_invalid_gstin_said_in_chat_is_not_taken():
    d = draft()
    assert apply_edit(d, "GSTIN 27AAPFU0939F1ZO") is None
    assert d.supplier_gstin.value == "27AAPFU0939F1ZV"


def test_chat_that_corrects_nothing_is_left_to_the_normal_turn():
    assert apply_edit(draft(), "aaj kitni bikri hui") is None


def test_a_confirmed_draft_becomes_the_tools_arguments_with_the_bills_own_figures():
    d = draft()
    apply_edit(d, "total 5502")
    d.problems = check(d)
    args = tool_args(d, {"document": {"sha256": "a" * 64, "content_type": "image/jpeg", "size_bytes": 1}})
    assert (args["supplier"], args["supplier_gstin"], args["invoice_no"], args["invoice_date"]) == (
        "Gupta Traders", "27AAPFU0939F1ZV", "1Z34", "2026-11-02")
    assert (args["taxable"], args["cgst"], args["sgst"], args["total"]) == ("5240.00", "131.00", "131.00", "5502.00")
    assert [(ln["description"], ln["qty"], ln["taxable"]) for ln in args["lines"]] == [
        ("Sugar", "50", "2000.00"), ("Dal", "27", "3240.00")]


def test_lines_are_booked_even_when_they_do_not_add_up_and_lines_without_a_quantity_are_left_out():
    d = draft()
    d.lines[1].taxable = D("2400.00")
    d.lines.append(DraftLine("Freight", None, None, None, D("50.00")))
    d.problems = check(d)
    args = tool_args(d, {})
    assert [ln["description"] for ln in args["lines"]] == ["Sugar", "Dal"]
    assert args["taxable"] == "5240.00"  # the bill's own figure, spread over the lines by the tool
