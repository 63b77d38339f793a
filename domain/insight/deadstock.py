"""Dead stock: what is not selling and what it ties up.

An item in stock is dead when it has not sold for `idle_days` or its turnover (units sold in 90 days
over the stock held) is under 0.5; with history enough, a gradient-boosting classifier trained at an
earlier cutoff also gives each item the probability of no sale in the next 60 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

IDLE_DAYS = 60
LOW_TURNOVER = 0.5
HORIZON_DAYS = 60
MIN_ITEMS_TO_LEARN = 30


@dataclass(frozen=True, slots=True)
class StockItem:
    item: str
    unit: str
    stock: float
    value_paise: int  # what the stock cost
    sales: dict[date, float]  # units sold per day


@dataclass(frozen=True, slots=True)
class DeadItem:
    item: str
    unit: str
    stock: float
    value_paise: int
    idle_days: int | None  # days since the last sale (None: never sold)
    turnover: float
    no_sale_probability: float | None


def _features(item: StockItem, today: date) -> list[float]:
    sold = {d: q for d, q in item.sales.items() if d <= today and q > 0}
    last = max(sold) if sold else None
    idle = (today - last).days if last else 400
    def window(n: int) -> float:
        return float(sum(q for d, q in sold.items() if d > today - timedelta(days=n)))
    days_sold_90 = sum(1 for d in sold if d > today - timedelta(days=90))
    return [idle, window(30), window(60), window(90), days_sold_90, len(sold)]


def _no_sale(item: StockItem, start: date, end: date) -> int:
    return int(not any(start < d <= end and q > 0 for d, q in item.sales.items()))


def no_sale_model(items: list[StockItem], today: date):
    """A classifier of 'no sale in the next 60 days', trained at today - 60 (outcomes known now)."""
    if len(items) < MIN_ITEMS_TO_LEARN:
        return None
    earlier = today - timedelta(days=HORIZON_DAYS)
    x = np.array([_features(i, earlier) for i in items])
    y = np.array([_no_sale(i, earlier, today) for i in items])
    if y.min() == y.max() or min(y.sum(), len(y) - y.sum()) < 5:
        return None
    model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, max_depth=3, min_samples_leaf=5,
                                           random_state=0)
    with threadpool_limits(1):
        model.fit(x, y)
    return model


def dead_stock(items: list[StockItem], today: date, idle_days: int = IDLE_DAYS) -> list[DeadItem]:
    """Items in stock that are dead by rule or likely not to sell, the most money tied up first."""
    model = no_sale_model(items, today)
    found = []
    for item in items:
        if item.stock <= 0:
            continue
        feats = _features(item, today)
        idle = None if feats[5] == 0 else int(feats[0])
        turnover = feats[3] / item.stock
        probability = float(model.predict_proba(np.array([feats]))[0, 1]) if model is not None else None
        dead = idle is None or idle >= idle_days or turnover < LOW_TURNOVER or (probability or 0) >= 0.5
        if dead:
            found.append(DeadItem(item.item, item.unit, item.stock, item.value_paise, idle, round(turnover, 2),
                                  None if probability is None else round(probability, 3)))
    return sorted(found, key=lambda d: (-d.value_paise, d.item))
