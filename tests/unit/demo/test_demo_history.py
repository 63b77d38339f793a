"""The demo history generator: deterministic for a seed, and plausible — a weekly rhythm, salary-day
peaks, festival spikes, stock that never goes below zero, and credit customers who pay late."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from statistics import mean

import pytest

from domain.demo.history import Expense, PaymentIn, PaymentOut, Purchase, Sale, generate_history
from domain.demo.shops import demo_shop
from domain.money import round_half_up
from domain.units import UNITS, convert

END = date(2026, 11, 23)  # 90 days ending here hold Diwali 2026 (8 November)


@pytest.fixture(scope="module")
def sharma():
    return demo_shop("sharma-kirana")


@pytest.fixture(scope="module")
def murugan():
    return demo_shop("murugan-stores")


@pytest.fixture(scope="module")
def sharma_90(sharma):
    return generate_history(sharma, end=END, days=90, seed=7)


def bills_per_day(events) -> dict[date, int]:
    counts: dict[date, int] = defaultdict(int)
    for e in events:
        if isinstance(e, Sale) and e.payment != "credit":
            counts[e.day] += 1
    return counts


def ordinary(day: date) -> bool:
    """Away from festivals and the salary week."""
    festivals = (date(2026, 11, 8), date(2026, 10, 20), date(2026, 1, 14))
    return 11 <= day.day <= 24 and all(abs((day - f).days) > 7 for f in festivals)


def test_the_same_seed_gives_the_same_history(sharma):
    assert generate_history(sharma, end=END, days=30, seed=3) == generate_history(sharma, end=END, days=30, seed=3)


def test_another_seed_gives_another_history(sharma):
    assert generate_history(sharma, end=END, days=30, seed=3) != generate_history(sharma, end=END, days=30, seed=4)


def test_the_history_covers_exactly_the_days_asked(sharma_90):
    days = {e.day for e in sharma_90}
    assert min(days) == END - timedelta(days=89) and max(days) == END
    assert generate_history(demo_shop("sharma-kirana"), end=END, days=0) == []


def test_sundays_are_busier_than_mondays(sharma_90):
    counts = bills_per_day(sharma_90)
    sundays = [n for d, n in counts.items() if d.weekday() == 6 and ordinary(d)]
    mondays = [n for d, n in counts.items() if d.weekday() == 0 and ordinary(d)]
    assert mean(sundays) > 1.3 * mean(mondays)


def test_the_days_after_salaries_are_busier(sharma):
    events = generate_history(sharma, end=date(2026, 9, 30), days=150, seed=1)
    counts = bills_per_day(events)
    start = [n for d, n in counts.items() if d.day <= 5]
    middle = [n for d, n in counts.items() if ordinary(d)]
    assert mean(start) > 1.15 * mean(middle)


def test_the_days_before_diwali_spike(sharma_90):
    counts = bills_per_day(sharma_90)
    before_diwali = [counts[date(2026, 11, 8) - timedelta(days=k)] for k in range(1, 6)]
    usual = [n for d, n in counts.items() if ordinary(d)]
    assert mean(before_diwali) > 1.6 * mean(usual)


def test_a_tamil_shop_has_a_pongal_rush_and_a_north_indian_one_a_holi_rush(murugan, sharma):
    def rush(shop, festival: date, days_before: int) -> float:
        counts = bills_per_day(generate_history(shop, end=date(2026, 3, 20), days=90, seed=2))
        around = [counts[festival - timedelta(days=k)] for k in range(1, days_before + 1)]
        return mean(around) / mean(n for d, n in counts.items() if ordinary(d))

    pongal, holi = date(2026, 1, 14), date(2026, 3, 4)
    assert rush(murugan, pongal, 2) > 1.3
    assert rush(sharma, pongal, 2) < 1.1
    assert rush(sharma, holi, 1) > 1.6
    assert rush(murugan, holi, 1) < 1.6


@pytest.mark.parametrize("slug", ["sharma-kirana", "murugan-stores"])
def test_stock_never_goes_below_zero(slug):
    shop = demo_shop(slug)
    items = {i.name: i for i in shop.items}
    stock = {i.name: i.stock for i in shop.items}
    purchases = 0
    for e in generate_history(shop, end=END, days=120, seed=11):
        if isinstance(e, Purchase):
            purchases += 1
            for line in e.lines:
                stock[line.item] += convert(line.qty, line.unit, items[line.item].unit)
        elif isinstance(e, Sale):
            for line in e.lines:
                stock[line.item] -= convert(line.qty, line.unit, items[line.item].unit)
                assert stock[line.item] >= 0, (e.day, line)
    assert purchases > 20


def test_suppliers_are_reordered_from_when_stock_runs_low(sharma_90, sharma):
    suppliers = {p.name for p in sharma.suppliers()}
    purchases = [e for e in sharma_90 if isinstance(e, Purchase)]
    assert {e.party for e in purchases} <= suppliers
    assert len({e.party for e in purchases}) >= 2
    numbers = [(e.party, e.invoice_no) for e in purchases]
    assert len(numbers) == len(set(numbers))  # a supplier never repeats a bill number
    assert any(isinstance(e, PaymentOut) for e in sharma_90)


def _ages_of_unpaid_bills(events, shop, as_of: date) -> dict[str, int]:
    """FIFO: payments settle the oldest bills first; the age of each customer's oldest unpaid bill."""
    rates = {i.name: i.rate for i in shop.items}
    units = {i.name: i.unit for i in shop.items}
    bills: dict[str, list[list]] = defaultdict(list)
    for e in events:
        if isinstance(e, Sale) and e.payment == "credit":
            value = sum((round_half_up(convert(li.qty, li.unit, units[li.item]) * rates[li.item]) for li in e.lines),
                        Decimal(0))
            bills[e.party].append([e.day, value])
        elif isinstance(e, PaymentIn):
            amount = e.amount
            while amount > 0 and bills[e.party]:
                take = min(amount, bills[e.party][0][1])
                bills[e.party][0][1] -= take
                amount -= take
                if bills[e.party][0][1] == 0:
                    bills[e.party].pop(0)
    return {party: (as_of - rows[0][0]).days for party, rows in bills.items() if rows}


