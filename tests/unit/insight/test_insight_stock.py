"""Reorder points by the textbook formula, grouped by supplier; dead stock by rule and what it ties up."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from domain.insight.deadstock import StockItem, dead_stock
from domain.insight.reorder import ItemDemand, by_supplier, lead_days_from_purchases, reorder_point, suggest

TODAY = date(2026, 11, 20)


def _demand(**kw) -> ItemDemand:
    base = dict(item="Sugar", unit="kg", stock=30.0, daily_demand=10.0, sigma=3.0, lead_days=4.0,
                supplier="Gupta Traders")
    return ItemDemand(**{**base, **kw})


def test_reorder_point_is_demand_over_lead_time_plus_safety_stock():
    point, safety = reorder_point(_demand())
    assert safety == pytest.approx(1.6449 * 3 * math.sqrt(4), rel=1e-3)
    assert point == pytest.approx(40 + safety)


def test_an_item_below_its_point_is_ordered_up_to_a_lead_time_past_it():
    s = suggest(_demand())
    assert s is not None and s.order_qty == pytest.approx(math.ceil((s.reorder_point + 40 - 30) * 10) / 10)
    assert suggest(_demand(stock=100.0)) is None
    assert suggest(_demand(daily_demand=0.0, stock=0.0)) is None


def test_pieces_are_ordered_whole_and_suggestions_group_by_supplier():
    groups = by_supplier([_demand(), _demand(item="Soap", unit="pc", whole_units=True, supplier="HUL"),
                          _demand(item="Rice", stock=500.0)])
    assert set(groups) == {"Gupta Traders", "HUL"}
    assert groups["HUL"][0].order_qty == int(groups["HUL"][0].order_qty)


def test_lead_time_is_learned_from_deliveries():
    days = [TODAY - timedelta(days=d) for d in (0, 7, 14, 21, 30)]
    assert lead_days_from_purchases(days) == 7.0
    assert lead_days_from_purchases(days[:2]) is None


def test_idle_stock_is_dead_and_says_what_it_ties_up():
    sales = {TODAY - timedelta(days=d): 5.0 for d in range(1, 60)}
    items = [StockItem("Sugar", "kg", 20.0, 80_000, sales),
             StockItem("Ghee Tin", "pc", 4.0, 240_000, {TODAY - timedelta(days=120): 1.0}),
             StockItem("Old Soap", "pc", 10.0, 30_000, {})]
    found = dead_stock(items, TODAY)
    assert [d.item for d in found] == ["Ghee Tin", "Old Soap"]
    assert found[0].value_paise == 240_000 and found[0].idle_days == 120 and found[1].idle_days is None
