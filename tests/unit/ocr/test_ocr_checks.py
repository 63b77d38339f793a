"""The cross-checks of a read bill report every problem (not just the first), within a rupee's
tolerance, and the draft survives the dialogue state's JSON unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from stdnum import luhn

from domain.ocr import DraftLine, Field, InvoiceDraft, check
from domain.ocr.model import Problem

UP = "09AAKFS4521M1Z" + luhn.calc_check_digit("09AAKFS4521M1Z", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
DL = "07AAFCV1123K1Z" + luhn.calc_check_digit("07AAFCV1123K1Z", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def bill(**fields) -> InvoiceDraft:
    draft = InvoiceDraft(
        supplier_name=Field("Gupta Traders", 0.9), supplier_gstin=Field(UP, 0.9), invoice_no=Field("GT/1", 0.9),
        invoice_date=Field(date(2026, 11, 2), 0.9), taxable=Field(D("5240.00"), 0.9),
        cgst=Field(D("131.00"), 0.9, "CGST @ 2.5% 131.00"), sgst=Field(D("131.00"), 0.9, "SGST @ 2.5% 131.00"),
        total=Field(D("5502.00"), 0.9),
        lines=[DraftLine("Sugar", D(50), "kg", D(40), D("2000.00"), gst_rate=D(5)),
               DraftLine("Dal", D(20), "kg", D(120), D("2400.00"), gst_rate=D(5)),
               DraftLine("Salt", D(40), "pc", D(21), D("840.00"), gst_rate=D(5))],
    )
    for name, value in fields.items():
        if name == "lines":
            draft.lines = value
        else:
            setattr(draft, name, value if isinstance(value, Field) else Field(value, 0.9))
    return draft


def codes(problems: list[Problem]) -> list[str]:
    return sorted(p.code for p in problems)


def test_a_consistent_intra_state_bill_has_no_problems():
    assert check(bill(), today=date(2026, 11, 20), shop_state="09") == []


def test_rounding_within_a_rupee_is_tolerated():
    assert check(bill(total=D("5502.90"))) == []
    assert check(bill(total=D("5501.50"), round_off=D("-0.50"))) == []


def test_a_bill_with_three_faults_reports_all_three():
    draft = bill(total=D("5602.00"), sgst=Field(D("113.00"), 0.9, "SGST 113.00"),
                 lines=[DraftLine("Sugar", D(50), "kg", D(40), D("2000.00"), gst_rate=D(5)),
                        DraftLine("Dal", D(20), "kg", D(120), D("2400.00"), gst_rate=D(5))])
    problems = draft.problems = check(draft)
    assert codes(problems) == ["cgst_sgst_unequal", "lines_sum_mismatch", "total_mismatch"]
    mismatch = next(p for p in problems if p.code == "lines_sum_mismatch")
    assert mismatch.detail == {"lines_sum": "4400.00", "taxable": "5240.00"} and mismatch.fields == ("taxable",)
    assert set(draft.doubtful_fields()) == {"cgst", "sgst", "taxable", "total"}


def test_tax_that_is_not_the_rate_times_the_taxable_value_is_reported():
    problems = check(bill(cgst=Field(D("262.00"), 0.9), sgst=Field(D("262.00"), 0.9), total=D("5764.00")))
    assert codes(problems) == ["tax_rate_mismatch"]
    assert problems[0].detail == {"expected": "262.00", "tax": "524.00"}


def test_a_printed_rate_is_checked_when_the_lines_carry_none():
    lines = [DraftLine("Sugar", D(50), "kg", D(40), D("2000.00")), DraftLine("Dal", D(20), "kg", D(120), D("2400.00")),
             DraftLine("Salt", D(40), "pc", D(21), D("840.00"))]
    draft = bill(lines=lines, cgst=Field(D("131.00"), 0.9, "CGST @ 9% 131.00"))
    assert [(p.code, p.fields) for p in check(draft)] == [("tax_rate_mismatch", ("cgst",))]


def test_igst_on_an_intra_state_bill_and_cgst_on_an_inter_state_bill_are_both_caught():
    intra = bill(cgst=Field(), sgst=Field(), igst=Field(D("262.00"), 0.9))
    assert "igst_on_intra_state" in codes(check(intra, shop_state="09"))
    inter = bill(supplier_gstin=Field(DL, 0.9))
    assert "cgst_sgst_on_inter_state" in codes(check(inter, shop_state="09"))
    assert "cgst_sgst_on_inter_state" not in codes(check(inter))  # no destination known: nothing to compare


def test_missing_fields_an_invalid_gstin_and_a_future_date_are_reported():
    draft = bill(invoice_no=Field(), supplier_gstin=Field("27AAPFU0939F1ZO", 0.2),
                 invoice_date=Field(date(2026, 12, 25), 0.9))
    assert codes(check(draft, today=date(2026, 11, 20))) == ["date_in_future", "gstin_invalid", "missing"]


def test_a_field_the_user_corrected_is_no_longer_in_doubt():
    draft = bill(total=Field(D("5602.00"), 0.3))
    draft.problems = check(draft)
    assert "total" in draft.doubtful_fields()
    draft.total = Field(D("5502.00"), 1.0, "total 5502 hai", edited=True)
    draft.problems = check(draft)
    assert draft.problems == [] and draft.doubtful_fields() == []


def test_a_draft_survives_the_dialogue_state_json_exactly():
    draft = bill(round_off=D("-0.40"))
    draft.problems = check(bill(total=D("1.00")))
    again = InvoiceDraft.from_dict(draft.to_dict())
    assert again.to_dict() == draft.to_dict()
    assert again.total.value == D("5502.00") and again.invoice_date.value == date(2026, 11, 2)
    assert again.lines[0].qty == D(50) and again.problems == draft.problems
