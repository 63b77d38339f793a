"""Amazon Textract AnalyzeExpense responses mapped onto our fields (pure; no boto3 here).

SummaryFields: VENDOR_NAME, VENDOR_GST_NUMBER / TAX_PAYER_ID, RECEIVER_GST_NUMBER,
INVOICE_RECEIPT_ID, INVOICE_RECEIPT_DATE, SUBTOTAL, TAX, TOTAL (AMOUNT_DUE as a fallback), and
OTHER fields whose label says CGST / SGST / IGST / round off. LineItemGroups: ITEM (or ITEM_NAME),
QUANTITY, UNIT_PRICE, PRICE, PRODUCT_CODE. Raw strings (`₹1,180.00`) become Decimals here.
"""

from __future__ import annotations

from typing import Any

from domain.ocr import labels as L
from domain.ocr.amounts import money, numbers, parse_amount
from domain.ocr.dates import parse_date
from domain.ocr.gstin import find_gstins
from domain.ocr.items import SLABS
from domain.ocr.model import DraftLine, Field, InvoiceDraft, TextLine, Word

_SUMMARY = {
    "VENDOR_NAME": "supplier_name",
    "NAME": None,
    "VENDOR_GST_NUMBER": "supplier_gstin",
    "TAX_PAYER_ID": "supplier_gstin",
    "RECEIVER_GST_NUMBER": "buyer_gstin",
    "INVOICE_RECEIPT_ID": "invoice_no",
    "INVOICE_RECEIPT_DATE": "invoice_date",
    "SUBTOTAL": "taxable",
    "TAX": "tax",
    "TOTAL": "total",
    "AMOUNT_DUE": "total",
}


def _conf(field: dict[str, Any]) -> float:
    value = field.get("ValueDetection", {}).get("Confidence", 0.0)
    kind = field.get("Type", {}).get("Confidence", 100.0)
    return min(value, kind) / 100.0


def map_expense(response: dict[str, Any]) -> dict[str, Any]:
    """Our field names -> (text, confidence) from the first expense document, plus its line items."""
    out: dict[str, Any] = {"lines": []}
    docs = response.get("ExpenseDocuments") or []
    if not docs:
        return out
    doc = docs[0]
    for field in doc.get("SummaryFields", []):
        kind = field.get("Type", {}).get("Text", "")
        text = (field.get("ValueDetection") or {}).get("Text", "").strip()
        if not text:
            continue
        label = ((field.get("LabelDetection") or {}).get("Text") or "").lower()
        name = _SUMMARY.get(kind)
        if kind in ("OTHER", "TAX"):
            for key, rx in (("cgst", L.CGST), ("sgst", L.SGST), ("igst", L.IGST), ("round_off", L.ROUND_OFF)):
                if rx.search(label):
                    name = key
                    break
        if name and (name not in out or (kind == "TOTAL" and out[name][2] == "AMOUNT_DUE")):
            out[name] = (text, _conf(field), kind, label)
    for group in doc.get("LineItemGroups", []):
        for item in group.get("LineItems", []):
            row: dict[str, tuple[str, float]] = {}
            for field in item.get("LineItemExpenseFields", []):
                kind = field.get("Type", {}).get("Text", "")
                text = (field.get("ValueDetection") or {}).get("Text", "").strip()
                if kind == "ITEM_NAME":
                    kind = "ITEM"
                if text and kind in ("ITEM", "QUANTITY", "UNIT_PRICE", "PRICE", "PRODUCT_CODE", "EXPENSE_ROW"):
                    row.setdefault(kind, (text, _conf(field)))
            if row:
                out["lines"].append(row)
    return out


def lines_from_blocks(response: dict[str, Any]) -> tuple[TextLine, ...]:
    """The LINE blocks of the response as text lines (so label-based extraction also runs)."""
    out = []
    for doc in response.get("ExpenseDocuments") or []:
        for block in doc.get("Blocks") or []:
            if block.get("BlockType") != "LINE" or not block.get("Text"):
                continue
            box = (block.get("Geometry") or {}).get("BoundingBox") or {}
            top, left = int(box.get("Top", 0) * 1000), int(box.get("Left", 0) * 1000)
            height = int(box.get("Height", 0.02) * 1000)
            conf = block.get("Confidence", 90.0) / 100.0
            words = tuple(Word(t, conf, left + i * 40, top, 40, height) for i, t in enumerate(block["Text"].split()))
            out.append(TextLine(words))
    return tuple(out)


def _row_to_line(row: dict[str, tuple[str, float]]) -> DraftLine | None:
    desc = row.get("ITEM", ("", 0.0))[0] or row.get("EXPENSE_ROW", ("", 0.0))[0]
    price = parse_amount(row["PRICE"][0]) if "PRICE" in row else None
    if not desc or price is None:
        return None
    qty = parse_amount(row["QUANTITY"][0]) if "QUANTITY" in row else None
    rate = parse_amount(row["UNIT_PRICE"][0]) if "UNIT_PRICE" in row else None
    if rate is None and qty:
        rate = price / qty
    code = row.get("PRODUCT_CODE", ("", 0.0))[0]
    hsn = code if code.isdigit() and 4 <= len(code) <= 8 else None
    gst_rate = next((abs(n.value) for n in numbers(row.get("EXPENSE_ROW", ("", 0.0))[0])
                     if n.is_percent and abs(n.value) in SLABS), None)
    conf = min(c for _, c in row.values())
    return DraftLine(desc, qty, None, money(rate) if rate is not None else None, money(price), hsn, gst_rate, conf)


def merge_structured(draft: InvoiceDraft, structured: dict[str, Any]) -> InvoiceDraft:
    """Put Textract's fields into the draft where they are surer than what the text gave."""
    for name, entry in structured.items():
        if name == "lines":
            continue
        text, conf = entry[0], entry[1]
        value: Any
        if name in ("supplier_gstin", "buyer_gstin"):
            reads = find_gstins(text, conf)
            if not reads:
                continue
            value, conf = (reads[0].value, reads[0].confidence) if reads[0].valid else (reads[0].raw, 0.2)
        elif name == "invoice_date":
            value = parse_date(text)
        elif name in ("taxable", "tax", "total", "cgst", "sgst", "igst", "round_off"):
            amount = parse_amount(text)
            value = money(amount) if amount is not None else None
        else:
            value = text.strip()
        if value is None:
            continue
        current = draft.get(name)
        if not current.present or conf >= current.confidence:
            setattr(draft, name, Field(value, conf, text))
    mapped = [line for line in (_row_to_line(r) for r in structured.get("lines", [])) if line]
    if mapped:
        draft.lines = mapped
    return draft

