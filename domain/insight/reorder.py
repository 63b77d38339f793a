"""Reorder points and order quantities, by the textbook formula.

    reorder point = average daily demand x lead time + z x sigma x sqrt(lead time)

sigma is the standard deviation of the daily forecast errors (from the forecaster's own backtest, or of
daily sales when there is none), z the service level's normal quantile (95% -> 1.645). An item at or
below its reorder point gets an order that lifts it to the reorder point plus one more lead time of
demand. Suggestions are grouped by supplier.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from statistics import NormalDist

DEFAULT_LEAD_DAYS = 3.0  # a kirana's wholesaler delivers in a few days
SERVICE_LEVEL = 0.95
MIN_LEAD_DAYS, MAX_LEAD_DAYS = 1.0, 30.0


@dataclass(frozen=True, slots=True)
class ItemDemand:
    item: str
    unit: str
    stock: float
    daily_demand: float  # units a day over the coming lead time
    sigma: float  # standard deviation of a day's forecast error
    lead_days: float
    supplier: str | None
    whole_units: bool = False  # pieces, packs: order whole ones


@dataclass(frozen=True, slots=True)
class Suggestion:
    item: str
    unit: str
    stock: float
    reorder_point: float
    safety_stock: float
    order_qty: float
    lead_days: float
    supplier: str | None


def z_score(service_level: float = SERVICE_LEVEL) -> float:
    return NormalDist().inv_cdf(service_level)


def reorder_point(demand: ItemDemand, service_level: float = SERVICE_LEVEL) -> tuple[float, float]:
    """(reorder point, safety stock) in the item's unit."""
    lead = min(max(demand.lead_days, MIN_LEAD_DAYS), MAX_LEAD_DAYS)
    safety = z_score(service_level) * max(demand.sigma, 0.0) * math.sqrt(lead)
    return max(demand.daily_demand, 0.0) * lead + safety, safety


def suggest(demand: ItemDemand, service_level: float = SERVICE_LEVEL) -> Suggestion | None:
    """The order for one item, or None when its stock is above the reorder point (or it does not sell)."""
    point, safety = reorder_point(demand, service_level)
    if demand.daily_demand <= 0 or demand.stock > point:
        return None
    lead = min(max(demand.lead_days, MIN_LEAD_DAYS), MAX_LEAD_DAYS)
    qty = point + demand.daily_demand * lead - max(demand.stock, 0.0)
    qty = math.ceil(qty) if demand.whole_units else math.ceil(qty * 10) / 10
    return Suggestion(demand.item, demand.unit, demand.stock, round(point, 2), round(safety, 2), float(qty),
                      lead, demand.supplier)


def by_supplier(demands: list[ItemDemand], service_level: float = SERVICE_LEVEL) -> dict[str | None, list[Suggestion]]:
    """Suggestions grouped by supplier (None: no supplier known), the emptiest item first in each."""
    groups: dict[str | None, list[Suggestion]] = defaultdict(list)
    for demand in demands:
        found = suggest(demand, service_level)
        if found is not None:
            groups[found.supplier].append(found)
    for rows in groups.values():
        rows.sort(key=lambda s: (s.stock / s.reorder_point if s.reorder_point else 0.0, s.item))
    return dict(groups)


def lead_days_from_purchases(days: list) -> float | None:
    """A supplier's lead time from its purchase days: the median gap between deliveries, as the time an
    order placed today takes to be replenished when orders follow deliveries. None with under 3 days."""
    ordered = sorted(set(days))
    if len(ordered) < 3:
        return None
    gaps = sorted((b - a).days for a, b in zip(ordered, ordered[1:], strict=False))
    median = gaps[len(gaps) // 2]
    return float(min(max(median, MIN_LEAD_DAYS), MAX_LEAD_DAYS))
