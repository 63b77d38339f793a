"""Report periods: resolve TOOLS.md `period` forms against a given today into inclusive dates.

- `today`, `yesterday`; `this_week` (Monday to today), `last_week` (Monday to Sunday);
  `this_month` (the 1st to today), `last_month` (the whole month).
- `this_year` / `last_year` mean the **financial year** (1 April – 31 March): the books, the
  number series, GST annual returns and the income-tax year all run April to March, and a
  shopkeeper asking "is saal ka munafa" means the year he files for. `this_year` ends today.
- `YYYY-MM` a calendar month; `YYYY-Qn` a quarter of the financial year starting in April of
  YYYY (2026-Q1 = April–June 2026, 2026-Q4 = January–March 2027);
  `{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}` inclusive.
`previous_period` gives the period a report is compared with (yesterday for today, last week for
this week, the previous month for a month).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from domain.errors import InvalidPeriod

# The shops' clock: Indian Standard Time (settings.timezone defaults to it).
SHOP_TZ = ZoneInfo("Asia/Kolkata")


def shop_today(tz: ZoneInfo = SHOP_TZ) -> date:
    """Today's date on the shop's clock."""
    return datetime.now(tz).date()


NAMED_PERIODS = (
    "today", "yesterday", "this_week", "last_week", "this_month", "last_month", "this_year", "last_year",
)


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of dates."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriod({"from": self.start.isoformat(), "to": self.end.isoformat()})

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def financial_year_start(day: date) -> date:
    """1 April of the financial year that holds `day`."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def financial_year_label(day: date) -> str:
    """`26-27` for any day from 1 April 2026 to 31 March 2027."""
    start = financial_year_start(day).year
    return f"{start % 100:02d}-{(start + 1) % 100:02d}"


# The years a shop's books can name: a date or period outside them is a typo, not a request.
MIN_YEAR, MAX_YEAR = 2000, 2099


def month_period(year: int, month: int) -> Period:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return Period(first, following - timedelta(days=1))


def previous_period(period: Period) -> Period:
    """The same-length period just before: a day or any run of days, the days before it; a week
    (from a Monday, to date or whole), the same days of the week before; whole months, as many
    months before; a month to date, the same days of the month before (cut at its end); a year
    to date (from 1 April or 1 January), the same span a year before."""
    start, end = period.start, period.end
    if start.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        whole = (end + timedelta(days=1)).day == 1
        if whole:
            return Period(start - relativedelta(months=months), start - timedelta(days=1))
        step = 1 if months == 1 else 12 if start.month in (1, 4) and months <= 12 else months
        return Period(start - relativedelta(months=step), end - relativedelta(months=step))
    if start.weekday() == 0 and period.days <= 7:
        return Period(start - timedelta(days=7), end - timedelta(days=7))
    return Period(start - timedelta(days=period.days), start - timedelta(days=1))


def _quarter(year: int, quarter: int) -> Period:
    first_month = 4 + 3 * (quarter - 1)
    y = year + (first_month > 12)
    m = (first_month - 1) % 12 + 1
    start = date(y, m, 1)
    end = month_period(y + (m + 2 > 12), (m + 1) % 12 + 1).end
    return Period(start, end)


def _parse_date(value: object, spec: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidPeriod(spec) from exc


def resolve_period(spec: str | Mapping[str, object] | Period | None, today: date) -> Period:
    """The inclusive dates a period names, seen from `today`; raises InvalidPeriod."""
    if spec is None:
        return Period(today, today)
    if isinstance(spec, Period):
        return spec
    if isinstance(spec, Mapping):
        if "from" not in spec or "to" not in spec:
            raise InvalidPeriod(dict(spec))
        return Period(_parse_date(spec["from"], spec), _parse_date(spec["to"], spec))
    text = str(spec).strip().lower()
    if text == "today":
        return Period(today, today)
    if text == "yesterday":
        day = today - timedelta(days=1)
        return Period(day, day)
    if text == "this_week":
        return Period(today - timedelta(days=today.weekday()), today)
    if text == "last_week":
        monday = today - timedelta(days=today.weekday() + 7)
        return Period(monday, monday + timedelta(days=6))
    if text == "this_month":
        return Period(today.replace(day=1), today)
    if text == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return month_period(last.year, last.month)
    if text == "this_year":
        return Period(financial_year_start(today), today)
    if text == "last_year":
        start = financial_year_start(today)
        return Period(date(start.year - 1, 4, 1), start - timedelta(days=1))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        month = int(m.group(2))
        if not 1 <= month <= 12 or not MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
            raise InvalidPeriod(spec)
        return month_period(int(m.group(1)), month)
    if m := re.fullmatch(r"(\d{4})-q([1-4])", text):
        if not MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
            raise InvalidPeriod(spec)
        return _quarter(int(m.group(1)), int(m.group(2)))
    raise InvalidPeriod(spec)
