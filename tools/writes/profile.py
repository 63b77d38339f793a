"""Writes to the shop's profile and its parties' details, and the old khata:

- `set_shop_profile`: the shop's name, UPI ID, GSTIN (its state follows), state, GST scheme, city
  (owner only);
- `set_party_details`: a customer's or supplier's phone (for reminders) or GSTIN;
- `set_opening_balance`: what a party owed before Munshi ("Ramesh ka purana udhaar 2500"), posted
  as a journal against capital (`data.voucher`), never as a sale.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator, model_validator

from domain.books import packs, parties, profile
from domain.books.types import ShopInfo
from domain.errors import InvalidArgument
from domain.places import state_from_text, state_name
from tools.args import Amount, Name, ToolArgs, UnitArg, check_phone
from tools.common import voucher_date
from tools.context import ToolContext, ToolResult
from tools.present import qty, rupees, voucher_data
from tools.resolve import resolve_item, resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

PROFILE_FIELDS = ("name", "upi_id", "gstin", "state", "gst_scheme", "city")


class SetShopProfile(ToolArgs):
    """Set the shop's name, UPI ID, GSTIN, state, GST scheme or city (owner only)."""

    name: Name | None = Field(None, description="the shop's name")
    upi_id: str | None = Field(None, description="the shop's UPI ID (VPA), like ramesh@okaxis")
    gstin: str | None = Field(None, description="the shop's GSTIN; its state follows from it")
    state: str | None = Field(None, description="the state: its name, a city in it, or a PIN code")
    gst_scheme: Literal["regular", "composition", "unregistered"] | None = Field(None, description="GST scheme")
    city: Name | None = Field(None, description="the town or city")

    @model_validator(mode="after")
    def _something(self):
        if all(getattr(self, f) is None for f in PROFILE_FIELDS):
            raise ValueError("nothing to set")
        return self


class SetPartyDetails(ToolArgs):
    """Give a customer or supplier a phone number (for reminders) or a GSTIN."""

    party: Name = Field(description="the customer or supplier")
    phone: str | None = Field(None, description="their mobile number")
    gstin: str | None = Field(None, description="their GSTIN")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return check_phone(value) if value else None


class SetOpeningBalance(ToolArgs):
    """What a customer owed the shop, or the shop owed a supplier, before Munshi (the old khata)."""

    party: Name = Field(description="the customer or supplier")
    amount: Amount = Field(description="rupees owed")
    kind: Literal["customer", "supplier"] | None = Field(None, description="who owes: a customer owes the shop")


def shop_data(shop: ShopInfo) -> dict:
    return {"shop": shop.name, "upi_id": shop.upi_id, "gstin": shop.gstin, "state_code": shop.state_code,
            "state": state_name(shop.state_code), "gst_scheme": shop.gst_scheme, "city": shop.city, "voucher": None}


def set_shop_profile(uow: SqlUnitOfWork, ctx: ToolContext, args: SetShopProfile) -> ToolResult:
    state_code = None
    if args.state is not None:
        found = state_from_text(args.state)
        if found is None:
            raise InvalidArgument("state", "unknown")
        state_code = found[0]
    shop = profile.update_shop(uow, ctx.shop_id, name=args.name, upi_id=args.upi_id, gstin=args.gstin,
                               state_code=state_code, gst_scheme=args.gst_scheme, city=args.city)
    changed = [f for f in PROFILE_FIELDS if getattr(args, f) is not None]
    return ToolResult(data={**shop_data(shop), "changed": changed,
                            "unregistered": args.gst_scheme == "unregistered"})


def set_party_details(uow: SqlUnitOfWork, ctx: ToolContext, args: SetPartyDetails) -> ToolResult:
    found = resolve_party(uow, ctx.shop_id, args.party)
    party = profile.set_party_contact(uow, ctx.shop_id, found.name, phone=args.phone, gstin=args.gstin)
    return ToolResult(data={"party": party.name, "kind": party.kind, "phone": party.phone, "gstin": party.gstin,
                            "voucher": None})


def set_opening_balance(uow: SqlUnitOfWork, ctx: ToolContext, args: SetOpeningBalance) -> ToolResult:
    found = resolve_party(uow, ctx.shop_id, args.party, args.kind)
    posted = profile.post_opening_balance(uow, ctx.shop_id, found.name, Decimal(args.amount),
                                          on=voucher_date(ctx, None), user_id=ctx.user_id,
                                          source_message_id=ctx.message_id)
    after = parties.find_party(uow, ctx.shop_id, found.name)
    return ToolResult(data={**voucher_data(posted), "party": found.name, "kind": found.kind,
                            "amount": rupees(Decimal(args.amount)), "party_balance": rupees(after.balance)},
                      voucher=posted.number)


SPECS = (
    spec("set_shop_profile", SetShopProfile, "users", set_shop_profile, write=True),
    spec("set_party_details", SetPartyDetails, "catalog", set_party_details, write=True),
    spec("set_opening_balance", SetOpeningBalance, "payments", set_opening_balance, voucher=True),
)


class SetPackSize(ToolArgs):
    """How much one bag, box or pack of an item holds ("1 bori chawal = 25 kilo")."""

    item: Name = Field(description="the item")
    unit: UnitArg = Field(description="the pack: bag (bori, katta), box (peti, crate, tray), pack or dozen")
    qty: Decimal = Field(gt=0, description="how much one pack holds")
    qty_unit: UnitArg = Field(description="the unit of `qty`, one the item is kept in (kg for rice)")


def set_pack_size_tool(uow: SqlUnitOfWork, ctx: ToolContext, args: SetPackSize) -> ToolResult:
    item = resolve_item(uow, ctx.shop_id, args.item)
    size = packs.set_pack_size(uow, ctx.shop_id, item.name, args.unit, args.qty, args.qty_unit)
    return ToolResult(data={"item": item.name, "pack": args.unit, "qty": qty(size), "unit": item.unit,
                            "voucher": None})


SPECS = (*SPECS, spec("set_pack_size", SetPackSize, "catalog", set_pack_size_tool, write=True))
