"""Amazon Textract AnalyzeExpense mapped onto our fields, against botocore Stubber responses
(moto does not implement analyze_expense): summary fields, CGST/SGST from labelled fields, line
items, missing fields, and Textract's refusals as ours."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal as D

import boto3
import pytest
from botocore.stub import Stubber

from domain.ocr import ImageRejected, read_invoice
from domain.ocr.engines.textract import TextractEngine

IMAGE = b"\xff\xd8\xff\xe0 jpeg bytes of a bill"


def field(kind: str, value: str, label: str | None = None, confidence: float = 98.0) -> dict:
    out = {"Type": {"Text": kind, "Confidence": 99.0}, "ValueDetection": {"Text": value, "Confidence": confidence},
           "PageNumber": 1}
    if label:
        out["LabelDetection"] = {"Text": label, "Confidence": 97.0}
    return out


def line(text: str, top: float) -> dict:
    return {"BlockType": "LINE", "Text": text, "Confidence": 99.0,
            "Geometry": {"BoundingBox": {"Width": 0.5, "Height": 0.02, "Left": 0.1, "Top": top}}}


RESPONSE = {
    "DocumentMetadata": {"Pages": 1},
    "ExpenseDocuments": [{
        "ExpenseIndex": 1,
        "SummaryFields": [
            field("VENDOR_NAME", "Gupta Traders", "", 95.0),
            field("VENDOR_GST_NUMBER", "27AAPFU0939FIZV", "GSTIN"),  # OCR read I for 1: repaired by checksum
            field("INVOICE_RECEIPT_ID", "GT/1234", "Invoice No"),
            field("INVOICE_RECEIPT_DATE", "02-Nov-2026", "Date"),
            field("SUBTOTAL", "₹5,240.00", "Taxable Value"),
            field("TAX", "₹131.00", "CGST @ 2.5%"),
            field("OTHER", "131.00", "SGST @ 2.5%"),
            field("OTHER", "-0.00", "Round Off"),
            field("TOTAL", "₹ 5,502.00", "Grand Total"),
        ],
        "LineItemGroups": [{"LineItemGroupIndex": 1, "LineItems": [
            {"LineItemExpenseFields": [field("ITEM", "Sugar"), field("QUANTITY", "50"), field("UNIT_PRICE", "40.00"),
                                       field("PRICE", "2,000.00"), field("PRODUCT_CODE", "1701")]},
            {"LineItemExpenseFields": [field("ITEM_NAME", "Toor Dal"), field("QUANTITY", "20"),
                                       field("PRICE", "₹2,400.00")]},
            {"LineItemExpenseFields": [field("ITEM", "Tata Salt 1kg"), field("QUANTITY", "40"),
                                       field("UNIT_PRICE", "21.00"), field("PRICE", "840.00")]},
        ]}],
        "Blocks": [line("GUPTA TRADERS", 0.02), line("Place of Supply: 27-Maharashtra", 0.1)],
    }],
}


@pytest.fixture
def textract():
    client = boto3.client("textract", region_name="ap-south-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")
    with Stubber(client) as stubber:
        yield client, stubber


def test_an_analyze_expense_response_becomes_a_draft_with_every_mapped_field(textract):
    client, stubber = textract
    stubber.add_response("analyze_expense", copy.deepcopy(RESPONSE), {"Document": {"Bytes": IMAGE}})
    draft = read_invoice(IMAGE, TextractEngine(client))
    stubber.assert_no_pending_responses()
    assert draft.engine == "textract"
    assert draft.supplier_name.value == "Gupta Traders"
    assert draft.supplier_gstin.value == "27AAPFU0939F1ZV"
    assert (draft.invoice_no.value, draft.invoice_date.value) == ("GT/1234", date(2026, 11, 2))
    assert (draft.taxable.value, draft.cgst.value, draft.sgst.value, draft.total.value) == (
        D("5240.00"), D("131.00"), D("131.00"), D("5502.00"))
    assert draft.place_of_supply.value == "27"  # from the LINE blocks
    assert [(ln.description, ln.qty, ln.rate, ln.taxable, ln.hsn) for ln in draft.lines] == [
        ("Sugar", D(50), D("40.00"), D("2000.00"), "1701"),
        ("Toor Dal", D(20), D("120.00"), D("2400.00"), None),
        ("Tata Salt 1kg", D(40), D("21.00"), D("840.00"), None),
    ]
    assert draft.problems == []
    assert 0.9 < draft.total.confidence <= 1.0


def test_a_response_without_fields_gives_an_empty_draft_that_is_no_invoice(textract):
    client, stubber = textract
    stubber.add_response("analyze_expense", {"DocumentMetadata": {"Pages": 1}, "ExpenseDocuments": []})
    draft = read_invoice(IMAGE, TextractEngine(client))
    assert not draft.looks_like_invoice()
    assert [p.code for p in draft.problems] == ["missing"] * 4


def test_amount_due_stands_in_for_a_missing_total(textract):
    client, stubber = textract
    response = copy.deepcopy(RESPONSE)
    fields = response["ExpenseDocuments"][0]["SummaryFields"]
    fields[:] = [f for f in fields if f["Type"]["Text"] != "TOTAL"] + [field("AMOUNT_DUE", "5,502.00", "Amount Due")]
    stubber.add_response("analyze_expense", response)
    assert read_invoice(IMAGE, TextractEngine(client)).total.value == D("5502.00")


@pytest.mark.parametrize("code, reason", [("UnsupportedDocumentException", "unsupported"),
                                          ("BadDocumentException", "unreadable"),
                                          ("DocumentTooLargeException", "too_large")])
def test_textract_refusals_become_ours(textract, code, reason):
    client, stubber = textract
    stubber.add_client_error("analyze_expense", service_error_code=code, http_status_code=400)
    with pytest.raises(ImageRejected) as refused:
        read_invoice(IMAGE, TextractEngine(client))
    assert refused.value.reason == reason
