"""A shop's packs of an item: "1 bori chawal = 25 kilo". A line said in a bag, box or pack of an item
kept in kilos (or litres, pieces) is turned into the item's own unit by the pack size, and a price
per pack into a price per that unit, so stock and prices stay in one unit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from domain.books.catalog import find_item
from domain.errors import IncompatibleUnits, InvalidArgument
from domain.units import compatible, from_milli, normalise_unit, to_milli

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

PACK_UNITS = ("bag", "box", "pack", "dozen")


def set_pack_size(uow: SqlUnitOfWork, shop_id: int, item: str, unit: str, qty: Decimal, qty_unit: str) -> Decimal:
    """Remember that one `unit` of `item` holds `qty` `qty_unit`; the size in the item's own unit."""
    found = find_item(uow, shop_id, item)
    pack_unit = normalise_unit(unit)
    if pack_unit not in PACK_UNITS or compatible(pack_unit, found.unit):
        raise InvalidArgument("unit", "not_a_pack")
    if not compatible(qty_unit, found.unit):
        raise IncompatibleUnits(qty_unit, found.unit)
    milli = to_milli(qty, qty_unit, found.unit)
    uow.packs.put(shop_id, found.id, pack_unit, milli)
    return from_milli(milli)


def pack_size(uow: SqlUnitOfWork, shop_id: int, item_id: int, unit: str) -> Decimal | None:
    """How much of the item's own unit one `unit` holds, when the shop said it."""
    pack = uow.packs.get(shop_id, item_id, normalise_unit(unit))
    return from_milli(pack.qty_milli) if pack is not None else None
