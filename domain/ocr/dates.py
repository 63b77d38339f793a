"""Dates as Indian bills print them: day first, any separator, 2- or 4-digit years, month names
in English, Hindi or Tamil (02/11/2026, 2-11-26, 02.11.2026, 2 Nov 2026, 02-Nov-2026, 2 नवंबर 2026).

`find_dates` returns every real calendar date in a line with where it starts; impossible dates
(31/02) are dropped, never guessed into another day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS: dict[str, int] = {}
_NAMES = {
    1: ["jan", "january", "जनवरी", "ஜனவரி"],
    2: ["feb", "february", "फरवरी", "फ़रवरी", "பிப்ரவரி"],
    3: ["mar", "march", "मार्च", "மார்ச்", "மார்ச"],
    4: ["apr", "april", "अप्रैल", "अप्रेल", "ஏப்ரல்"],
    5: ["may", "मई", "மே"],
    6: ["jun", "june", "जून", "ஜூன்"],
    7: ["jul", "july", "जुलाई", "ஜூலை"],
    8: ["aug", "august", "अगस्त", "ஆகஸ்ட்", "ஆகஸ்ட"],
    9: ["sep", "sept", "september", "सितंबर", "सितम्बर", "செப்டம்பர்"],
    10: ["oct", "october", "अक्टूबर", "अक्तूबर", "அக்டோபர்"],
    11: ["nov", "november", "नवंबर", "नवम्बर", "நவம்பர்"],
    12: ["dec", "december", "दिसंबर", "दिसम्बर", "டிசம்பர்"],
}
for _month, _names in _NAMES.items():
    for _name in _names:
        MONTHS[_name] = _month

_MONTH_ALT = "|".join(sorted((re.escape(n) for n in MONTHS), key=len, reverse=True))
_SEP = r"\s*[/.\-]\s*"
_NUMERIC = re.compile(rf"(?<![\d])(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})(?![\d])")
# A till's timestamp whose first separator OCR dropped ("28 04-18 15:40"): only before a time.
_STAMP = re.compile(r"(?<![\d/.\-])(\d{1,2})\s(\d{1,2})([/.\-])(\d{2}|\d{4})(?=\s+\d{1,2}:\d{2})")
_ISO = re.compile(r"(?<![\d])(20\d{2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d])")
_DAY_MONTH = re.compile(
    rf"(?<![\d])(\d{{1,2}})(?:st|nd|rd|th)?[\s/.\-,]*({_MONTH_ALT})\.?[\s/.\-,']*(\d{{4}}|\d{{2}})(?![\d])",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"(?<![\w])({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?![\d])", re.IGNORECASE
)

# OCR reads of digits inside date-shaped tokens.
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_DATEISH = re.compile(r"[\dOoIl|]{1,4}(?:\s*[/.\-]\s*[\dOoIl|]{1,4}){2}")


@dataclass(frozen=True, slots=True)
class DateRead:
    value: date
    raw: str
    position: int
    confidence: float


def _year(text: str) -> int:
    year = int(text)
    if year < 100:  # a two-digit year is this century's first half; "2/60" is a page count, not 2060
        return 2000 + year if year < 50 else 0
    return year


def _make(year: int, month: int, day: int) -> date | None:
    if not 2000 <= year <= 2099:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _matches(pattern: re.Pattern[str], text: str):
    """Every match, overlapping ones too ("REG #19- 21/03/2018" must still yield 21/03/2018)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def find_dates(line: str) -> list[DateRead]:
    """Every date in a line, day-first, in reading order."""
    fixed = _DATEISH.sub(lambda m: m.group(0).translate(_DIGIT_FIX), line)
    found: list[DateRead] = []
    spans: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: date | None, confidence: float) -> None:
        if value is None or any(s < match.end() and match.start() < e for s, e in spans):
            return
        spans.append((match.start(), match.end()))
        found.append(DateRead(value, match.group(0), match.start(), confidence))

    for m in _matches(_ISO, fixed):
        add(m, _make(int(m.group(1)), int(m.group(3)), int(m.group(4))), 0.95)
    for m in _matches(_DAY_MONTH, fixed):
        add(m, _make(_year(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))), 0.95)
    for m in _matches(_MONTH_DAY, fixed):
        add(m, _make(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2))), 0.9)
    for m in _matches(_NUMERIC, fixed):
        day, month, year = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        value = _make(year, month, day)
        confidence = 0.9 if len(m.group(3)) == 4 else 0.8
        if value is None and day <= 12 < month:  # month-first (rare on Indian bills)
            value, confidence = _make(year, day, month), 0.5
        add(m, value, confidence)
    for m in _matches(_STAMP, fixed):
        add(m, _make(_year(m.group(4)), int(m.group(2)), int(m.group(1))), 0.6)
    found.sort(key=lambda d: d.position)
    return found


def parse_date(text: str) -> date | None:
    """The first date in `text`, or None."""
    found = find_dates(text)
    return found[0].value if found else None


# Digits Tesseract takes for one another in print ("2018" read as "2078").
_CONFUSED = {"0": "86", "1": "7", "3": "8", "5": "6", "6": "58", "7": "1", "8": "360", "9": "0"}


def plausible(found: DateRead, latest: date, earliest: date) -> DateRead | None:
    """The date if it lies between `earliest` and `latest`; a date in the future whose year has one
    commonly misread digit is mended when exactly one reading of that digit is plausible."""
    if earliest <= found.value <= latest:
        return found
    if found.value < earliest:
        return None
    year = f"{found.value.year:04d}"
    mended = set()
    for i in (2, 3):
        for other in _CONFUSED.get(year[i], ""):
            candidate = int(year[:i] + other + year[i + 1:])
            if earliest.year <= candidate <= latest.year:
                try:
                    value = found.value.replace(year=candidate)
                except ValueError:
                    continue
                if earliest <= value <= latest:
                    mended.add(value)
    if len(mended) != 1:
        return None
    return DateRead(mended.pop(), found.raw, found.position, found.confidence * 0.6)
