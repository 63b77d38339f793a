"""Periods resolve against a given today; years are financial years, April to March."""

from datetime import date

import pytest

from domain.errors import InvalidPeriod
from domain.periods import Period, financial_year_label, previous_period, resolve_period

TODAY = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("today", date(2026, 11, 20), date(2026, 11, 20)),
        ("yesterday", date(2026, 11, 19), date(2026, 11, 19)),
        ("this_week", date(2026, 11, 16), date(2026, 11, 20)),
        ("last_week", date(2026, 11, 9), date(2026, 11, 15)),
        ("this_month", date(2026, 11, 1), date(2026, 11, 20)),
        ("last_month", date(2026, 10, 1), date(2026, 10, 31)),
        ("this_year", date(2026, 4, 1), date(2026, 11, 20)),
        ("last_year", date(2025, 4, 1), date(2026, 3, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-Q1", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-Q4", date(2027, 1, 1), date(2027, 3, 31)),
        ({"from": "2026-11-16", "to": "2026-11-20"}, date(2026, 11, 16), date(2026, 11, 20)),
    ],
)
def test_period_forms_resolve_to_inclusive_dates(spec, start, end):
    assert resolve_period(spec, TODAY) == Period(start, end)


def test_january_belongs_to_the_financial_year_that_began_last_april():
    assert resolve_period("this_year", date(2027, 1, 5)).start == date(2026, 4, 1)
    assert financial_year_label(date(2027, 3, 31)) == "26-27"
    assert financial_year_label(date(2027, 4, 1)) == "27-28"


def test_last_month_of_january_is_december():
    assert resolve_period("last_month", date(2027, 1, 15)) == Period(date(2026, 12, 1), date(2026, 12, 31))


@pytest.mark.parametrize("spec", ["next_week", "2026-13", "2026-Q5", {"from": "2026-11-20"}, {"from": "x", "to": "y"},
                                  {"from": "2026-11-20", "to": "2026-11-01"}])
def test_unknown_or_backwards_periods_are_refused(spec):
    with pytest.raises(InvalidPeriod):
        resolve_period(spec, TODAY)


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("today", date(2026, 11, 19), date(2026, 11, 19)),
        ("yesterday", date(2026, 11, 18), date(2026, 11, 18)),
        ("this_week", date(2026, 11, 9), date(2026, 11, 13)),
        ("last_week", date(2026, 11, 2), date(2026, 11, 8)),
        ("this_month", date(2026, 10, 1), date(2026, 10, 20)),
        ("last_month", date(2026, 9, 1), date(2026, 9, 30)),
        ("this_year", date(2025, 4, 1), date(2025, 11, 20)),
        ("last_year", date(2024, 4, 1), date(2025, 3, 31)),
        ("2026-03", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ({"from": "2026-11-10", "to": "2026-11-20"}, date(2026, 10, 30), date(2026, 11, 9)),
    ],
)
def test_a_period_is_compared_with_the_same_span_just_before_it(spec, start, end):
    assert previous_period(resolve_period(spec, TODAY)) == Period(start, end)


def test_a_month_to_date_longer_than_the_month_before_is_cut_at_its_end():
    assert previous_period(Period(date(2026, 3, 1), date(2026, 3, 30))) == Period(date(2026, 2, 1), date(2026, 2, 28))
