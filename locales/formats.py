"""Numbers, money and dates as Indian shopkeepers write them, in every Munshi language.

Money always uses lakh/crore grouping (₹2,45,000, ₹1,23,45,678.50) and Latin digits, whatever
grouping or digits CLDR gives the locale; whole rupees carry no paise. Amounts are rounded to the
paisa with ROUND_HALF_UP. Dates are DD/MM/YYYY, or with the month's name in the user's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import NumberPattern, parse_pattern

from locales.languages import catalog_id

PAISA = Decimal("0.01")
# CLDR gives kn, ml and mr Western (#,##0) grouping, and bn/mr native digits; these patterns
# force the Indian grouping and the numbering system is forced to Latin digits below.
_WHOLE = "#,##,##0"
_WITH_PAISE = "#,##,##0.00"
_RUPEE = "₹"


class NotANumber(ValueError):
    """A value that cannot be read as an amount or a quantity."""


def to_decimal(value: Any) -> Decimal:
    """Read an amount: Decimal, int, str, float (through its shortest repr) or anything with `.rupees`."""
    if hasattr(value, "rupees"):
        value = value.rupees
    if isinstance(value, bool):
        raise NotANumber(repr(value))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, (float, str)):
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation as exc:
            raise NotANumber(repr(value)) from exc
    else:
        raise NotANumber(repr(value))
    if not number.is_finite():
        raise NotANumber(repr(value))
    return number


def round_to_paise(value: Any) -> Decimal:
    """The amount rounded half-up to the paisa."""
    return to_decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


def _babel_locale(lang: str) -> str:
    cid = catalog_id(lang)
    if cid == "en":
        return "en_IN"
    return cid


def format_number(value: Any, lang: str = "en", max_decimals: int = 3) -> str:
    """A plain number with Indian grouping and Latin digits: 1,23,456 or 2.5 (no trailing zeros)."""
    number = to_decimal(value)
    exponent = Decimal(1).scaleb(-max_decimals)
    number = number.quantize(exponent, rounding=ROUND_HALF_UP).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    pattern = _WHOLE + ("." + "#" * max_decimals if max_decimals else "")
    return _format(number, pattern, lang)


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


@lru_cache(maxsize=32)
def _locale(lang: str) -> Locale:
    return Locale.parse(_babel_locale(lang))


def _format(number: Decimal, pattern: str, lang: str) -> str:
    return _pattern(pattern).apply(number, _locale(lang), numbering_system="latn")


def format_money(value: Any, lang: str = "en", paise: bool | None = None) -> str:
    """₹ with lakh/crore grouping: ₹2,45,000, ₹1,23,45,678.50, -₹500.

    `paise=None` shows paise only when there are some; True always shows them (invoices).
    """
    amount = round_to_paise(value)
    show_paise = paise if paise is not None else amount != amount.to_integral_value()
    pattern = _WITH_PAISE if show_paise else _WHOLE
    digits = _format(abs(amount), pattern, lang)
    return ("-" if amount < 0 else "") + _RUPEE + digits


def format_percent(value: Any, lang: str = "en") -> str:
    """A whole-number percentage such as 8% (rounded half-up)."""
    number = to_decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _format(number, _WHOLE, lang) + "%"


def format_date(value: dt.date | dt.datetime | str, lang: str = "en", style: str = "short") -> str:
    """short: 02/11/2026; long: 2 நவம்பர் 2026; month: நவம்பர் 2026; day: 2 நவம்பர்."""
    day = _to_date(value)
    if style == "short":
        return day.strftime("%d/%m/%Y")
    patterns = {"long": "d MMMM yyyy", "month": "MMMM yyyy", "day": "d MMMM"}
    if style not in patterns:
        raise ValueError(f"unknown date style {style!r}")
    text = _babel_format_date(day, patterns[style], locale=_babel_locale(lang))
    return _latin_digits(text)


def _to_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


_NATIVE_DIGITS = {
    # Devanagari, Bengali, Gujarati, Gurmukhi, Tamil, Telugu, Kannada, Malayalam digit zeros.
    zero: "0123456789"
    for zero in ("०", "০", "૦", "੦", "௦", "౦", "೦", "൦")
}


def _latin_digits(text: str) -> str:
    table: dict[int, str] = {}
    for zero in _NATIVE_DIGITS:
        base = ord(zero)
        for i in range(10):
            table[base + i] = str(i)
    return text.translate(table)
