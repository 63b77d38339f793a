"""The numbers check: an agent's answer may state only amounts that a tool returned (or the user
said). An amount is a number next to a rupee mark or word, or any number of 100 or more; smaller
bare numbers (days, counts, a date's day) pass. Digits of every Indian script are read, and an
amount may be a tool's value rounded to whole rupees or to paise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{2,3})+|\d+)(?:\.(\d+))?(?!\d)")
_RUPEE_BEFORE = re.compile(r"(₹|\brs\.?|\binr)\s*$", re.IGNORECASE)
_RUPEE_AFTER = re.compile(
    r"^\s*(/-|rupe|rupa|rs\b|रु|रू|ரூ|రూ|ರೂ|രൂ|টাকা|ਰੁ|રૂ)", re.IGNORECASE
)
BARE_AMOUNT_FROM = Decimal(100)


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script as 0-9 ("१,२००" -> "1,200")."""
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None) is not None
                   else c for c in text)


def numbers_in(text: str) -> list[tuple[Decimal, bool]]:
    """(value, beside a rupee mark) for each number written in `text`."""
    text = ascii_digits(text)
    found = []
    for match in _NUMBER.finditer(text):
        whole, fraction = match.group(1).replace(",", ""), match.group(2)
        try:
            value = Decimal(f"{whole}.{fraction}" if fraction else whole)
        except InvalidOperation:
            continue
        rupee = bool(_RUPEE_BEFORE.search(text[max(0, match.start() - 5):match.start()])
                     or _RUPEE_AFTER.search(text[match.end():match.end() + 8]))
        found.append((value, rupee))
    return found


def known_numbers(values: Iterable[Any]) -> set[Decimal]:
    """Every number inside tool results (nested dicts and lists, and digits inside strings such as
    voucher numbers and dates), each also rounded to paise and to whole rupees."""
    known: set[Decimal] = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set):
            stack.extend(value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int | float | Decimal):
            known.update(_forms(Decimal(str(value))))
        else:
            for number, _rupee in numbers_in(str(value)):
                known.update(_forms(number))
    return known


def _forms(value: Decimal) -> set[Decimal]:
    value = abs(value)
    return {value.normalize(), value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize(),
            value.quantize(Decimal(1), rounding=ROUND_HALF_UP).normalize()}


def states_amount(answer: str) -> bool:
    """Whether `answer` states any amount at all."""
    return any(rupee or value >= BARE_AMOUNT_FROM for value, rupee in numbers_in(answer))


def invented_amounts(answer: str, known: set[Decimal]) -> list[Decimal]:
    """The amounts `answer` states that are not in `known`; empty when the answer may be sent."""
    invented = []
    for value, rupee in numbers_in(answer):
        if not rupee and value < BARE_AMOUNT_FROM:
            continue
        if value.normalize() not in known:
            invented.append(value)
    return invented
