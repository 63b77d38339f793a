"""The shop's catalog: items with unit, GST-inclusive price, cost, HSN, GST rate and reorder level.

Items are found by name or alias, case-insensitively; a miss raises UnknownItem with suggestions.
Adding an item is idempotent on the chat message: a second delivery raises DuplicateMessage and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.books.common import item_info, name_key, positive_paise, require_shop, resolve_item
from domain.books.types import ItemInfo
from domain.books.vouchers import post_opening_stock
from domain.errors import DuplicateItem, DuplicateMessage, InvalidArgument, InvalidQuantity
from domain.gst import rate_to_bp
from domain.money import round_to_int
from domain.store.models import Item
from domain.units import normalise_unit, to_milli

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork


def add_item(
    uow: UnitOfWork,
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
    source_message_id: str | None = None,
) -> ItemInfo:
    """Add an item; opening stock (valued at `cost`, else `rate`) is posted as a journal voucher
    (stock Dr, capital Cr) dated `on`, whose number comes back as `opening_voucher`.
    DuplicateMessage (this message already posted a voucher), DuplicateItem, InvalidUnit,
    InvalidAmount, InvalidQuantity."""
    require_shop(uow, shop_id)
    if source_message_id:
        earlier = uow.ledger.by_source_message(shop_id, source_message_id)
        if earlier is not None:
            raise DuplicateMessage(source_message_id, earlier.number)
    clean = " ".join(name.split())
    if not clean:
        raise InvalidArgument("item", "empty")
    key = name_key(clean)
    if uow.items.by_key(shop_id, key) is not None:
        raise DuplicateItem(clean)
    unit = normalise_unit(unit)
    rate_paise = positive_paise(rate, "rate") if rate is not None else 0
    cost_paise = positive_paise(cost, "cost") if cost is not None else 0
    aliases_clean: list[str] = []
    for alias in aliases:
        alias = " ".join(alias.split())
        if alias and name_key(alias) != key and alias not in aliases_clean:
            aliases_clean.append(alias)
    item = uow.items.add(
        Item(
            shop_id=shop_id,
            name=clean,
            name_key=key,
            aliases=aliases_clean,
            sku=sku,
            unit=unit,
            rate_paise=rate_paise,
            price_includes_tax=price_includes_tax,
            cost_paise=cost_paise,
            hsn=(hsn or "").strip() or None,
            gst_rate_bp=rate_to_bp(gst_rate),
            reorder_level_milli=to_milli(reorder_level, unit, unit, allow_zero=True) if reorder_level else 0,
            stock_milli=0,
            stock_value_paise=0,
        )
    )
    if opening_qty is not None and opening_qty != 0:
        if on is None:
            raise InvalidArgument("on", "required_for_opening_stock")
        qty = to_milli(opening_qty, opening_unit or unit, unit)
        unit_cost = cost_paise or rate_paise
        if unit_cost <= 0:
            raise InvalidQuantity(opening_qty, "no_cost_to_value_it")
        journal = post_opening_stock(
            uow, shop_id, item, qty, round_to_int(Decimal(unit_cost) * qty / 1000),
            user_id=user_id, on=on, source_message_id=source_message_id,
        )
        return replace(item_info(item), opening_voucher=journal.number)
    return item_info(item)


def set_price(uow: UnitOfWork, shop_id: int, item: str, rate: Decimal) -> ItemInfo:
    """Set the selling price (rupees per the item's unit); UnknownItem, InvalidAmount."""
    found = resolve_item(uow, shop_id, item)
    found.rate_paise = positive_paise(rate, "rate")
    uow.flush()
    return item_info(found)


def find_item(uow: UnitOfWork, shop_id: int, name: str) -> ItemInfo:
    """The item named (or aliased) `name`; UnknownItem(name, suggestions)."""
    return item_info(resolve_item(uow, shop_id, name))


def list_items(uow: UnitOfWork, shop_id: int) -> list[ItemInfo]:
    """Every item of the shop, by name."""
    return [item_info(i) for i in uow.items.list(shop_id)]
