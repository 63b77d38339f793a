"""The shop's calendar: which days it was shut, which future days it will be, its weekday rhythm, and
how festivals and holidays (the `holidays` package, by Indian state) moved its sales in the past.

Everything is learned from the history of the whole shop (all items summed), so a festival effect or a
weekly closing day seen once for the shop applies to every item.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays
import numpy as np

WEEK = 7
CLOSED_WEEKDAY_SHARE = 0.75  # a weekday shut this often in recent weeks is a weekly closing day
RECENT_WEEKS = 12
RUN_UP_DAYS = 7  # festival shopping happens in the week before
SHRINK = 2.0  # a festival effect seen n times counts n / (n + SHRINK) of itself
FACTOR_BOUNDS = (0.3, 3.0)


# GST state codes (the first two digits of a GSTIN) to the ISO 3166-2:IN codes the holidays package uses.
_GST_TO_ISO = {
    "01": "JK", "02": "HP", "03": "PB", "04": "CH", "05": "UK", "06": "HR", "07": "DL", "08": "RJ", "09": "UP",
    "10": "BR", "11": "SK", "12": "AR", "13": "NL", "14": "MN", "15": "MZ", "16": "TR", "17": "ML", "18": "AS",
    "19": "WB", "20": "JH", "21": "OD", "22": "CG", "23": "MP", "24": "GJ", "26": "DH", "27": "MH", "29": "KA",
    "30": "GA", "31": "LD", "32": "KL", "33": "TN", "34": "PY", "35": "AN", "36": "TS", "37": "AP", "38": "LA",
}


def subdivision_of(state: str | None) -> str | None:
    """The holidays package's code for a state given as a GST code ("27") or a letter code ("MH")."""
    if not state:
        return None
    code = state.strip().upper()
    code = _GST_TO_ISO.get(code.zfill(2), code) if code.isdigit() else code
    return code if code in holidays.India.subdivisions else None


def festival_calendar(years: range, state: str | None) -> dict[date, tuple[str, ...]]:
    """Holidays by date for India (and the state's own, when given): names split where two fall together."""
    cal = holidays.country_holidays("IN", subdiv=subdivision_of(state), years=list(years))
    return {d: tuple(n.strip() for n in str(name).split(";")) for d, name in cal.items()}


def closed_days(totals: np.ndarray) -> np.ndarray:
    """Days the shop was shut: nothing at all sold on a day when the shop usually sells every day."""
    totals = np.asarray(totals, dtype=float)
    if totals.size == 0:
        return np.zeros(0, dtype=bool)
    zero = totals <= 0
    # A shop that sells nothing on most days is a slow shop, not a shut one: keep its zeros as sales.
    if zero.mean() > 0.5:
        return np.zeros_like(zero)
    return zero


def closed_weekdays(start: date, closed: np.ndarray) -> set[int]:
    """Weekdays (0 = Monday) the shop has kept shut in most of the recent weeks."""
    n = closed.size
    first = max(0, n - RECENT_WEEKS * WEEK)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for i in range(first, n):
        wd = (start + timedelta(days=i)).weekday()
        counts[wd][0] += int(closed[i])
        counts[wd][1] += 1
    return {wd for wd, (shut, seen) in counts.items() if seen >= 3 and shut / seen >= CLOSED_WEEKDAY_SHARE}


def weekday_profile(start: date, totals: np.ndarray, closed: np.ndarray) -> np.ndarray:
    """Sales of each weekday relative to the average open day over the recent weeks (mean 1 over open
    weekdays, 0 on weekly closing days)."""
    n = totals.size
    first = max(0, n - RECENT_WEEKS * WEEK)
    sums, counts = np.zeros(WEEK), np.zeros(WEEK)
    for i in range(first, n):
        if closed[i]:
            continue
        wd = (start + timedelta(days=i)).weekday()
        sums[wd] += totals[i]
        counts[wd] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    open_mean = np.nanmean(means) if np.isfinite(means).any() else np.nan
    if not np.isfinite(open_mean) or open_mean <= 0:
        return np.ones(WEEK)
    profile = np.nan_to_num(means / open_mean, nan=1.0)
    # Shrink toward flat: a week's rhythm from twelve weeks is a noisy estimate.
    weight = min(1.0, counts.sum() / (RECENT_WEEKS * WEEK))
    profile = 1 + weight * (profile - 1)
    for wd in closed_weekdays(start, closed):
        profile[wd] = 0.0
    open_days = profile > 0
    if open_days.any():
        profile[open_days] /= profile[open_days].mean()
    return profile


