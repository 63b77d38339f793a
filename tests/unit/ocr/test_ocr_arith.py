"""The total is the figure the bill's own arithmetic confirms: items, subtotal + tax, a GST
summary, cash - change; labels in English, Hindi and Tamil; amounts in the right-aligned column;
dates plausible; and a draft whose total nothing confirms is flagged before it is shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.ocr import OcrResult, TextLine, Word, check, extract
from domain.ocr.arith import best_total, total_relations
from domain.ocr.dates import DateRead, plausible
from domain.ocr.layout import rows_from_lines, rows_from_text
from domain.ocr.words import amount_in_words


def _total(text: str) -> Decimal | None:
    return extract(OcrResult.from_text(text)).total.value


def test_items_and_subtotal_plus_tax_confirm_the_total_over_a_larger_cash_figure():
    text = ("ABC TRADING SDN BHD\nDate 25/12/2018 18:05\nSUGAR 1KG 2 x 3.50 7.00\nSALT 3.00\nSub Total 10.00\n"
            "GST 6% 0.60\nRounding -0.05\nTotal 10.55\nCash 20.00\nChange 9.45")
    best = best_total(rows_from_text(text))
    assert best is not None and best.value == Decimal("10.55")
    assert {"subtotal", "tendered"} <= set(best.relations)


def test_cash_less_change_picks_the_total_when_the_total_label_is_unreadable():
    assert _total("KEDAI RUNCIT ABC\nRice 5kg 21.90\nSoap 4.00\nxq#l 25.90\nCash 50.00\nChange 24.10") == Decimal("25.90")


def test_a_misread_label_word_still_reads_as_the_total():
    assert _total("BEMED SDN BHD\nSubTatal: 145.00\nTatal Inclusive GST: 165.00\nMASTER 165.00") == Decimal("165.00")


def test_a_gst_summary_whose_rows_add_up_confirms_the_total():
    text = ("BIG GROCER SDN BHD\nPineapple 23.70 Z\nWater 53.50 S\nItem 2 Total with GST @ 6% 77.20\n"
            "Total Saving 0.00 Total 77.20\nGST Analysis Goods Tax\nS = 6% 50.47 3.03\nZ = 0% 23.70 0.00")
    assert "tax_summary" in total_relations(Decimal("77.20"), text)
    assert _total(text) == Decimal("77.20")


def test_hindi_and_tamil_total_labels_with_rupee_marks():
    assert _total("गुप्ता ट्रेडर्स\nचीनी 2 किलो ₹90.00\nदाल ₹150.00\nकुल योग ₹240.00\nनकद ₹500.00") == Decimal("240.00")
    assert _total("முருகன் ஸ்டோர்ஸ்\nஅரிசி 120.00\nபருப்பு 80.00\nமொத்தம் ரூ. 200.00") == Decimal("200.00")


def test_amount_due_and_net_amount_are_totals_and_the_subtotal_is_not():
    assert _total("X STORES\nSubtotal 100.00\nCGST 2.5% 2.50\nSGST 2.5% 2.50\nAmount Due 105.00") == Decimal("105.00")
    assert _total("X STORES\nGross 100.00\nDiscount 10.00\nNet Amt 90.00") == Decimal("90.00")


def test_dates_times_and_phone_numbers_are_not_money():
    rows = rows_from_text("Tel 03-41618936 Date 17/01/2018 12:12:21\nTOTAL 29.70")
    assert [a.value for a in rows[0].amounts] == []
    assert [a.value for a in rows[1].amounts] == [Decimal("29.70")]


def test_the_amount_column_is_found_from_the_word_boxes():
    def line(top: int, *words: tuple[str, int]) -> TextLine:
        return TextLine(tuple(Word(t, 0.9, left, top, 10 * len(t), 20) for t, left in words))

    lines = [line(0, ("Rice", 10), ("21.90", 350)), line(30, ("Soap", 10), ("4.00", 360)),
             line(60, ("Pack", 10), ("of", 60), ("6.50", 120), ("x", 180)),
             line(90, ("Total", 10), ("25.90", 350))]
    rows = rows_from_lines(lines)
    assert [r.right_aligned for r in rows] == [True, True, False, True]


def test_a_future_year_with_one_misread_digit_is_mended_and_an_ancient_date_dropped():
    latest, earliest = date(2026, 12, 8), date(1996, 1, 1)
    mended = plausible(DateRead(date(2078, 5, 2), "02/05/2078", 0, 0.9), latest, earliest)
    assert mended is not None and mended.value == date(2018, 5, 2) and mended.confidence < 0.9
    assert plausible(DateRead(date(1990, 5, 2), "02/05/1990", 0, 0.9), latest, earliest) is None


def test_the_labelled_bill_date_wins_over_an_expiry_date():
    draft = extract(OcrResult.from_text("ABC STORES\nInvoice Date: 03/11/2024\nItem 10.00\nTotal 10.00\n"
                                        "Valid till 31/12/2024"))
    assert draft.invoice_date.value == date(2024, 11, 3)


def test_a_total_nothing_on_the_bill_confirms_is_flagged_and_a_confirmed_one_is_not():
    unchecked = extract(OcrResult.from_text("ABC STORES\nDate 03/11/2024\nTotal 10.00\nThank you"))
    assert "total_unchecked" in {p.code for p in check(unchecked)}
    confirmed = extract(OcrResult.from_text("ABC STORES\nDate 03/11/2024\nTotal 10.00\nCash 20.00\nChange 10.00"))
    assert "total_unchecked" not in {p.code for p in check(confirmed)}
    unchecked.total.edited = True  # the shopkeeper said what it is
    assert "total_unchecked" not in {p.code for p in check(unchecked)}


def test_the_total_written_in_words_confirms_the_figure():
    assert amount_in_words("Rupees One Lakh Twelve Thousand Five Hundred and Fifty Paise Only") == Decimal("112500.50")
    assert amount_in_words("RINGGIT MALAYSIA : TWENTY NINE AND CENTS SEVENTY ONLY") == Decimal("29.70")
    assert amount_in_words("Thank you, come again") is None
    text = ("GUPTA TRADERS\nTax Invoice\nFreight 150.00\nGrand Total 5,240.00\nAmount Chargeable (in words)\n"
            "Rupees Five Thousand Two Hundred Forty Only")
    assert "in_words" in total_relations(Decimal("5240.00"), text)
    assert _total(text) == Decimal("5240.00")


def test_an_hsn_summary_row_with_both_halves_of_the_tax_adds_up_to_the_total():
    text = "HSN Taxable CGST SGST\n1701 2.5% 1000.00 25.00 25.00\nGrand Total 1050.00"
    assert "tax_summary" in total_relations(Decimal("1050.00"), text)


def test_a_misread_total_gives_way_to_the_value_two_printed_relations_agree_on():
    text = "ABC SDN BHD\nSub Total 40.00\nGST 6% 2.40\nTotal 42.90\nCash 50.00\nChange 7.60"
    best = best_total(rows_from_text(text))
    assert best is not None and best.value == Decimal("42.40")
    assert set(best.relations) == {"subtotal", "tendered"}
