"""Odd input in a message that asks for a write: the turn asks back before booking anything.

A parser reads "-5 kg" as 5 kg and skips a date it cannot place ("9999-12-31"), so the message's own
words are checked, whatever understood them: a minus sign before a number, a date far in the past or
the future (or no date at all, like 31-02), text that looks like code or a format string.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tools.args import looks_like_code

PAST = timedelta(days=366)  # a shop may enter last year's bill, not one from before that
FUTURE = timedelta(days=31)
_NEGATIVE = re.compile(r"(?<![\w.])[-−–]\s?\d")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?!\d)")


def _dates(text: str) -> list[tuple[int, int, int]]:
    found = [(int(y), int(m), int(d)) for y, m, d in _ISO_DATE.findall(text)]
    for d, m, y in _DMY_DATE.findall(text):
        year = int(y) + 2000 if len(y) == 2 else int(y)
        found.append((year, int(m), int(d)))
    return found


def far_date(text: str, today: date) -> bool:
    for year, month, day in _dates(text):
        try:
            when = date(year, month, day)
        except ValueError:
            return True
        if not today - PAST <= when <= today + FUTURE:
            return True
    return False


def odd_input(text: str, today: date) -> str | None:
    """Why the message must be asked back before a write ("negative", "date", "code"), or None."""
    if _NEGATIVE.search(text):
        return "negative"
    if far_date(text, today):
        return "date"
    if looks_like_code(text):
        return "code"
    return None
