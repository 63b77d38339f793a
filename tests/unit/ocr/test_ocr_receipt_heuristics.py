"""Heuristics for real, messy bills: the supplier is the registered legal entity rather than a brand
line or a scrawl, a shop called "... City" is not an address, a registration number after the
name is dropped, and a date months in the future (a pack size read as a date) is not the bill's."""

from __future__ import annotations

from datetime import date

from domain.ocr import OcrResult, extract


def _read(text: str):
    return extract(OcrResult.from_text(text))


def test_the_legal_entity_line_is_the_supplier_rather_than_the_brand_above_it():
    draft = _read("SHREE KRISHNA SWEETS\nKRISHNA FOODS PVT LTD\n12, Station Road, Jaipur\nTAX INVOICE\nTotal 450.00")
    assert draft.supplier_name.value == "KRISHNA FOODS PVT LTD"


def test_a_lower_case_scrawl_above_the_printed_name_is_not_the_supplier():
    draft = _read("ram kumar\nBHARAT GENERAL TRADERS\nMain Bazar, Indore\nCash Bill\nTotal 120.00")
    assert draft.supplier_name.value == "BHARAT GENERAL TRADERS"


def test_a_shop_named_after_a_city_or_mall_is_a_name_not_an_address():
    draft = _read("VIVA CITY FOOTWEAR\nUnit 12, Phoenix Mall, Pune\nTax Invoice\nTotal 999.00")
    assert draft.supplier_name.value == "VIVA CITY FOOTWEAR"


def test_a_registration_number_after_the_name_is_dropped_and_a_misread_s_slash_b_repaired():
    draft = _read("KING'S CONFECTIONERY §$/B 273500-U (KSB)\nNO.41, JALAN SERI BINTANG 2\nTotal 25.15")
    assert draft.supplier_name.value == "KING'S CONFECTIONERY S/B"


def test_a_date_months_in_the_future_is_passed_over_for_the_bills_date():
    draft = _read("MR. D.I.Y. (M) SDN BHD\nPADLOCK 40MM 12/2/48\nTOTAL 38.80\n28-03-18 18:05 SH01")
    assert draft.invoice_date.value == date(2018, 3, 28)


def test_the_total_the_cash_and_change_confirm_wins_over_a_misread_rounded_total():
    draft = _read("BOOK TA.K SDN BHD\nCASH BILL\nTotal : 9.00\nRounding Adjustment: 0.00\nRounded Total (RM): 9.60\n"
                  "Cash 10.00\nChange 1.00")
    assert str(draft.total.value) == "9.00"


def test_a_total_plus_its_round_off_is_the_grand_total():
    draft = _read("GUPTA TRADERS\nTAX INVOICE\nTotal 5,239.60\nRound Off 0.40\nGrand Total 5,240.00")
    assert str(draft.total.value) == "5240.00"
