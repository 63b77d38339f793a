"""Forecast accuracy as retail planners read it: WAPE, MASE, bias and interval coverage.

All take plain arrays; nothing here knows where the numbers came from.
"""

from __future__ import annotations

import numpy as np


def wape(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Sum of absolute errors over the sum of actual sales (NaN when nothing sold)."""
    total = float(np.sum(actual))
    return float(np.sum(np.abs(np.asarray(actual) - np.asarray(predicted)))) / total if total > 0 else float("nan")


def bias(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Forecast total over actual total, minus one: +0.1 is a forecast 10% too high."""
    total = float(np.sum(actual))
    return float(np.sum(predicted)) / total - 1 if total > 0 else float("nan")


def mase(actual: np.ndarray, predicted: np.ndarray, history: np.ndarray, season: int = 7) -> float:
    """Mean absolute error over the in-sample mean absolute seasonal difference of the history."""
    history = np.asarray(history, dtype=float)
    history = history[~np.isnan(history)]
    if history.size <= season:
        return float("nan")
    scale = float(np.mean(np.abs(history[season:] - history[:-season])))
    if scale <= 0:
        return float("nan")
    return float(np.mean(np.abs(np.asarray(actual) - np.asarray(predicted)))) / scale


def coverage(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """Share of days whose actual fell inside [lo, hi]."""
    actual = np.asarray(actual, dtype=float)
    if actual.size == 0:
        return float("nan")
    return float(np.mean((actual >= np.asarray(lo) - 1e-9) & (actual <= np.asarray(hi) + 1e-9)))