def test_some_credit_customers_pay_more_than_30_days_late_and_some_pay(sharma_90, sharma):
    ages = _ages_of_unpaid_bills(sharma_90, sharma, END)
    assert sum(1 for days in ages.values() if days > 30) >= 1
    assert any(days > 60 for days in ages.values())
    assert {e.party for e in sharma_90 if isinstance(e, PaymentIn)}  # others do pay


def test_credit_goes_only_to_known_customers(sharma_90, sharma):
    customers = {p.name for p in sharma.customers()}
    assert {e.party for e in sharma_90 if isinstance(e, Sale) and e.party} <= customers
    assert all(e.party for e in sharma_90 if isinstance(e, Sale) and e.payment == "credit")


def test_lines_name_catalog_items_in_known_units(sharma_90, sharma):
    names = {i.name for i in sharma.items}
    for e in sharma_90:
        if isinstance(e, (Sale, Purchase)):
            for line in e.lines:
                assert line.item in names and line.unit in UNITS and line.qty > 0


def test_rent_and_salaries_on_the_first_and_tea_most_days(sharma_90, sharma):
    firsts = sorted({e.day for e in sharma_90 if e.day.day == 1})
    rent_days = sorted(e.day for e in sharma_90 if isinstance(e, Expense) and e.category == "rent")
    assert rent_days == firsts and len(firsts) == 3
    salaries = [e for e in sharma_90 if isinstance(e, Expense) and e.category == "salary"]
    assert len(salaries) == 3 * (len(sharma.users) - 1)
    tea_days = {e.day for e in sharma_90 if isinstance(e, Expense) and e.category == "tea_snacks"}
    assert len(tea_days) > 70
    assert all(isinstance(e.amount, Decimal) for e in sharma_90 if isinstance(e, (Expense, PaymentIn, PaymentOut)))


@pytest.mark.parametrize("slug", ["sharma-kirana", "murugan-stores"])
def test_the_drawer_never_runs_out_of_cash_and_the_surplus_goes_to_the_bank(slug):
    from domain.demo.history import OPENING_CASH, Deposit

    shop = demo_shop(slug)
    rates = {i.name: (i.rate, i.unit) for i in shop.items}
    cash, deposits = OPENING_CASH, 0
    for e in generate_history(shop, end=END, days=90, seed=5):
        if isinstance(e, Sale) and e.payment == "cash":
            cash += sum((round_half_up(convert(li.qty, li.unit, rates[li.item][1]) * rates[li.item][0])
                         for li in e.lines), Decimal(0))
        elif isinstance(e, Purchase) and e.payment == "cash":
            cash -= sum((round_half_up(li.qty * li.rate) for li in e.lines), Decimal(0))
        elif isinstance(e, (Expense, PaymentOut)) and e.payment == "cash":
            cash -= e.amount
        elif isinstance(e, PaymentIn) and e.payment == "cash":
            cash += e.amount
        elif isinstance(e, Deposit):
            assert e.amount > 0 and e.day.weekday() < 5
            cash -= e.amount
            deposits += 1
        assert cash >= 0, e
    assert deposits >= 8
