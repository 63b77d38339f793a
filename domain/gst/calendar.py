"""The GST due-date calendar (gst.md §10) for the reminders: GSTR-1 on the 11th (13th after a QRMP
quarter), GSTR-3B on the 20th (22nd or 24th after a QRMP quarter, by the state's group), CMP-08 on
the 18th after the quarter, GSTR-4 on 30 April (30 June from FY 2024-25). The government extends
dates by notification: `overrides` maps (form, period label) to the extended date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

# QRMP GSTR-3B group A (due the 22nd); every other state is group B (the 24th).
QRMP_GROUP_A = frozenset({"22", "23", "24", "27", "29", "30", "32", "33", "36", "37", "25", "26", "34", "35", "31"})
GSTR4_JUNE_FROM_FY = 2024


@dataclass(frozen=True, slots=True)
class DueDate:
    form: str  # GSTR1 GSTR3B CMP08 GSTR4
    period: str  # YYYY-MM, YYYY-Qn (financial-year quarter) or YYYY-YY (financial year)
    due: date


def _next_month(year: int, month: int, day: int) -> date:
    return date(year + (month == 12), month % 12 + 1, day)


def _quarter_of(year: int, month: int) -> tuple[int, int, int, int]:
    """(FY start year, quarter 1-4, last month's year, last month) of a calendar month."""
    fy = year if month >= 4 else year - 1
    q = ((month - 4) % 12) // 3 + 1
    last = (3 + 3 * q) % 12 or 12
    return fy, q, fy + (last <= 3), last


def month_dues(year: int, month: int, *, scheme: str = "regular", frequency: str = "monthly",
               state: str = "09") -> list[DueDate]:
    """The returns a month's business falls into, with their due dates."""
    fy, q, ly, lm = _quarter_of(year, month)
    quarter = f"{fy}-Q{q}"
    if scheme == "composition":
        return [DueDate("CMP08", quarter, _next_month(ly, lm, 18))]
    if frequency == "quarterly":
        day = 22 if state in QRMP_GROUP_A else 24
        return [DueDate("GSTR1", quarter, _next_month(ly, lm, 13)), DueDate("GSTR3B", quarter, _next_month(ly, lm, day))]
    label = f"{year}-{month:02d}"
    return [DueDate("GSTR1", label, _next_month(year, month, 11)), DueDate("GSTR3B", label, _next_month(year, month, 20))]


def gstr4_due(fy_start_year: int) -> DueDate:
    day = date(fy_start_year + 1, 6, 30) if fy_start_year >= GSTR4_JUNE_FROM_FY else date(fy_start_year + 1, 4, 30)
    return DueDate("GSTR4", f"{fy_start_year}-{(fy_start_year + 1) % 100:02d}", day)


def upcoming(today: date, *, scheme: str = "regular", frequency: str = "monthly", state: str = "09",
             within_days: int = 45, overrides: Mapping[tuple[str, str], date] | None = None) -> list[DueDate]:
    """Returns due from `today` up to `within_days` ahead, soonest first (each once)."""
    seen: dict[tuple[str, str], DueDate] = {}
    for back in range(0, 4):
        y, m = today.year, today.month - back
        while m < 1:
            y, m = y - 1, m + 12
        dues = month_dues(y, m, scheme=scheme, frequency=frequency, state=state)
        if scheme == "composition":
            fy = y if m >= 4 else y - 1
            dues.append(gstr4_due(fy - 1))
        for d in dues:
            due = (overrides or {}).get((d.form, d.period), d.due)
            if today <= due <= today + timedelta(days=within_days):
                seen[(d.form, d.period)] = DueDate(d.form, d.period, due)
    return sorted(seen.values(), key=lambda d: (d.due, d.form))
