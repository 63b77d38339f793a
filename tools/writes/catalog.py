"""Writes to the shop's master data: a new item (with opening stock), a new price, a new party.

A new item's opening stock posts a journal, whose number is `data.voucher` (null without opening
stock); the other writes post none. A retried message writes nothing: the journal it posted is
found by the message id, and without one it is recognised by content — asking again for an item
or party that already exists exactly as asked returns it with `replayed`; a different one with the
same name is refused as already existing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator, model_validator

from domain.books import catalog, parties, vouchers
from domain.books.types import ItemInfo, PartyInfo
from domain.catalog_master import master_entry
from domain.errors import DuplicateItem, DuplicateParty, UnknownItem, UnknownParty
from domain.gst import addresses
from tools.args import GstRateField, Name, PartyKind, Rate, ToolArgs, UnitArg, check_phone, check_qty
from tools.common import voucher_date
from tools.context import ToolContext, ToolResult
from tools.present import number, qty, rupees
from tools.resolve import resolve_item
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class AddItem(GstRateField):
    """Add a new item to the catalog, with its price and, optionally, the stock there is now."""

    item: Name = Field(description="the new item's name")
    rate: Rate | None = Field(None, description="selling price in rupees per unit, GST included")
    unit: UnitArg = Field("pc", description="the unit it is sold in")
    hsn: str | None = Field(None, pattern=r"^\d{4}(\d{2}){0,2}$", description="HSN code, 4, 6 or 8 digits")
    qty: Decimal | None = Field(None, description="opening stock in `unit`")
    cost: Rate | None = Field(None, description="purchase cost per unit (values the opening stock)")

    @model_validator(mode="after")
    def _opening(self):
        if self.qty is not None:
            check_qty(self.qty, self.unit, allow_zero=True)
        return self


class SetPrice(ToolArgs):
    """Change an item's selling price (rupees per its unit, GST included)."""

    item: Name = Field(description="the item")
    rate: Rate = Field(description="the new price in rupees per the item's unit")


class AddParty(ToolArgs):
    """Add a customer or a supplier (a new khata)."""

    party: Name = Field(description="the new party's name")
    kind: PartyKind = Field("customer", description="customer or supplier")
    phone: str | None = Field(None, description="mobile number, for reminders")
    gstin: str | None = Field(None, description="GSTIN when the party is registered")
    address: Name | None = Field(None, description="street address, for GST invoices")
    city: Name | None = Field(None, description="town or city")
    pincode: str | None = Field(None, description="6-digit PIN code")
    state: Name | None = Field(None, description="state name or code (a GSTIN's state wins)")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return check_phone(value) if value else None

    @field_validator("gstin")
    @classmethod
    def _gstin(cls, value: str | None) -> str | None:
        return value.strip().upper() if value else None


def item_data(item: ItemInfo) -> dict[str, Any]:
    return {
        "item": item.name,
        "unit": item.unit,
        "rate": rupees(item.rate),
        "gst_rate": number(item.gst_rate),
        "hsn": item.hsn,
        "stock": qty(item.stock),
        "aliases": list(item.aliases),
    }


def party_data(party: PartyInfo) -> dict[str, Any]:
    return {"party": party.name, "kind": party.kind, "phone": party.phone, "gstin": party.gstin,
            "balance": rupees(party.balance)}


def add_item(uow: SqlUnitOfWork, ctx: ToolContext, args: AddItem) -> ToolResult:
    try:
        existing = catalog.find_item(uow, ctx.shop_id, args.item)
    except UnknownItem:
        existing = None
    if existing is not None:
        same = existing.unit == args.unit and (args.rate is None or existing.rate.rupees == args.rate)
        if ctx.message_id and same and existing.name.lower() == args.item.lower():
            prior = vouchers.find_by_source_message(uow, ctx.shop_id, ctx.message_id)
            opening = None  # the opening-stock journal this message posted for the item, if any
            if prior is not None and prior.type == "journal" and any(ln.item == existing.name for ln in prior.lines):
                opening = prior.number
            return ToolResult(data={**item_data(existing), "voucher": opening}, replayed=True)
        raise DuplicateItem(existing.name)
    # A kirana item of the master starts with its usual unit, HSN and GST rate unless the user said them.
    entry = master_entry(args.item)
    said = args.model_fields_set
    unit = args.unit if "unit" in said or entry is None else entry.unit
    gst_rate = args.gst_rate if args.gst_rate is not None else (entry.gst_rate if entry else Decimal(0))
    item = catalog.add_item(
        uow, ctx.shop_id, name=args.item, unit=unit, rate=args.rate, cost=args.cost,
        hsn=args.hsn or (entry.hsn if entry else None), gst_rate=gst_rate,
        opening_qty=args.qty or None, opening_unit=args.unit if "unit" in said else unit, on=voucher_date(ctx, None), user_id=ctx.user_id,
        source_message_id=ctx.message_id,
    )
    return ToolResult(data={**item_data(item), "voucher": item.opening_voucher})


def set_price(uow: SqlUnitOfWork, ctx: ToolContext, args: SetPrice) -> ToolResult:
    before = resolve_item(uow, ctx.shop_id, args.item)
    after = catalog.set_price(uow, ctx.shop_id, before.name, args.rate)
    return ToolResult(data={**item_data(after), "old_rate": rupees(before.rate), "voucher": None})


def add_party(uow: SqlUnitOfWork, ctx: ToolContext, args: AddParty) -> ToolResult:
    try:
        existing = parties.find_party(uow, ctx.shop_id, args.party)
    except UnknownParty:
        existing = None
    if existing is not None:
        same = existing.kind == args.kind and (args.phone is None or existing.phone == args.phone)
        if ctx.message_id and same and existing.name.lower() == args.party.lower():
            return ToolResult(data={**party_data(existing), "voucher": None}, replayed=True)
        raise DuplicateParty(existing.name)
    party = parties.add_party(uow, ctx.shop_id, name=args.party, kind=args.kind, phone=args.phone, gstin=args.gstin)
    if any(v is not None for v in (args.address, args.city, args.pincode, args.state)):
        addresses.set_party_address(uow, ctx.shop_id, party.id, address=args.address, city=args.city,
                                    pincode=args.pincode, state=args.state)
        party = parties.find_party(uow, ctx.shop_id, party.name)
    return ToolResult(data={**party_data(party), "voucher": None})


SPECS = (
    spec("add_item", AddItem, "catalog", add_item, write=True),
    spec("set_price", SetPrice, "catalog", set_price, write=True),
    spec("add_party", AddParty, "catalog", add_party, write=True),
)
