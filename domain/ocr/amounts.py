"""Amounts and numbers as bills print and OCR reads them, to exact Decimals.

Handles `₹1,180.00`, `Rs. 5,240/-`, Indian grouping (`1,18,000.00`), OCR's spaces after commas
(`1, 180.00`), O/o read for 0, and a trailing minus or brackets for negatives. Never float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_CURRENCY = r"(?:₹|rs\.?|inr|rm|र\.?|रु\.?|ரூ\.?)"
# A number: digits with optional thousands groups (commas, optionally followed by one space), decimals.
_NUMBER = re.compile(
    rf"(?P<neg>[-−(])?\s*(?:{_CURRENCY}\s*)?(?P<num>\d{{1,3}}(?:,\s?\d{{2,3}})+(?:\.\d{{1,2}})?|\d+(?:\.\d{{1,3}})?)"
    r"(?P<pct>\s*%)?(?P<slash>\s*/-)?(?P<tail>\))?",
    re.IGNORECASE,
)
_INDIC_DIGITS = str.maketrans("०१२३४५६७८९௦௧௨௩௪௫௬௭௮௯", "01234567890123456789")
_OCR_ZERO = re.compile(r"(?<=[\d.,])[Oo]+(?![A-Za-z])|(?<=\d)[Oo]+(?=[\d.,])")


@dataclass(frozen=True, slots=True)
class NumberRead:
    value: Decimal
    raw: str
    start: int
    end: int
    is_percent: bool
    has_decimals: bool
    has_currency: bool
    negative: bool


def _clean(line: str) -> str:
    line = line.replace("\u200c", "").replace("\u200d", "")
    line = line.translate(_INDIC_DIGITS)
    line = re.sub(r"\(\s*-\s*\)\s*", "-", line).replace("(+)", "")  # Tally's "Round Off (-)0.40"
    line = re.sub(r"(?<![A-Za-z])[lLI|](?=\d{1,2},\d{2,3})", "1", line)  # "L7,618.31": a 1 read as L
    line = re.sub(r"(\d)\s*[.:,;]{2}\s*(\d{2})(?!\d)", r"\1.\2", line)  # "7,618.:31"
    line = re.sub(r"(\d)\s*\.\s+(\d{2})(?!\d)|(\d)\s+\.(\d{2})(?!\d)",
                  lambda m: f"{m.group(1) or m.group(3)}.{m.group(2) or m.group(4)}", line)
    line = _OCR_ZERO.sub(lambda m: "0" * len(m.group(0)), line)
    # "5 ,240.00" / "5, 240.00" and a comma-decimal "5240,00" at the end of a money token
    line = re.sub(r"(\d)\s+,\s*(\d)", r"\1,\2", line)
    # a comma before two final digits is a decimal point ("5,90", OCR's "49, 39"); Indian grouping
    # (1,18,000) always has more digits after it
    line = re.sub(r"(\d),\s?(\d{2})(?![\d,.])", r"\1.\2", line)
    return line


def numbers(line: str) -> list[NumberRead]:
    """Every number in a line, left to right, with what surrounds it."""
    text = _clean(line)
    out = []
    for m in _NUMBER.finditer(text):
        raw_num = re.sub(r"[,\s]", "", m.group("num"))
        try:
            value = Decimal(raw_num)
        except InvalidOperation:
            continue
        neg_mark = m.group("neg")
        negative = bool(neg_mark) and (neg_mark != "(" or bool(m.group("tail")))
        # A hyphen glued between two words or numbers is a separator, not a sign.
        if neg_mark == "-" and m.start() > 0 and text[m.start() - 1].isalnum():
            negative = False
        if negative:
            value = -value
        out.append(NumberRead(value, m.group(0).strip(), m.start("num"), m.end(), bool(m.group("pct")),
                              "." in raw_num, bool(re.search(_CURRENCY, m.group(0), re.IGNORECASE)), negative))
    return out


def parse_amount(text: str) -> Decimal | None:
    """The last money-like number in `text` (the amount column is on the right), or None."""
    found = [n for n in numbers(text) if not n.is_percent]
    return found[-1].value if found else None


def money(value: Decimal) -> Decimal:
    """Normalise a read amount to paise precision."""
    return value.quantize(Decimal("0.01"))
