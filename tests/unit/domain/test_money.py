"""Money is integer paise and every rounding is half up, never Python's default half-even."""

from decimal import Decimal

import pytest

from domain.money import D, Money, allocate, round_half_up, round_to_rupee, rupees_to_paise, split_half


def test_rounding_is_half_up_not_bankers():
    assert round_half_up(D("2.125")) == Decimal("2.13")
    assert round(Decimal("2.125"), 2) == Decimal("2.12")  # what the default would have done
    assert round_half_up(D("-2.125")) == Decimal("-2.13")
    assert rupees_to_paise("2.125") == 213
    assert Money.from_rupees("2.125") == Money(213)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        D(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]


def test_money_arithmetic_stays_exact():
    assert Money.from_rupees("0.10") + Money.from_rupees("0.20") == Money.from_rupees("0.30")
    assert sum([Money(1), Money(2)]) == Money(3)
    assert Money(1000) * Decimal("0.125") == Money(125)
    assert Money(5) * Decimal("0.5") == Money(3)  # 2.5 paise rounds half up
    assert -Money(7) == Money(-7)
    assert Money(12345).rupees == Decimal("123.45")
    assert str(Money(-5)) == "₹-0.05"


def test_tax_payable_rounds_to_the_rupee_half_up():
    assert round_to_rupee(12350) == 12400
    assert round_to_rupee(12349) == 12300


def test_halves_and_allocations_add_back_exactly():
    assert split_half(5) == (3, 2)
    assert sum(split_half(-5)) == -5
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert sum(allocate(-1001, [3, 5, 2])) == -1001
    assert allocate(7, [0, 0]) == [7, 0]
