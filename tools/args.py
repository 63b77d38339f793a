"""Argument types shared by the tools' input models, in the forms of TOOLS.md.

Validation here refuses what can never be right whatever the shop: a non-positive or absurd
quantity (over 1,00,000 kg or l, 10,00,000 pieces), an amount or rate over ₹10 crore, an unknown
unit, payment mode, expense category, language or period form, a name with control characters
(PostgreSQL cannot even store a NUL). Numbers become Decimals exactly
(JSON floats go through their shortest repr, so 1.5 stays 1.5).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from domain.books.types import EXPENSE_CATEGORIES
from domain.errors import InvalidUnit
from domain.gst import ALL_RATES
from domain.periods import MAX_YEAR, MIN_YEAR, NAMED_PERIODS
from domain.units import factor, normalise_unit

MAX_AMOUNT = Decimal("100000000")  # ₹10 crore: above it is a slip of the tongue, not a kirana bill
# The largest quantity a shop could mean, per unit said (1,00,000 kg; 10,00,000 pieces).
MAX_QTY_BASE = {"mass": Decimal("100000000"), "volume": Decimal("100000000"), "count": Decimal("1000000")}
MAX_QTY_OTHER = Decimal("100000")  # pack, box, bag
MAX_TEXT = 120

Unit = Literal["kg", "g", "l", "ml", "pc", "dozen", "pack", "box", "bag"]
Payment = Literal["cash", "upi", "credit", "card", "bank"]
Settlement = Literal["cash", "upi", "card", "bank"]  # how dues are paid: never "credit"
Category = Literal[
    "rent", "salary", "electricity", "transport", "repairs", "tea_snacks", "packaging", "phone", "other"
]
Lang = Literal["hi", "en", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa"]
StaffRole = Literal["manager", "accountant", "staff"]
PartyKind = Literal["customer", "supplier"]
GST_RATES = ALL_RATES  # the GST master's rates (which one applies on a date is checked by the domain)

assert set(EXPENSE_CATEGORIES) == set(get_args(Category))  # the contract and the domain agree

_PERIOD_FORM = re.compile(r"^(\d{4}-(0?[1-9]|1[0-2])|\d{4}-[qQ][1-4])$")
# Books are kept for these years: a date or period outside them is a slip, never a shop's entry.
# Text that looks like code or a format string is not a name anyone gives a customer or an item.
_CODE_LIKE = re.compile(r"%[-+#0-9.]*[sdifrx](?![a-zA-Z])|\{[^{}\s]*\}|<\s*/?\s*[a-zA-Z!]|\$\{|`|\\[xuU0-9]")
_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")


def _unit(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return normalise_unit(value)
        except InvalidUnit:
            return value  # Literal validation reports it
    return value


def _text(value: Any) -> Any:
    """Trimmed; control characters (a NUL, an escape) are never part of a name or a note."""
    if not isinstance(value, str):
        return value
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("contains control characters")
    return value.strip()


def looks_like_code(text: str) -> bool:
    return bool(_CODE_LIKE.search(text))


def _name(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and _CODE_LIKE.search(value):
        raise ValueError("looks like code or a format string, not a name")
    return value


def _year_ok(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}–{MAX_YEAR}")


def check_date(value: dt.date | None) -> dt.date | None:
    if value is not None:
        _year_ok(value.year)
    return value


UnitArg = Annotated[Unit, BeforeValidator(_unit)]
Name = Annotated[str, BeforeValidator(_name), Field(min_length=1, max_length=MAX_TEXT)]
Amount = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT, allow_inf_nan=False)]
Rate = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT, allow_inf_nan=False)]


def check_qty(qty: Decimal, unit: str | None, *, allow_zero: bool = False) -> Decimal:
    """Refuse a quantity no shop could mean; `unit` None is checked as the loosest unit."""
    if not qty.is_finite():
        raise ValueError("quantity is not a number")
    if qty < 0 or (qty == 0 and not allow_zero):
        raise ValueError("quantity must be more than zero")
    if unit is None:
        limit = MAX_QTY_BASE["mass"]
    elif unit in ("pack", "box", "bag"):
        limit = MAX_QTY_OTHER
    else:
        base = {"kg": "g", "g": "g", "l": "ml", "ml": "ml", "pc": "pc", "dozen": "pc"}[unit]
        dimension = {"g": "mass", "ml": "volume", "pc": "count"}[base]
        limit = MAX_QTY_BASE[dimension] / factor(unit, base)
    if qty > limit:
        raise ValueError(f"quantity {qty} {unit or ''} is too large".replace("  ", " "))
    return qty


def _period_value(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in NAMED_PERIODS:
            return text
        if _PERIOD_FORM.match(text):
            _year_ok(int(text[:4]))
            return text
        raise ValueError(f"unknown period {value!r}")
    if isinstance(value, dict):
        if set(value) != {"from", "to"}:
            raise ValueError("a period range needs exactly 'from' and 'to'")
        start, end = (dt.date.fromisoformat(str(value[k])) for k in ("from", "to"))
        _year_ok(start.year)
        _year_ok(end.year)
        if end < start:
            raise ValueError("a period cannot end before it starts")
        return {"from": start.isoformat(), "to": end.isoformat()}
    raise ValueError("a period is a name, YYYY-MM, YYYY-Qn or {'from', 'to'}")


PeriodArg = Annotated[str | dict[str, str], BeforeValidator(_period_value)]


class ToolArgs(BaseModel):
    """Base of every tool's input: unknown arguments are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemLine(ToolArgs):
    """One item line: `item` (the catalog name), `qty` in `unit`, optional `rate` (rupees per unit)
    or `amount` (the line's rupees). `qty` may be left out when an `amount` is said ("50 ki cheeni")."""

    item: Name = Field(description="the shop's catalog name of the item, e.g. 'Sugar'")
    qty: Decimal | None = Field(None, description="quantity in `unit`: 1.5 for dedh kilo, 500 for 500 gram")
    unit: UnitArg | None = Field(None, description="the unit said, else the item's catalog unit")
    rate: Rate | None = Field(None, description="rupees per unit when one was said, else null (catalog price)")
    amount: Amount | None = Field(None, description="the line total in rupees when one was said")

    @model_validator(mode="after")
    def _quantity(self) -> ItemLine:
        if self.qty is None:
            if self.amount is None:
                raise ValueError("a line needs a qty or an amount")
            return self
        check_qty(self.qty, self.unit)
        return self


class DatedWrite(ToolArgs):
    date: dt.date | None = Field(None, description="YYYY-MM-DD when the user said a day other than today")

    @field_validator("date")
    @classmethod
    def _plausible_date(cls, value: dt.date | None) -> dt.date | None:
        return check_date(value)


def check_phone(value: str) -> str:
    """E.164; a bare 10-digit Indian mobile number gets +91."""
    digits = re.sub(r"[\s\-()]", "", value)
    if re.fullmatch(r"[6-9]\d{9}", digits):
        digits = "+91" + digits
    elif re.fullmatch(r"0[6-9]\d{9}", digits):
        digits = "+91" + digits[1:]
    elif re.fullmatch(r"91[6-9]\d{9}", digits):
        digits = "+" + digits
    if not _PHONE.match(digits):
        raise ValueError(f"{value!r} is not a phone number")
    return digits


class GstRateField(ToolArgs):
    gst_rate: Decimal | None = Field(None, description="GST percent: 0, 5, 18 or 40 (or a special rate)")

    @field_validator("gst_rate")
    @classmethod
    def _known_rate(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value not in GST_RATES:
            raise ValueError(f"{value}% is not a GST rate")
        return value
