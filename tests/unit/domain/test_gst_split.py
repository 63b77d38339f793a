"""GST carved out of inclusive prices: CGST always equals SGST and the line total is exact."""

from hypothesis import given
from hypothesis import strategies as st

from domain.books.posting import voucher_number
from domain.gst import (
    VALID_RATES_BP,
    add_exclusive,
    carve_inclusive,
    is_inter_state,
    normalise_gstin,
    state_of,
)


def test_a_five_percent_inclusive_price_splits_into_halves():
    split = carve_inclusive(5250, 500, inter_state=False)  # ₹52.50 at 5 %
    assert (split.taxable, split.cgst, split.sgst, split.igst) == (5000, 125, 125, 0)


def test_across_states_the_whole_tax_is_igst():
    split = carve_inclusive(11800, 1800, inter_state=True)
    assert (split.taxable, split.cgst, split.sgst, split.igst) == (10000, 0, 0, 1800)


def test_exclusive_tax_rounds_each_half_up():
    # 18 % of ₹0.25 = 4.5 paise: halves of 2.25 round to 2 each
    assert add_exclusive(25, 1800, inter_state=False).tax == 4
    # 5 % of ₹0.45 = 2.25 paise IGST rounds to 2; of ₹0.50, 2.5 paise rounds up to 3
    assert add_exclusive(50, 500, inter_state=True).igst == 3


@given(gross=st.integers(min_value=1, max_value=10**9), rate=st.sampled_from(VALID_RATES_BP), inter=st.booleans())
def test_carving_keeps_the_total_and_equal_halves(gross, rate, inter):
    split = carve_inclusive(gross, rate, inter)
    assert split.total == gross
    assert split.cgst == split.sgst
    assert split.taxable >= 0
    # never more than a paisa per half away from the exact tax
    exact = gross * rate / (10000 + rate)
    assert abs(split.tax - exact) <= 1.01


def test_gstin_gives_its_state_and_decides_inter_state():
    gstin = normalise_gstin(" 07aafcv1123k1zf ")
    assert gstin == "07AAFCV1123K1ZF" and state_of(gstin) == "07"
    assert is_inter_state("09", "07")
    assert not is_inter_state("09", "09")
    assert not is_inter_state("09", None)  # a counter sale is made where the shop is


def test_voucher_numbers_fit_the_invoice_rules():
    from datetime import date

    number = voucher_number("sale", date(2027, 3, 31), 1)
    assert number == "SL/26-27/0001"
    big = voucher_number("stock_adjustment", date(2026, 4, 1), 999999)
    assert len(big) <= 16 and big[0].isalpha() and big == big.upper()