@dataclass(frozen=True, slots=True)
class ShopCalendar:
    """What the history says about the days ahead."""

    start: date  # first day of the history
    closed: np.ndarray  # per history day
    profile: np.ndarray  # 7 weekday factors
    weekly_closed: frozenset[int]
    festival_factor: dict[date, float] = field(default_factory=dict)  # future day -> multiplier
    closed_ahead: frozenset[date] = frozenset()  # future days expected shut

    def future_closed(self, days: list[date]) -> np.ndarray:
        return np.array([d.weekday() in self.weekly_closed or d in self.closed_ahead for d in days], dtype=bool)

    def future_factor(self, days: list[date]) -> np.ndarray:
        return np.array([self.festival_factor.get(d, 1.0) for d in days])


def _day_ratio(totals: np.ndarray, closed: np.ndarray, i: int, profile: np.ndarray, start: date) -> float | None:
    """Sales on history day i against what an ordinary day of its weekday would have sold."""
    lo, hi = max(0, i - 5 * WEEK), max(0, i - 2 * WEEK)
    window = [j for j in range(lo, hi) if not closed[j]]
    if len(window) < WEEK:
        return None
    level = float(np.mean([totals[j] / max(profile[(start + timedelta(days=j)).weekday()], 1e-9) for j in window]))
    expected = level * profile[(start + timedelta(days=i)).weekday()]
    if expected <= 0:
        return None
    return 0.0 if closed[i] else float(totals[i] / expected)


def _festival_effects(start: date, totals: np.ndarray, closed: np.ndarray, profile: np.ndarray,
                      cal: dict[date, tuple[str, ...]]) -> dict[tuple[str, str], list[float]]:
    """Observed ratios per (festival, 'day' | 'before') over the history."""
    effects: dict[tuple[str, str], list[float]] = defaultdict(list)
    n = totals.size
    for day, names in cal.items():
        i = (day - start).days
        if not 0 <= i < n:
            continue
        ratio = _day_ratio(totals, closed, i, profile, start)
        before = [r for j in range(i - RUN_UP_DAYS, i) if 0 <= j
                  and (r := _day_ratio(totals, closed, j, profile, start)) is not None and not closed[j]]
        for name in names:
            if ratio is not None:
                effects[(name, "day")].append(ratio)
            if len(before) >= 3:
                effects[(name, "before")].append(float(np.mean(before)))
    return effects


def _shrunk(ratios: list[float]) -> float:
    n = len(ratios)
    factor = 1 + (float(np.mean(ratios)) - 1) * n / (n + SHRINK)
    return float(np.clip(factor, *FACTOR_BOUNDS))


def learn_calendar(start: date, totals: np.ndarray, horizon: int, state: str | None) -> ShopCalendar:
    """The calendar of the days after the history from the shop's daily totals."""
    totals = np.asarray(totals, dtype=float)
    closed = closed_days(totals)
    profile = weekday_profile(start, totals, closed)
    weekly = frozenset(closed_weekdays(start, closed))
    end = start + timedelta(days=totals.size)  # the first future day
    future = [end + timedelta(days=k) for k in range(horizon)]
    cal = festival_calendar(range(start.year, future[-1].year + 1 if future else end.year + 1), state)
    effects = _festival_effects(start, totals, closed, profile, cal)
    factor: dict[date, float] = {}
    shut: set[date] = set()
    for day, names in cal.items():
        if not future or not future[0] <= day <= future[-1]:
            continue
        for name in names:
            seen = effects.get((name, "day"))
            if seen and all(r == 0 for r in seen):
                shut.add(day)  # shut on this festival every time it came
            elif seen:
                factor[day] = factor.get(day, 1.0) * _shrunk(seen)
            run_up = effects.get((name, "before"))
            if run_up:
                for k in range(1, RUN_UP_DAYS + 1):
                    d = day - timedelta(days=k)
                    if future[0] <= d <= future[-1]:
                        factor[d] = factor.get(d, 1.0) * _shrunk(run_up)
    shut |= _shut_a_year_ago(start, closed, future, weekly)
    return ShopCalendar(start, closed, profile, weekly, factor, frozenset(shut))


def _shut_a_year_ago(start: date, closed: np.ndarray, future: list[date], weekly: frozenset[int]) -> set[date]:
    """Fixed-date closings (Christmas, New Year): shut on the same date last year while open around it."""
    shut = set()
    for day in future:
        try:
            last = day.replace(year=day.year - 1)
        except ValueError:
            continue
        i = (last - start).days
        if not 0 <= i < closed.size or not closed[i] or last.weekday() in weekly:
            continue
        around = [closed[j] for j in range(max(0, i - 21), min(closed.size, i + 22)) if j != i]
        if around and np.mean(around) < 0.5:
            shut.add(day)
    return shut
