"""Cash ahead, odd bills and the price formula, on small hand-made books."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from domain.insight.anomalies import Bill, find_anomalies
from domain.insight.cashflow import CashInputs, Dues, first_short_day, project
from domain.insight.pricing import suggest_price

TODAY = date(2026, 11, 20)


def test_cash_runs_out_when_supplier_payments_outpace_collections():
    inputs = CashInputs(opening_paise=10_000_00, sales_per_day_paise=[2_000_00] * 7,
                        cost_per_day_paise=[1_600_00] * 7, credit_share=0.5,
                        receivables=[Dues("Ramesh", 3_000_00, 1_000_00)],
                        payables=[Dues("Gupta Traders", 20_000_00, 5_000_00)], cash_purchase_share=0.5,
                        expenses_per_day_paise=500_00)
    days = project(inputs, TODAY)
    # day 1: in 1000 + 1000 collected, out 800 + 5000 + 500 -> 10000 - 4300
    assert days[0].money_in_paise == 2_000_00 and days[0].money_out_paise == 6_300_00
    assert days[0].balance_paise == 5_700_00
    assert days[3].money_in_paise == 1_000_00  # Ramesh has paid all he owed
    short = first_short_day(days, 7)
    assert short is not None and short.day == TODAY + timedelta(days=2)  # 5700 -> 1400 -> -2900


def _bill(n: int, total: int, hour: int = 11, party: str | None = None, gaps=(0.0,), day: date = TODAY) -> Bill:
    return Bill(f"SL/{n}", day, datetime(day.year, day.month, day.day, hour, n % 60, tzinfo=UTC), party, total,
                tuple(gaps))


def test_duplicates_odd_prices_and_odd_hours_are_named():
    history = [_bill(i, 10_000 + 50 * i, hour=9 + i % 9, day=TODAY - timedelta(days=1 + i % 30)) for i in range(80)]
    odd = [_bill(100, 88_00, party="Ramesh"), _bill(101, 88_00, party="Ramesh"),
           _bill(102, 50_00, gaps=(-0.5,)), _bill(103, 120_00, hour=3)]
    found = {a.number: a.reasons for a in find_anomalies(history + odd, TODAY)}
    assert found["SL/101"] == ("duplicate",)
    assert "odd_price" in found["SL/102"] and "odd_hour" in found["SL/103"]
    assert "SL/100" not in found  # the first of two identical bills is not the duplicate


def test_price_follows_cost_margin_and_competition_within_mrp():
    plain = suggest_price(4000)
    assert plain.price_paise == 4600 and not plain.capped_by_mrp
    pulled = suggest_price(4000, competitor_paise=4200)
    assert pulled.price_paise == 4400 and pulled.competition_factor < 1
    capped = suggest_price(4000, mrp_paise=4500, season_lift=1.3)
    assert capped.price_paise == 4500 and capped.capped_by_mrp and capped.season_factor == Decimal("1.050")
    assert suggest_price(4000, competitor_paise=1000).price_paise >= 4000  # never below cost
    hot = suggest_price(4000, recent_rate=20, earlier_rate=10)
    assert hot.price_paise > plain.price_paise and hot.demand_factor == Decimal("1.050")
