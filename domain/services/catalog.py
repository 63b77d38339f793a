"""The shop's catalog: items with unit, GST-inclusive price, cost, HSN, GST rate and reorder level.

Items are found by name or alias, case-insensitively; a miss raises UnknownItem with suggestions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.services.types import ItemInfo

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


def add_item(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    name: str,
    unit: str = "pc",
    rate: Decimal | None = None,
    cost: Decimal | None = None,
    aliases: Sequence[str] = (),
    hsn: str | None = None,
    gst_rate: Decimal = Decimal(0),
    reorder_level: Decimal | None = None,
    opening_qty: Decimal | None = None,
    opening_unit: str | None = None,
    price_includes_tax: bool = True,
    sku: str | None = None,
    on: date | None = None,
    user_id: int | None = None,
) -> ItemInfo:
    """Add an item; opening stock (valued at `cost`, else `rate`) is posted as a journal voucher
    (stock Dr, capital Cr) dated `on`. DuplicateItem, InvalidUnit, InvalidAmount, InvalidQuantity."""
    raise NotImplementedError


def set_price(uow: SqlUnitOfWork, shop_id: int, item: str, rate: Decimal) -> ItemInfo:
    """Set the selling price (rupees per the item's unit); UnknownItem, InvalidAmount."""
    raise NotImplementedError


def find_item(uow: SqlUnitOfWork, shop_id: int, name: str) -> ItemInfo:
    """The item named (or aliased) `name`; UnknownItem(name, suggestions)."""
    raise NotImplementedError


def list_items(uow: SqlUnitOfWork, shop_id: int) -> list[ItemInfo]:
    """Every item of the shop, by name."""
    raise NotImplementedError
