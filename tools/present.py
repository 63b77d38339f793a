"""Domain values as JSON-able data for tool outcomes: rupees and quantities as numbers (an int when
whole, else a float carrying at most two decimals for money and three for quantities — exactly the
Decimal's shortest repr), dates as ISO strings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.books.types import PostedLine, PostedVoucher
from domain.money import Money, round_half_up, round_to_int
from domain.periods import Period


def number(value: Decimal | int) -> int | float:
    """A Decimal as a JSON number: int when whole, else the float of its shortest repr."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(str(value.normalize()))


def rupees(value: Money | Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Money):
        value = value.rupees
    return number(round_half_up(Decimal(value)))


def qty(value: Decimal) -> int | float:
    return number(round_half_up(Decimal(value), 3))


def period(p: Period) -> dict[str, str]:
    return p.as_dict()


def jsonable(value: Any) -> Any:
    """Make a details value JSON-able (Decimals, Money, dates, tuples)."""
    if isinstance(value, Money):
        return rupees(value)
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def line_data(line: PostedLine) -> dict[str, Any]:
    """One item line; `rate` is per `rate_unit`: the item's own unit when it was sold in another
    (500 g of a kg item shows ₹620/kg, not ₹0.62/g)."""
    rate, rate_unit = line.rate, line.unit
    if line.unit != line.item_unit and line.item_qty:
        rate, rate_unit = Money(round_to_int(Decimal(line.total.paise) / line.item_qty)), line.item_unit
    return {
        "item": line.item,
        "qty": qty(line.qty),
        "unit": line.unit,
        "rate": rupees(rate),
        "rate_unit": rate_unit,
        "amount": rupees(line.total),
        "taxable": rupees(line.taxable),
        "gst_rate": number(line.gst_rate),
        "cgst": rupees(line.cgst),
        "sgst": rupees(line.sgst),
        "igst": rupees(line.igst),
    }


def voucher_data(v: PostedVoucher) -> dict[str, Any]:
    """The data of every voucher-posting write; built only from the voucher, so that replaying the
    same message gives the same data (`party_balance` is the party's balance now; `negative_stock`,
    items this posting took below zero, is known only when it is posted)."""
    data: dict[str, Any] = {
        "voucher": v.number,
        "type": v.type,
        "date": v.date.isoformat(),
        "party": v.party,
        "payment": v.payment,
        "total": rupees(v.total),
        "amount": rupees(v.total),
        "taxable": rupees(v.taxable),
        "cgst": rupees(v.cgst),
        "sgst": rupees(v.sgst),
        "igst": rupees(v.igst),
        "tax": rupees(v.cgst + v.sgst + v.igst),
        "items": [line_data(li) for li in v.lines],
    }
    if v.category is not None:
        data["category"] = v.category
    if v.narration is not None:
        data["note"] = v.narration
    if v.invoice_no is not None:
        data["invoice_no"] = v.invoice_no
    if v.reverses is not None:
        data["reverses"] = data["undone"] = v.reverses
    if v.type == "stock_adjustment" and len(v.lines) == 1:
        line = v.lines[0]  # qty: the count said; difference: what moved, in the item's unit
        data.update(item=line.item, qty=qty(line.qty), unit=line.unit, difference=qty(line.item_qty),
                    item_unit=line.item_unit)
    if v.party_balance is not None:
        data["party_balance"] = rupees(v.party_balance)
    if v.negative_stock:
        data["negative_stock"] = list(v.negative_stock)
    return data
