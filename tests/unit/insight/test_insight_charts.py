"""Charts render as PNG in every script the shop may read, from the data the reads return."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.conversation import charts
from locales.catalog import translator

PNG = b"\x89PNG\r\n\x1a\n"
DAYS = [date(2026, 11, 1) + timedelta(days=k) for k in range(21)]


@pytest.mark.parametrize("lang", ["hi", "ta", "bn", "en"])
def test_each_chart_is_a_png_in_the_users_language(lang):
    t = translator(lang)
    assert charts.sales_trend(DAYS, [1000.0 + 100 * k for k in range(21)], t).startswith(PNG)
    ahead = [(DAYS[-1] + timedelta(days=k + 1), 5.0, 3.0, 8.0) for k in range(7)]
    assert charts.forecast_band("चीनी", "kg", [(d, 4.0) for d in DAYS], ahead, t).startswith(PNG)
    assert charts.top_items([("Sugar", 245000.0), ("Atta", 1200.5)], t).startswith(PNG)


def test_a_chart_goes_with_a_single_items_forecast_and_not_with_a_list():
    daily = [{"date": "2026-11-22", "qty": 4, "low": 2, "high": 6}]
    one = {"items": [{"item": "Sugar", "unit": "kg", "daily": daily, "history": []}]}
    assert charts.chart_for("forecast", one, translator("hi")).startswith(PNG)
    assert charts.chart_for("forecast", {"items": one["items"] * 2}, translator("hi")) is None
    assert charts.chart_for("sales_summary", {}, translator("hi")) is None
