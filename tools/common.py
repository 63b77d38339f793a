"""Helpers the tool handlers share: the voucher date (never in the future) and item lines resolved
against the shop's own catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from domain.books.packs import pack_size
from domain.books.types import LineInput
from domain.errors import InvalidArgument
from domain.units import compatible, factor
from tools.args import ItemLine
from tools.context import ToolContext
from tools.resolve import resolve_item, resolve_party

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

QTY_STEP = Decimal("0.001")


def voucher_date(ctx: ToolContext, said: date | None) -> date:
    """The day a write is booked on: the day said, else today; a future day is refused."""
    if said is None:
        return ctx.today
    if said > ctx.today:
        raise InvalidArgument("date", "in_future")
    return said


def line_inputs(uow: SqlUnitOfWork, shop_id: int, lines: Sequence[ItemLine]) -> list[LineInput]:
    """The lines with canonical item names; a line with only an amount gets its qty from the rate."""
    result = []
    for line in lines:
        item = resolve_item(uow, shop_id, line.item)
        unit = line.unit or item.unit
        qty, rate = line.qty, line.rate
        size = pack_size(uow, shop_id, item.id, unit) if not compatible(unit, item.unit) else None
        if size:  # "10 bori chawal" of a shop whose bori holds 25 kilo: 250 kilo, the price per kilo
            qty = qty * size if qty is not None else None
            rate = (rate / size) if rate is not None else None
            unit = item.unit
            line = line.model_copy(update={"rate": rate})
        if qty is None:
            assert line.amount is not None  # the input model guarantees qty or amount
            per_unit = line.rate if line.rate is not None else item.rate.rupees * factor(unit, item.unit)
            if per_unit <= 0:
                raise InvalidArgument("qty", "no_price_to_derive_qty")
            qty = (line.amount / per_unit).quantize(QTY_STEP, rounding=ROUND_HALF_UP)
            if qty <= 0:
                raise InvalidArgument("qty", "not_positive")
        result.append(LineInput(item=item.name, qty=qty, unit=unit, rate=rate, amount=line.amount))
    return result


def party_name(uow: SqlUnitOfWork, shop_id: int, name: str | None, kind: str | None = None) -> str | None:
    """The canonical name of the party said, or None; an unknown party is refused (UnknownParty)."""
    if name is None:
        return None
    return resolve_party(uow, shop_id, name, kind).name
