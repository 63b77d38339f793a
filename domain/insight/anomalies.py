"""Odd bills, told to the owner in plain words and never blocking a write: rules (a duplicate bill, a
price far from the catalog, a sale at an hour the shop does not keep) and an Isolation Forest over each
bill's total, hour, lines and price gap for what no rule names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from sklearn.ensemble import IsolationForest

DUPLICATE_MINUTES = 10
PRICE_GAP = 0.3  # a rate 30% off the catalog's
MIN_BILLS_TO_LEARN = 50
CONTAMINATION = 0.01


@dataclass(frozen=True, slots=True)
class Bill:
    number: str
    day: date
    at: datetime | None
    party: str | None
    total_paise: int
    price_gaps: tuple[float, ...]  # per line: rate charged / catalog rate - 1 (same unit only)


@dataclass(frozen=True, slots=True)
class Anomaly:
    number: str
    day: date
    total_paise: int
    reasons: tuple[str, ...]  # duplicate, odd_price, odd_hour, unusual


def _hour(bill: Bill) -> float | None:
    return bill.at.hour + bill.at.minute / 60 if bill.at is not None else None


def _duplicates(bills: list[Bill]) -> set[str]:
    seen: dict[tuple[str | None, date, int], list[Bill]] = {}
    found = set()
    for bill in bills:
        key = (bill.party, bill.day, bill.total_paise)
        for other in seen.get(key, []):
            close = bill.at is None or other.at is None or \
                abs((bill.at - other.at).total_seconds()) <= DUPLICATE_MINUTES * 60
            if close:
                found.add(bill.number)
        seen.setdefault(key, []).append(bill)
    return found


def _usual_hours(bills: list[Bill]) -> tuple[float, float] | None:
    hours = [h for b in bills if (h := _hour(b)) is not None]
    if len(hours) < MIN_BILLS_TO_LEARN:
        return None
    lo, hi = np.quantile(hours, [0.005, 0.995])
    return float(lo) - 0.5, float(hi) + 0.5


def _features(bill: Bill) -> list[float]:
    gap = max((abs(g) for g in bill.price_gaps), default=0.0)
    return [math.log1p(max(bill.total_paise, 0) / 100), _hour(bill) or 12.0, len(bill.price_gaps), gap]


def _unusual(bills: list[Bill]) -> set[str]:
    if len(bills) < MIN_BILLS_TO_LEARN:
        return set()
    x = np.array([_features(b) for b in bills])
    forest = IsolationForest(n_estimators=100, contamination=CONTAMINATION, random_state=0)
    flags = forest.fit_predict(x)
    return {b.number for b, flag in zip(bills, flags, strict=True) if flag == -1}


def find_anomalies(bills: list[Bill], since: date) -> list[Anomaly]:
    """Odd bills dated on or after `since` (the earlier ones teach what is usual), newest first."""
    duplicates = _duplicates(bills)
    hours = _usual_hours(bills)
    unusual = _unusual(bills)
    found = []
    for bill in bills:
        if bill.day < since:
            continue
        reasons = []
        if bill.number in duplicates:
            reasons.append("duplicate")
        if any(abs(g) >= PRICE_GAP for g in bill.price_gaps):
            reasons.append("odd_price")
        hour = _hour(bill)
        if hours is not None and hour is not None and not hours[0] <= hour <= hours[1]:
            reasons.append("odd_hour")
        if bill.number in unusual and not reasons:
            reasons.append("unusual")
        if reasons:
            found.append(Anomaly(bill.number, bill.day, bill.total_paise, tuple(reasons)))
    return sorted(found, key=lambda a: (a.day, a.number), reverse=True)
