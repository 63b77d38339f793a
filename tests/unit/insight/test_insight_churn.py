"""Churn scores read nothing after the cutoff, give every customer a probability and one of the four
segments, and learn from outcomes already known on the cutoff day."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from domain.insight.churn import SEGMENTS, clean, features, score_churn, training_set

CUTOFF = date(2026, 6, 30)


def _purchases(seed: int = 3, customers: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    start = date(2025, 7, 1)
    for c in range(customers):
        gap = rng.integers(3, 60)
        stop = start + timedelta(days=int(rng.integers(30, 480)))
        day = start + timedelta(days=int(rng.integers(0, 300)))
        while day < stop:
            rows.append((f"C{c}", day, float(rng.gamma(2, 200))))
            day += timedelta(days=int(gap + rng.integers(0, 5)))
    return pd.DataFrame(rows, columns=["customer", "date", "amount"])


def test_nothing_after_the_cutoff_changes_the_scores():
    purchases = _purchases()
    scores = score_churn(purchases, CUTOFF, 90)
    later = purchases[pd.to_datetime(purchases["date"]) > pd.Timestamp(CUTOFF)].copy()
    later["amount"] = later["amount"] * 100
    changed = pd.concat([purchases[pd.to_datetime(purchases["date"]) <= pd.Timestamp(CUTOFF)], later,
                         pd.DataFrame({"customer": ["Z"], "date": [CUTOFF + timedelta(days=1)], "amount": [1.0]})])
    assert scores.equals(score_churn(changed, CUTOFF, 90))


def test_every_customer_gets_a_probability_and_a_known_segment():
    scores = score_churn(_purchases(), CUTOFF, 90)
    assert list(scores.columns) == ["customer", "churn_probability", "segment"]
    assert scores["churn_probability"].between(0, 1).all()
    assert set(scores["segment"]) <= set(SEGMENTS)


def test_training_labels_come_from_before_the_cutoff():
    purchases = clean(_purchases())
    x, y = training_set(purchases[purchases["date"] <= pd.Timestamp(CUTOFF)], CUTOFF, 90)
    assert len(x) == len(y) and set(y.unique()) <= {0, 1}
    assert features(purchases, CUTOFF)["recency"].min() >= 0


def test_long_absent_customers_score_higher_than_regulars():
    rows = [("regular", CUTOFF - timedelta(days=7 * k), 100.0) for k in range(40)]
    rows += [("gone", CUTOFF - timedelta(days=200 + 7 * k), 100.0) for k in range(20)]
    purchases = pd.concat([_purchases(), pd.DataFrame(rows, columns=["customer", "date", "amount"])])
    scores = score_churn(purchases, CUTOFF, 90).set_index("customer")["churn_probability"]
    assert scores["gone"] > scores["regular"]
