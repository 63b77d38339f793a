"""Arithmetic and GST cross-checks of a draft; like beancount's validation, every problem is
returned, not just the first, so a bill with three faults reports all three.

Every total is checked: against taxable + tax (+ round-off) or the item rows when the draft has
them, else against the bill's own printed arithmetic (`arith.total_relations`: subtotal + tax,
cash - change, a GST summary); a total nothing confirms is `total_unchecked`, asked about.

Tolerance: amounts may differ by up to ₹1 (`TOLERANCE`). Tax is computed per line and rounded to
the paisa, totals are rounded to the rupee (section 170 CGST Act), and a bill's own figures may
each carry that rounding; more than a rupee apart means a misread digit or a wrong bill.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.ocr.amounts import numbers
from domain.ocr.arith import total_relations
from domain.ocr.gstin import is_valid, state_code
from domain.ocr.model import InvoiceDraft, Problem

TOLERANCE = Decimal("1.00")
REQUIRED = ("supplier_name", "invoice_no", "invoice_date", "total")


def _s(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _percent(raw: str | None) -> Decimal | None:
    for n in numbers(raw or ""):
        if n.is_percent:
            return abs(n.value)
    return None


def check(draft: InvoiceDraft, *, today: date | None = None, shop_state: str | None = None) -> list[Problem]:
    """Every problem with the draft; an empty list means it may be booked as read."""
    problems: list[Problem] = []
    for name in REQUIRED:
        if not draft.get(name).present:
            problems.append(Problem("missing", (name,)))
    for name in ("supplier_gstin", "buyer_gstin"):
        value = draft.get(name).value
        if value is not None and not is_valid(value):
            problems.append(Problem("gstin_invalid", (name,), {"value": value}))

    tax = draft.tax_total
    taxable = draft.taxable.value
    lines = [ln for ln in draft.lines if ln.taxable is not None]
    lines_sum = sum((ln.taxable for ln in lines if ln.taxable is not None), Decimal(0))
    if lines and taxable is not None and abs(lines_sum - taxable) > TOLERANCE:
        inclusive = draft.total.present and abs(lines_sum - draft.total.value) <= TOLERANCE
        if not inclusive:
            problems.append(Problem("lines_sum_mismatch", ("taxable",),
                                    {"lines_sum": _s(lines_sum), "taxable": _s(taxable)}))
    base = taxable if taxable is not None else (lines_sum if lines else None)

    tax_fields = tuple(n for n in ("cgst", "sgst", "igst") if draft.get(n).present) or ("tax",)
    rated = [ln for ln in lines if ln.gst_rate is not None]
    if tax is not None and rated and len(rated) == len(lines) and (taxable is None or
                                                                   abs(lines_sum - taxable) <= TOLERANCE):
        expected = sum((ln.taxable * ln.gst_rate / 100 for ln in rated
                        if ln.taxable is not None and ln.gst_rate is not None), Decimal(0))
        if abs(expected - tax) > TOLERANCE:
            problems.append(Problem("tax_rate_mismatch", tax_fields, {"expected": _s(expected), "tax": _s(tax)}))
    elif base is not None and len({ln.gst_rate for ln in rated}) <= 1:
        for name in ("cgst", "sgst", "igst"):
            fld = draft.get(name)
            rate = _percent(fld.raw)
            if fld.present and rate is not None and not fld.edited:
                expected = base * rate / 100
                if abs(expected - fld.value) > TOLERANCE:
                    problems.append(Problem("tax_rate_mismatch", (name,),
                                            {"rate": str(rate), "expected": _s(expected), "tax": _s(fld.value)}))

    cgst, sgst = draft.cgst.value, draft.sgst.value
    if (cgst is None) != (sgst is None) or (cgst is not None and sgst is not None and abs(cgst - sgst) > Decimal("0.01")):
        problems.append(Problem("cgst_sgst_unequal", ("cgst", "sgst"),
                                {"cgst": _s(cgst) if cgst is not None else "", "sgst": _s(sgst) if sgst is not None else ""}))

    round_off = draft.round_off.value or Decimal(0)
    if abs(round_off) >= TOLERANCE:  # booked to the round-off account only when under ₹1
        problems.append(Problem("round_off_too_large", ("round_off",), {"round_off": _s(round_off)}))
    if draft.total.present and base is not None and tax is not None:
        expected = base + tax + round_off
        if abs(expected - draft.total.value) > TOLERANCE:
            problems.append(Problem("total_mismatch", ("total", "taxable", *tax_fields),
                                    {"expected": _s(expected), "total": _s(draft.total.value)}))
        closed = True
    else:
        closed = bool(lines) and abs(lines_sum - draft.total.value) <= TOLERANCE if draft.total.present else True
    if draft.total.present and not draft.total.edited and not closed and not total_relations(draft.total.value,
                                                                                             draft.text):
        # no figure on the bill confirms the total: the shopkeeper is asked to check it
        problems.append(Problem("total_unchecked", ("total",), {"total": _s(draft.total.value)}))

    supplier_state = state_code(draft.supplier_gstin.value) if is_valid(draft.supplier_gstin.value or "") else None
    destination = draft.place_of_supply.value or (
        state_code(draft.buyer_gstin.value) if is_valid(draft.buyer_gstin.value or "") else None) or shop_state
    if supplier_state and destination:
        igst = draft.igst.value or Decimal(0)
        split = (cgst or Decimal(0)) + (sgst or Decimal(0))
        if supplier_state == destination and igst > 0:
            problems.append(Problem("igst_on_intra_state", ("igst", "place_of_supply"),
                                    {"supplier_state": supplier_state, "destination": destination}))
        if supplier_state != destination and split > 0:
            problems.append(Problem("cgst_sgst_on_inter_state", ("cgst", "sgst", "place_of_supply"),
                                    {"supplier_state": supplier_state, "destination": destination}))

    if today is not None and draft.invoice_date.present and draft.invoice_date.value > today:
        problems.append(Problem("date_in_future", ("invoice_date",), {"date": draft.invoice_date.value.isoformat()}))
    return problems
