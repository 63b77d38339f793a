"""Amounts written in words, as Indian invoices print their total ("Rupees One Lakh Twelve Thousand
Five Hundred and Fifty Paise Only", "INR Two Thousand Three Hundred Only"): an independent
reading of the total that OCR reaches through letters, not digits.
"""

from __future__ import annotations

import re
from decimal import Decimal

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"thousand": 1000, "lakh": 100_000, "lakhs": 100_000, "lac": 100_000, "lacs": 100_000,
           "crore": 10_000_000, "crores": 10_000_000, "million": 1_000_000}
_MARK = re.compile(r"\b(?:rupees?|inr|rs\.?|ringgit)\b|\bonly\b|in\s*words", re.IGNORECASE)


def _whole(words: list[str]) -> int | None:
    """"one lakh twelve thousand five hundred" -> 112500; None when a word is not a number word."""
    total, current = 0, 0
    seen = False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _number_words(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t in _UNITS or t == "hundred" or t in _SCALES]


def amount_in_words(text: str) -> Decimal | None:
    """The amount a line writes out in words, with its paise/cents; None when it writes none."""
    if not _MARK.search(text):
        return None
    tokens = re.sub(r"[^a-z ]+", " ", text.lower().replace("-", " ")).split()
    mark = next((i for i, t in enumerate(tokens) if t in ("paise", "paisa", "cents", "cent", "sen")), None)
    paise_words: list[str] = []
    if mark is not None:
        after = _number_words(tokens[mark + 1:])
        if after:  # "... and Paise Twenty Only"
            paise_words, tokens = after, tokens[:mark]
        else:  # "... and Twenty Paise Only"
            split = max((i for i, t in enumerate(tokens[:mark]) if t == "and"), default=-1)
            paise_words, tokens = tokens[split + 1:mark], tokens[:max(split, 0)]
    rupees = _whole(_number_words(tokens))
    if not rupees:
        return None
    paise = _whole(_number_words(paise_words)) if paise_words else 0
    return Decimal(rupees) + Decimal(paise or 0) / 100
