"""Reading fields from OCR text: GSTINs (repaired only when the checksum confirms), Indian date
forms, amounts, and whole bills of several layouts in English, Hindi and Tamil."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from stdnum import luhn

from domain.ocr import OcrResult, extract
from domain.ocr.amounts import numbers, parse_amount
from domain.ocr.dates import find_dates, parse_date
from domain.ocr.gstin import find_gstins, repair

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def gstin(body: str) -> str:
    return body + luhn.calc_check_digit(body, ALNUM)


VALID = "27AAPFU0939F1ZV"
UP = gstin("09AAKFS4521M1Z")
TN = gstin("33AABCM1234K1Z")


# --- GSTIN ---------------------------------------------------------------------------------

@pytest.mark.parametrize("read", ["27AAPFU0939FIZV", "2TAAPFUO939F1ZV", "27AAPFUO939F1ZV", "27AAPFU0939F12V",
                                  "Z7AAPFU0939F1ZV"])
def test_ocr_confusions_in_a_gstin_are_repaired_when_the_checksum_confirms(read):
    assert repair(read) == VALID


def test_a_gstin_with_a_wrong_check_character_is_never_repaired_into_another():
    assert repair("27AAPFU0939F1ZO") is None
    [read] = find_gstins("GSTIN: 27AAPFU0939F1ZO")
    assert not read.valid and read.value == "27AAPFU0939F1ZO" and read.confidence < 0.5


def test_a_gstin_with_too_many_misreads_is_not_trusted():
    assert repair("2TAAPFUO93GFIZV") is None  # four characters changed


def test_gstins_are_found_despite_spaces_and_punctuation_read_for_letters():
    assert [g.value for g in find_gstins("GSTIN: 27 AAPFU 0939 F1ZV")] == [VALID]
    ending_j = next(g for g in (gstin(f"07RZUFU{n:04d}D3Z") for n in range(200)) if g.endswith("J"))
    assert [g.value for g in find_gstins(f"GSTIN: {ending_j[:-1]}] Ph: 98787")] == [ending_j]


def test_an_inserted_character_is_dropped_only_when_one_reading_is_valid():
    [read] = find_gstins(f"GSTIN: {VALID[:5]}X{VALID[5:]} Ph 9876543210")
    assert read.value == VALID and read.repaired


def test_two_gstins_on_a_line_are_both_found_in_order():
    assert [g.value for g in find_gstins(f"Seller {UP}  Buyer {TN}")] == [UP, TN]


def test_a_phone_number_next_to_a_gstin_does_not_become_one():
    assert [g.value for g in find_gstins(f"GSTIN {VALID} Ph: 9864389263 / 9415000001")] == [VALID]


# --- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["02/11/2026", "2-11-26", "02.11.2026", "2 Nov 2026", "02-Nov-2026", "2nd November, 2026",
                                  "Nov 2, 2026", "2026-11-02", "दिनांक: 2 नवंबर 2026", "2 नवम्बर 2026",
                                  "தேதி: 2 நவம்பர் 2026", "Dt. O2/11/2026", "02 / 11 / 2026"])
def test_indian_date_forms_are_read_day_first(text):
    assert parse_date(text) == date(2026, 11, 2)


def test_impossible_dates_are_dropped_not_guessed():
    assert find_dates("31/02/2026") == []
    assert parse_date("Qty 12/40/50") is None


def test_a_month_first_date_is_read_only_when_day_first_is_impossible_and_with_low_confidence():
    [read] = find_dates("11/25/2026")
    assert read.value == date(2026, 11, 25) and read.confidence < 0.6


# --- amounts -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Grand Total ₹1,180.00", D("1180.00")), ("Rs. 5,240/-", D("5240")), ("Total 1,18,000.00", D("118000.00")),
    ("Amt 1, 180.00", D("1180.00")), ("Sub Total 7912 . 46", D("7912.46")), ("Round Off -0.40", D("-0.40")),
    ("Round off (0.40)", D("-0.40")), ("Total: 9,OO", D("9.00")), ("कुल ५,२४०.००", D("5240.00")),
    ("மொத்தம் ரூ. 2,500.00", D("2500.00")),
])
def test_amounts_are_read_exactly_as_decimals(text, value):
    assert parse_amount(text) == value


def test_percentages_are_told_apart_from_amounts():
    found = numbers("CGST @ 2.5% 131.00")
    assert [(n.value, n.is_percent) for n in found] == [(D("2.5"), True), (D("131.00"), False)]


# --- whole bills ---------------------------------------------------------------------------

A4 = f"""GUPTA TRADERS
Wholesale Grocery, 12 Main Bazar, Lucknow 226001
GSTIN: {UP}   Ph: 9415200001
TAX INVOICE
Invoice No: GT/1234          Date: 02/11/2026
Bill To: Sharma Kirana Store
GSTIN: {gstin("09AAGCG4576J1Z")}
Place of Supply: 09-Uttar Pradesh
S.No Description HSN Qty Rate Amount
1 Sugar 1701 50 kg 40.00 2,000.00
2 Toor Dal 0713 20 kg 120.00 2,400.00
3 Tata Salt 1kg 2501 40 pc 21.00 840.00
Taxable Value 5,240.00
CGST @ 2.5% 131.00
SGST @ 2.5% 131.00
Round Off -0.00
Grand Total 5,502.00
Rupees Five Thousand Five Hundred Two Only
"""

THERMAL = f"""SRI MURUGAN AGENCIES
GSTIN {TN}
CASH BILL
Bill No: 8812   Dt: 5-11-26
Item           Qty   Rate   Amount
Filter Coffee    2 250.00   500.00
Sugar            5  42.00   210.00
Sub Total                   710.00
CGST 2.5%                    17.75
SGST 2.5%                    17.75
Round Off                    -0.50
TOTAL              Rs 745.00
Cash                       1000.00
Change                      255.00
"""

HINDI = f"""अग्रवाल होलसेल
GSTIN: {gstin("07AAFCV1123K1Z")}
कर बीजक
बिल नं: AW/77 दिनांक: 3 नवंबर 2026
विवरण HSN मात्रा दर राशि
चीनी 1701 10 41.00 410.00
कर योग्य राशि 410.00
IGST 5% 20.50
कुल राशि 430.50
"""

TAMIL = f"""முருகன் ஸ்டோர்ஸ்
GSTIN: {TN}
பில் எண்: 45
தேதி: 4 நவம்பர் 2026
உப மொத்தம் 1,000.00
CGST 25.00
SGST 25.00
மொத்த தொகை 1,050.00
"""


def test_an_a4_tax_invoice_is_read_field_by_field():
    d = extract(OcrResult.from_text(A4))
    assert d.supplier_name.value == "GUPTA TRADERS"
    assert d.supplier_gstin.value == UP and d.buyer_gstin.value == gstin("09AAGCG4576J1Z")
    assert (d.invoice_no.value, d.invoice_date.value, d.place_of_supply.value) == ("GT/1234", date(2026, 11, 2), "09")
    assert (d.taxable.value, d.cgst.value, d.sgst.value, d.total.value) == (D("5240.00"), D("131.00"), D("131.00"),
                                                                            D("5502.00"))
    assert [(ln.description, ln.hsn, ln.qty, ln.unit, ln.rate, ln.taxable) for ln in d.lines] == [
        ("Sugar", "1701", D(50), "kg", D("40.00"), D("2000.00")),
        ("Toor Dal", "0713", D(20), "kg", D("120.00"), D("2400.00")),
        ("Tata Salt 1kg", "2501", D(40), "pc", D("21.00"), D("840.00")),
    ]
    assert all(0 < d.get(n).confidence <= 1 for n in ("supplier_gstin", "invoice_no", "invoice_date", "total"))


def test_a_thermal_receipt_is_read_and_cash_tendered_is_not_the_total():
    d = extract(OcrResult.from_text(THERMAL))
    assert (d.supplier_name.value, d.supplier_gstin.value) == ("SRI MURUGAN AGENCIES", TN)
    assert (d.invoice_no.value, d.invoice_date.value) == ("8812", date(2026, 11, 5))
    assert (d.taxable.value, d.cgst.value, d.round_off.value, d.total.value) == (
        D("710.00"), D("17.75"), D("-0.50"), D("745.00"))
    assert [(ln.description, ln.qty, ln.taxable) for ln in d.lines] == [
        ("Filter Coffee", D(2), D("500.00")), ("Sugar", D(5), D("210.00"))]


def test_a_bill_with_hindi_labels_is_read():
    d = extract(OcrResult.from_text(HINDI))
    assert (d.invoice_no.value, d.invoice_date.value) == ("AW/77", date(2026, 11, 3))
    assert (d.taxable.value, d.igst.value, d.total.value) == (D("410.00"), D("20.50"), D("430.50"))
    assert d.supplier_name.value == "अग्रवाल होलसेल"


def test_a_bill_with_tamil_labels_is_read():
    d = extract(OcrResult.from_text(TAMIL))
    assert (d.invoice_no.value, d.invoice_date.value) == ("45", date(2026, 11, 4))
    assert (d.taxable.value, d.total.value) == (D("1000.00"), D("1050.00"))


def test_the_shops_own_gstin_is_taken_as_the_buyers_wherever_it_is_printed():
    text = f"GSTIN {UP}\nMAHALAXMI TRADERS\nGSTIN {TN}\nInvoice No 9\nTotal 100.00"
    d = extract(OcrResult.from_text(text), shop_gstin=UP)
    assert (d.supplier_gstin.value, d.buyer_gstin.value) == (TN, UP)


def test_text_that_is_no_bill_does_not_look_like_one():
    d = extract(OcrResult.from_text("Happy Diwali\nto all our customers\nfrom the Sharma family"))
    assert not d.looks_like_invoice()


TALLY = f"""TAX INVOICE
MAHALAXMI TRADING CO
Plot 12, MIDC, Nagpur
GSTIN/UIN: {gstin("27AAGCM1234K1Z")}
e-Way Bill No. 351234567890
Invoice No.                Dated
MTC/482/25-26              2-Nov-2026
Buyer (Bill to)
Sharma Kirana Store
GSTIN/UIN: {UP}
Sl Description of Goods HSN/SAC Quantity Rate per Amount
1 Sugar 1701 10 kg 40.00 kg 400.00
IGST 20.00
Less : Round Off (-)0.40
Total 10 kg ₹ 419.60
"""


def test_a_tally_style_invoice_with_values_under_their_labels_is_read():
    d = extract(OcrResult.from_text(TALLY))
    assert d.supplier_name.value == "MAHALAXMI TRADING CO"
    assert (d.supplier_gstin.value, d.buyer_gstin.value) == (gstin("27AAGCM1234K1Z"), UP)
    assert (d.invoice_no.value, d.invoice_date.value) == ("MTC/482/25-26", date(2026, 11, 2))
    assert (d.igst.value, d.round_off.value, d.total.value) == (D("20.00"), D("-0.40"), D("419.60"))


def test_a_slash_read_for_a_j_is_repaired_only_when_the_checksum_confirms():
    with_j = gstin("09SPJPS1279L8Z")
    assert [g.value for g in find_gstins(f"GSTIN: {with_j.replace('J', '/', 1)} Ph: 98559")] == [with_j]
    assert find_gstins("Bill INV/2026/0001 dated 12/34 abc/def") == []


def test_a_glyph_read_twice_is_dropped_when_two_drops_would_both_check():
    # dropping the 5 and dropping the doubled 1 both give checksum-valid numbers; OCR doubles glyphs
    [read] = find_gstins("GSTIN: 33MGYFJ78591I9ZK Ph: 9824618237")
    assert read.value == "33MGYFJ7859I9ZK" and read.repaired and read.confidence < 0.9


@pytest.mark.parametrize("row, expected", [
    ("1 Sugar 1701 10 kg 40.00 kg 400.00", ("Sugar", "1701", D(10), "kg", D("40.00"), D("400.00"), None)),
    ("2 Parle-G Biscuit 19053100 24 Nos 4.24 Nos 101.76 18%",
     ("Parle-G Biscuit", "19053100", D(24), "pc", D("4.24"), D("101.76"), D(18))),
    ("Surf Excel 1kg 3402 12 pce 136.71 1,640.52", ("Surf Excel 1kg", "3402", D(12), "pc", D("136.71"), D("1640.52"), None)),
    ("Toor Dal 0713 20 kg 120.00 5% 2,400.00 60.00 60.00 2,520.00",
     ("Toor Dal", "0713", D(20), "kg", D("120.00"), D("2400.00"), D(5))),
    ("Sugar 2 x 45.00 90.00", ("Sugar", None, D(2), None, D("45.00"), D("90.00"), None)),
])
def test_item_rows_are_read_by_their_arithmetic_whatever_the_column_order(row, expected):
    from domain.ocr.items import parse_row

    line = parse_row(row)
    assert (line.description, line.hsn, line.qty, line.unit, line.rate, line.taxable, line.gst_rate) == expected
