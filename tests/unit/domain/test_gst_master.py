"""The GST master against the facts of gst.md: GSTINs (§5, checks 43-46), states (§5.3), rates by
date (§7, check 50), HSN and UQC (§6, check 19-20), thresholds, invoice numbers (§9, check 47),
the due-date calendar (§10, check 49) and the ITC set-off order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import InvalidArgument
from domain.gst import master
from domain.gst.calendar import month_dues, upcoming
from domain.gst.gstr1 import Totals
from domain.gst.gstr3b import set_off
from domain.gst.master import (
    b2cl_limit_paise,
    find_state,
    hsn_problem,
    is_invoice_number,
    is_rate_valid,
    is_valid_gstin,
    normalise_gstin,
    place_of_supply,
    rate_to_bp,
    state_name,
    uqc_of,
)

VALID = ("27AAPFU0939F1ZV", "27AAGCG4576J1Z6", "27AAGCG4576JBZW", "29AABCF8078M1C8")
INVALID = ("27AAPFU0939F1ZO", "27AAGCG4576J1Z8", "25AAACI1681G1Z4", "27AAPFU0939F1Z", "27AAPFU0939F1AA",
           "47AAGCG4576J1A6", "123456789012@ab", "00AABCE2207R1Z5", "01AABCE2207R1Z5", "02AMBPG7773M002")


@pytest.mark.parametrize("gstin", VALID)
def test_published_valid_gstins_pass(gstin):
    assert is_valid_gstin(gstin)
    assert normalise_gstin(gstin) == gstin


@pytest.mark.parametrize("gstin", INVALID)
def test_published_invalid_gstins_are_rejected(gstin):
    assert not is_valid_gstin(gstin)
    with pytest.raises(InvalidArgument):
        normalise_gstin(gstin)


def test_a_lower_case_gstin_with_spaces_is_normalised_not_rejected():
    assert normalise_gstin("  27aapfu0939f1zv ") == "27AAPFU0939F1ZV"


def test_the_worked_check_character_example_of_the_reference():
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    g = "27AAPFU0939F1ZV"
    total = 0
    for i, ch in enumerate(g[:14]):
        p = alphabet.index(ch) * (1 if i % 2 == 0 else 2)
        total += p // 36 + p % 36
    assert total == 221
    assert alphabet[(36 - total % 36) % 36] == "V"
    assert is_valid_gstin(g)


def test_states_have_names_and_export_and_centre_codes_are_not_places_of_supply():
    assert state_name("09") == "Uttar Pradesh"
    assert state_name("27") == "Maharashtra"
    assert state_name("38") == "Ladakh"
    assert state_name("96") is None
    assert not master.POS_PATTERN.match("96")
    assert not master.POS_PATTERN.match("99")
    assert all(master.POS_PATTERN.match(code) for code in master.STATES)


@pytest.mark.parametrize(("said", "code"), [("Nagpur", "27"), ("maharashtra", "27"), ("9", "09"), ("UP", "09"),
                                            ("Tamil Nadu", "33"), ("bengaluru", "29"), ("27AAPFU0939F1ZV", "27"),
                                            ("Atlantis", None), ("", None)])
def test_a_place_is_found_by_state_name_code_city_or_gstin(said, code):
    assert find_state(said) == code


def test_place_of_supply_prefers_what_was_said_then_the_gstin_then_the_party_then_the_shop():
    assert place_of_supply("09", "27AAPFU0939F1ZV", "27", "24") == "24"
    assert place_of_supply("09", "27AAPFU0939F1ZV", None, None) == "27"
    assert place_of_supply("09", None, "33", None) == "33"
    assert place_of_supply("09") == "09"


def test_rates_depend_on_the_document_date_around_gst_2_0():
    before, after = date(2025, 9, 21), date(2025, 9, 22)
    assert is_rate_valid(Decimal(12), before) and is_rate_valid(Decimal(28), before)
    assert not is_rate_valid(Decimal(40), before)
    assert is_rate_valid(Decimal(40), after) and is_rate_valid(Decimal(5), after) and is_rate_valid(Decimal(18), after)
    assert not is_rate_valid(Decimal(12), after)
    assert not is_rate_valid(Decimal(28), after, "1701")
    assert is_rate_valid(Decimal(28), after, "2402")  # tobacco keeps 28 % (plus cess)
    assert is_rate_valid(Decimal("0.25"), after) and is_rate_valid(Decimal(3), after)


def test_every_known_rate_converts_to_basis_points_and_others_are_refused():
    assert rate_to_bp("0.25") == 25 and rate_to_bp(40) == 4000 and rate_to_bp("1.5") == 150
    for bad in ("13", "2.5", "abc"):
        with pytest.raises(InvalidArgument):
            rate_to_bp(bad)


def test_one_rate_set_serves_the_tools_and_ocr():
    from domain.ocr.items import SLABS
    from tools.args import GST_RATES
    from tools.purchase_invoice import SLABS as INVOICE_SLABS

    assert set(GST_RATES) == set(master.ALL_RATES) == set(SLABS) == set(INVOICE_SLABS)


def test_hsn_needs_four_digits_up_to_five_crore_and_six_above():
    assert hsn_problem("1701", 0) is None
    assert hsn_problem("17", 0) == "too_short"
    assert hsn_problem("1701", 6 * 10**9) == "too_short"
    assert hsn_problem("170199", 6 * 10**9) is None
    assert hsn_problem("17a1", 0) == "not_digits"
    assert hsn_problem(None) == "missing"


def test_units_map_to_gst_uqc_and_services_to_na():
    assert [uqc_of(u) for u in ("kg", "g", "l", "ml", "pc", "dozen", "pack", "box", "bag")] == [
        "KGS", "GMS", "LTR", "MLT", "PCS", "DOZ", "PAC", "BOX", "BAG"]
    assert uqc_of("pc", "998314") == "NA"
    assert all(uqc_of(u) in master.UQC for u in ("kg", "pack"))


def test_b2cl_threshold_is_one_lakh_from_august_2024():
    assert b2cl_limit_paise(date(2024, 8, 1)) == 10_000_000
    assert b2cl_limit_paise(date(2024, 7, 31)) == 25_000_000


@pytest.mark.parametrize(("number", "ok"), [("SL/26-27/0001", True), ("MUN/25-26/0001", True), ("0SL/1", False),
                                            ("/SL1", False), ("sl/26-27/0001", False), ("SL/2026-2027/00001", False)])
def test_invoice_numbers_follow_rule_46(number, ok):
    assert is_invoice_number(number) is ok


def test_due_dates_for_monthly_qrmp_composition_and_gstr4():
    monthly = month_dues(2026, 11)
    assert [(d.form, d.due) for d in monthly] == [("GSTR1", date(2026, 12, 11)), ("GSTR3B", date(2026, 12, 20))]
    group_a = month_dues(2026, 11, frequency="quarterly", state="27")
    assert [(d.form, d.period, d.due) for d in group_a] == [("GSTR1", "2026-Q3", date(2027, 1, 13)),
                                                            ("GSTR3B", "2026-Q3", date(2027, 1, 22))]
    group_b = month_dues(2026, 11, frequency="quarterly", state="09")
    assert group_b[1].due == date(2027, 1, 24)
    cmp = month_dues(2027, 2, scheme="composition")
    assert [(d.form, d.period, d.due) for d in cmp] == [("CMP08", "2026-Q4", date(2027, 4, 18))]
    soon = upcoming(date(2027, 5, 20), scheme="composition")
    assert ("GSTR4", "2026-27", date(2027, 6, 30)) in [(d.form, d.period, d.due) for d in soon]


def test_an_extension_overrides_the_calendar():
    dues = upcoming(date(2026, 12, 1), overrides={("GSTR3B", "2026-11"): date(2026, 12, 27)})
    assert ("GSTR3B", "2026-11", date(2026, 12, 27)) in [(d.form, d.period, d.due) for d in dues]


def test_igst_credit_is_used_first_and_cgst_never_pays_sgst():
    liability = Totals(0, iamt=1000, camt=500, samt=500)
    credit = Totals(0, iamt=1200, camt=100, samt=0)
    used, cash = set_off(liability, credit)
    assert used["i_pdi"] == 1000
    assert used["c_pdi"] + used["s_pdi"] == 200
    assert used.get("s_pdc", 0) == 0
    assert used["c_pdc"] == 100
    assert cash == {"i": 0, "c": 500 - 100 - used["c_pdi"], "s": 500 - used["s_pdi"]}
    assert sum(cash.values()) == 2000 - 1300


def test_invoices_spell_the_total_in_the_shops_language_where_it_can_be_spelt():
    from locales.words import local_amount_in_words

    assert local_amount_in_words(Decimal("348"), "ta") == "முந்நூற்று நாற்பத்து எட்டு ரூபாய் மட்டும்"
    assert local_amount_in_words(Decimal("348.50"), "hi") == "तीन सौ अड़तालीस रुपये और पचास पैसे मात्र"
    assert local_amount_in_words(Decimal("348"), "en") is None and local_amount_in_words(Decimal("348"), "kn") is None
