"""Days and periods said relative to a given today: aaj, kal (by tense), parso, pichhle hafte,
is mahine, month names (their latest past occurrence), financial-year quarters and weekday
ranges ("somvar se aaj tak"). Returns the contract's forms; never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from intents.numbers import classify
from intents.phrases import Hit

_ISO = re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")
_DMY = re.compile(r"\b(\d{1,2}) ?[/-] ?(\d{1,2})(?: ?[/-] ?(\d{2,4}))?\b")
_QUARTER = re.compile(r"\bq ?([1-4])\b")
_YEAR = re.compile(r"\b(20\d\d)\b")
_AGO = re.compile(r"\b(\d{1,3}) (?:din|days?|दिन|நாள்|naal|రోజుల|ದಿನ|ദിവസം|দিন|દિવસ|ਦਿਨ)\S* "
                  r"(?:pehle|pahle|ago|back|पहले|முன்பு|munnadi|క్రితం|ಹಿಂದೆ|മുമ്പ്|আগে|પહેલા|ਪਹਿਲਾਂ|पूर्वी)")
_NEXT_DAYS = re.compile(r"\b(?:next|agle|अगले|aane wale|अगले|அடுத்த|adutha|ముందు|ಮುಂದಿನ|അടുത്ത|আগামী|આગામી|આવતા|ਅਗਲੇ|पुढील|पुढच्या) "
                        r"(\d{1,3}) (?:din|days?|दिन|நாள்\S*|naal\S*|రోజు\S*|ದಿನ\S*|ദിവസ\S*|দিন\S*|દિવસ\S*|ਦਿਨ\S*)")


_SPAN_WORDS = {
    "last": -1, "past": -1, "pichhle": -1, "pichle": -1, "pichhla": -1, "पिछले": -1, "पिछला": -1, "गेल्या": -1,
    "கடந்த": -1, "போன": -1, "kadandha": -1, "pona": -1, "గత": -1, "ಕಳೆದ": -1, "കഴിഞ്ഞ": -1, "গত": -1,
    "ગયા": -1, "છેલ્લા": -1, "ਪਿਛਲੇ": -1, "मागील": -1, "मागच्या": -1,
    "next": 1, "agle": 1, "अगले": 1, "aane": 1, "coming": 1, "அடுத்த": 1, "adutha": 1, "వచ్చే": 1, "ಮುಂದಿನ": 1,
    "അടുത്ത": 1, "আগামী": 1, "આવતા": 1, "ਅਗਲੇ": 1, "पुढील": 1, "पुढच्या": 1,
}
_SPAN_UNITS = (
    (1, "din days day दिन நாள் நாட்கள் naal naatkal రోజుల రోజులు ದಿನ ದಿನಗಳ ദിവസം ദിവസത്തെ দিন দিনের દિવસ દિવસના ਦਿਨ ਦਿਨਾਂ दिवस"),
    (7, "hafte hafta week weeks हफ्ते हफ़्ते सप्ताह வாரம் vaaram varam వారాల ವಾರ ആഴ്ച সপ্তাহ અઠવાડિયા ਹਫ਼ਤੇ ਹਫਤੇ आठवडे"),
    (30, "mahine mahina month months महीने மாசம் மாதம் masam maasam నెలల ತಿಂಗಳ മാസം মাস મહિના ਮਹੀਨੇ महिने"),
)
_SPAN_UNIT = {w: days for days, words in _SPAN_UNITS for w in words.split()}


def _span(tokens: list[str], today: date, info: TimeInfo) -> None:
    """"pichhle 7 din", "last 30 days", "agle do hafte": a span of days back to today, or ahead."""
    for i in range(len(tokens) - 2):
        sign = _SPAN_WORDS.get(tokens[i])
        if sign is None:
            continue
        got = classify(tokens[i + 1])
        per = _SPAN_UNIT.get(tokens[i + 2])
        if got is None or per is None or got[0] not in ("digits", "value") or not 0 < got[1] <= 400:
            continue
        days = int(got[1]) * per
        info.used.update({i + 1, i + 2})
        if sign < 0 and info.period is None:
            info.period = {"from": (today - timedelta(days=days - 1)).isoformat(), "to": today.isoformat()}
        elif sign > 0:
            info.forecast_days = days
        return


@dataclass
class TimeInfo:
    date: date | None = None
    period: str | dict | None = None
    forecast_days: int | None = None
    used: set[int] = field(default_factory=set)


def latest_month(month: int, today: date) -> str:
    year = today.year if month <= today.month else today.year - 1
    return f"{year:04d}-{month:02d}"


def fy_quarter(q: int, year: int | None, today: date) -> str:
    if year is None:
        fy = today.year if today.month >= 4 else today.year - 1
        start_month = 4 + 3 * (q - 1)
        start = date(fy + (1 if start_month > 12 else 0), (start_month - 1) % 12 + 1, 1)
        year = fy if start <= today else fy - 1
    return f"{year:04d}-Q{q}"


def weekday_on_or_before(weekday: int, today: date) -> date:
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _dmy(day: int, month: int, year_tok: str | None, today: date) -> date | None:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    years = [today.year, today.year - 1]
    if year_tok is not None:
        if not year_tok.isdigit() or len(year_tok) not in (2, 4):
            return None
        years = [int(year_tok) + (2000 if len(year_tok) == 2 else 0)]
    for year in years:
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if found <= today or year_tok is not None:
            return found
    return None


def _day_of_month(tokens: list[str], hits: list[Hit], today: date) -> date | None:
    """"15 november", "3 अक्टूबर": the latest such day not in the future."""
    for h in hits:
        if h.label.startswith("m:") and h.start > 0 and tokens[h.start - 1].isdigit():
            day, month = int(tokens[h.start - 1]), int(h.label[2:])
            for year in (today.year, today.year - 1):
                try:
                    found = date(year, month, day)
                except ValueError:
                    return None
                if found <= today:
                    return found
        if h.label == "t:dom" and h.start > 0 and tokens[h.start - 1].isdigit():
            # "15 tarikh", "३ तारीख को": that day of this month, else of the month before
            day, year, month = int(tokens[h.start - 1]), today.year, today.month
            for _ in range(2):
                try:
                    found = date(year, month, day)
                except ValueError:
                    found = None
                if found is not None and found <= today:
                    return found
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            return None
    return None


def extract_time(text: str, hits: list[Hit], today: date, future: bool, tokens: list[str] | None = None) -> TimeInfo:
    """Find the day (for writes) and the period (for reads) said in a message."""
    info = TimeInfo()
    if tokens:
        info.date = _day_of_month(tokens, hits, today)
    labels: dict[str, Hit] = {}
    for h in hits:
        if h.label[:2] in ("d:", "P:", "m:", "w:") or h.label == "c:since":
            labels.setdefault(h.label, h)
    day = _relative_day(text, labels, future, info)
    _written_date(text, tokens, today, info)
    if info.date is None and day is not None:
        try:
            info.date = today + timedelta(days=day)
        except OverflowError:
            info.date = None
    if tokens:
        _span(tokens, today, info)
    _weekday_period(labels, today, day, info)
    _named_period(text, labels, today, info)
    _month_period(text, labels, hits, today, tokens, info)
    if info.period is None and day is not None:
        info.period = {0: "today", -1: "yesterday"}.get(day) or (
            {"from": info.date.isoformat(), "to": info.date.isoformat()} if info.date else None)
    if info.period is None and "P:today" in labels:
        info.period = "today"
    return info


def _relative_day(text: str, labels: dict[str, Hit], future: bool, info: TimeInfo) -> int | None:
    """Days from today: aaj, kal (by tense), parso, "3 din pehle"."""
    day = None
    for label, offset in (("d:-2", -2), ("d:-1", -1), ("d:1", 1), ("d:0", 0)):
        if label in labels:
            day = offset
            info.used.update(range(labels[label].start, labels[label].end))
            break
    if day is None and "d:kal" in labels:
        day = 1 if future else -1
        info.used.update(range(labels["d:kal"].start, labels["d:kal"].end))
    if m := _AGO.search(text):
        day = -int(m.group(1))
    return day


def _written_date(text: str, tokens: list[str] | None, today: date, info: TimeInfo) -> None:
    """"18/11", "18/11/2026" (the latest such day not in the future) or an ISO date."""
    if tokens and info.date is None:
        for i in range(len(tokens) - 2):
            if tokens[i + 1] == "/" and tokens[i].isdigit() and tokens[i + 2].isdigit():
                found = _dmy(int(tokens[i]), int(tokens[i + 2]),
                             tokens[i + 4] if i + 4 < len(tokens) and tokens[i + 3] == "/" else None, today)
                if found:
                    info.date = found
                    info.used.update(range(i, i + (5 if tokens[i + 3:i + 4] == ["/"] else 3)))
                break
    if m := _ISO.search(text):
        try:
            info.date = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            info.date = None  # "2026-13-45" names no day


def _weekday_period(labels: dict[str, Hit], today: date, day: int | None, info: TimeInfo) -> None:
    weekday = next((int(lbl[2:]) for lbl in labels if lbl.startswith("w:")), None)
    if weekday is None:
        return
    start = weekday_on_or_before(weekday, today)
    if "c:since" in labels or "P:today" in labels or day == 0:
        info.period = {"from": start.isoformat(), "to": today.isoformat()}
    else:
        info.period = {"from": start.isoformat(), "to": start.isoformat()}
        info.date = info.date or start


def _named_period(text: str, labels: dict[str, Hit], today: date, info: TimeInfo) -> None:
    """This or last week, month, year or quarter; the days ahead a forecast is for."""
    for label in ("P:last_week", "P:this_week", "P:last_month", "P:this_month", "P:last_year", "P:this_year"):
        if info.period is None and label in labels:
            info.period = label[2:]
    if info.period is None and ("P:this_quarter" in labels or "P:last_quarter" in labels):
        fy = today.year if today.month >= 4 else today.year - 1
        q = (today.month - 4) % 12 // 3 + 1
        if "P:last_quarter" in labels:
            fy, q = (fy, q - 1) if q > 1 else (fy - 1, 4)
        info.period = f"{fy:04d}-Q{q}"
    if "P:next_week" in labels:
        info.forecast_days = 7
    elif "P:next_month" in labels:
        info.forecast_days = 30
    if (m := _NEXT_DAYS.search(text)) and info.forecast_days is None:
        info.forecast_days = int(m.group(1))
    quarter = _QUARTER.search(text)
    year_m = _YEAR.search(text)
    if quarter and info.period is None:
        info.period = fy_quarter(int(quarter.group(1)), int(year_m.group(1)) if year_m else None, today)


def _month_period(text: str, labels: dict[str, Hit], hits: list[Hit], today: date, tokens: list[str] | None,
                  info: TimeInfo) -> None:
    """A month named (its latest past occurrence), a day of it, or "from then until today"."""
    months = [int(lbl[2:]) for lbl in labels if lbl.startswith("m:")]
    year_m = _YEAR.search(text)
    dated = info.date is not None and bool(tokens) and _day_of_month(tokens, hits, today) is not None
    if info.period is None and dated and ("c:since" in labels or "P:today" in labels):
        info.period = {"from": info.date.isoformat(), "to": today.isoformat()}  # "1 tarikh se aaj tak"
    if months and info.period is None and dated:
        info.period = {"from": info.date.isoformat(), "to": info.date.isoformat()}
    if months and info.period is None and "c:since" in labels and "P:today" in labels and not year_m:
        start = latest_month(months[0], today)  # "jan se ab tak": from that month's first day to today
        info.period = {"from": f"{start}-01", "to": today.isoformat()}
    if months and info.period is None:
        info.period = f"{int(year_m.group(1)):04d}-{months[0]:02d}" if year_m else latest_month(months[0], today)
