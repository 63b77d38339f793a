"""The demand forecaster on small synthetic shops: its output contract, shut days, intermittent items,
the bands, and the festival calendar."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from domain.insight.calendar import closed_weekdays, festival_calendar, learn_calendar, subdivision_of
from domain.insight.demand import OUT_COLUMNS, forecast_demand, panel_from_sales
from domain.insight.metrics import bias, coverage, mase, wape

START = date(2026, 1, 5)  # a Monday


def _shop(days: int = 140, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(days):
        day = START + timedelta(days=k)
        shut = day.weekday() == 6  # Sundays shut
        weekly = 1.5 if day.weekday() == 5 else 1.0
        rows.append(("Sugar", day, 0 if shut else rng.poisson(20 * weekly)))
        rows.append(("Atta", day, 0 if shut else rng.poisson(8 * weekly)))
        rows.append(("Saffron", day, 0 if shut or rng.random() > 0.15 else 1))
    return pd.DataFrame(rows, columns=["series", "date", "units"])


@pytest.fixture(scope="module")
def result():
    return forecast_demand(_shop(), horizon=14, state="MH")


def test_every_series_gets_every_day_in_the_output_columns(result):
    out = result.forecast
    assert list(out.columns) == OUT_COLUMNS
    assert out.groupby("series").size().to_dict() == {"Sugar": 14, "Atta": 14, "Saffron": 14}
    first = START + timedelta(days=140)
    assert out["date"].min() == first and out["date"].max() == first + timedelta(days=13)


def test_bands_are_ordered_and_never_negative(result):
    out = result.forecast
    assert (out[["mean", "lo80", "hi80", "lo95", "hi95"]] >= 0).all().all()
    assert (out["lo95"] <= out["lo80"]).all() and (out["lo80"] <= out["mean"]).all()
    assert (out["mean"] <= out["hi80"]).all() and (out["hi80"] <= out["hi95"]).all()


def test_a_weekly_closing_day_is_forecast_as_zero(result):
    sundays = result.forecast[pd.to_datetime(result.forecast["date"]).dt.weekday == 6]
    assert len(sundays) and (sundays[["mean", "hi95"]] == 0).all().all()
    assert result.calendar.weekly_closed == frozenset({6})


def test_regular_items_are_forecast_near_their_level_and_rare_ones_by_intermittent_models(result):
    out = result.forecast
    open_days = out[pd.to_datetime(out["date"]).dt.weekday < 5]
    sugar = open_days[open_days["series"] == "Sugar"]["mean"].mean()
    assert 15 < sugar < 25
    saffron_model = out[out["series"] == "Saffron"]["model"].iloc[0]
    assert saffron_model in {"CrostonOptimized", "ADIDA", "IMAPA", "TSB", "Ensemble", "SeasonalNaive", "RecentMean"}


def test_a_series_with_little_history_gets_the_recent_mean():
    sales = _shop(60)
    sales = pd.concat([sales, pd.DataFrame({"series": ["New Tea"] * 3, "date": [START + timedelta(days=57 + i)
                                            for i in range(3)], "units": [2, 3, 2]})])
    out = forecast_demand(sales, horizon=7).forecast
    assert out[out["series"] == "New Tea"]["model"].iloc[0] == "RecentMean"


def test_missing_days_are_zero_sales():
    sales = pd.DataFrame({"series": ["A", "A"], "date": ["2026-01-01", "2026-01-04"], "units": [5, 7]})
    panel = panel_from_sales(sales)
    assert panel.y.tolist() == [[5.0, 0.0, 0.0, 7.0]]


def test_a_festival_the_shop_was_shut_on_is_forecast_shut():
    days = 420
    start = date(2025, 9, 1)
    totals = np.full(days, 100.0)
    diwali = date(2025, 10, 20)
    totals[(diwali - start).days] = 0
    cal = learn_calendar(start, totals, 400, "MH")
    assert date(2026, 11, 8) in cal.closed_ahead  # Diwali moves: 2026-11-08


def test_state_codes_map_to_holiday_subdivisions():
    assert subdivision_of("27") == "MH" and subdivision_of("33") == "TN" and subdivision_of("tn") == "TN"
    assert subdivision_of("99") is None and subdivision_of(None) is None
    names = {n for names in festival_calendar(range(2026, 2027), "TN").values() for n in names}
    assert "Pongal" in names and "Diwali" in names


def test_a_weekday_shut_in_most_recent_weeks_is_a_closing_day():
    closed = np.array([(START + timedelta(days=k)).weekday() == 2 for k in range(84)])
    assert closed_weekdays(START, closed) == {2}


def test_metrics_read_as_retail_planners_read_them():
    actual, predicted = np.array([10.0, 0.0, 10.0]), np.array([8.0, 2.0, 13.0])
    assert wape(actual, predicted) == pytest.approx(7 / 20)
    assert bias(actual, predicted) == pytest.approx(23 / 20 - 1)
    assert coverage(actual, predicted - 1, predicted + 2.5) == pytest.approx(1 / 3)
    history = np.arange(14, dtype=float)
    assert mase(actual, predicted, history) == pytest.approx((7 / 3) / 7)
