"""`set_address`: the shop's or a party's address, city, PIN code and state, for GST invoices,
the e-invoice and the e-way bill (a GSTIN's state cannot be contradicted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from domain.books import shops
from domain.errors import InvalidArgument
from domain.gst import addresses, normalise_gstin, state_name
from tools.args import Name, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.resolve import resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class SetAddress(ToolArgs):
    """Set the address, city, PIN code or state of a party, or of the shop itself when no party is named."""

    party: Name | None = Field(None, description="the customer or supplier; leave out for the shop's own address")
    address: Name | None = Field(None, description="street address")
    city: Name | None = Field(None, description="town or city")
    pincode: str | None = Field(None, pattern=r"^\s*[1-9][0-9]{2}\s?[0-9]{3}\s*$", description="6-digit PIN code")
    state: Name | None = Field(None, description="state name or code")
    gstin: str | None = Field(None, description="the party's GSTIN, when it has none yet (its state follows)")

    @model_validator(mode="after")
    def _something(self) -> SetAddress:
        if all(v is None for v in (self.address, self.city, self.pincode, self.state, self.gstin)):
            raise ValueError("give an address, city, PIN code, state or GSTIN")
        if self.gstin and not self.party:
            raise ValueError("the shop's own GSTIN is set when the shop is registered, not here")
        return self


def set_address(uow: SqlUnitOfWork, ctx: ToolContext, args: SetAddress) -> ToolResult:
    fields = {"address": args.address, "city": args.city, "pincode": args.pincode, "state": args.state}
    if args.party:
        party = resolve_party(uow, ctx.shop_id, args.party)
        if args.gstin:
            clean = normalise_gstin(args.gstin)
            if party.gstin and party.gstin != clean:
                raise InvalidArgument("gstin", "party_has_another_gstin")
            addresses.record_gstin(uow, ctx.shop_id, party.id, str(clean))
        addresses.set_party_address(uow, ctx.shop_id, party.id, **fields)
        party = resolve_party(uow, ctx.shop_id, party.name)
        who, state, pin = party.name, party.state_code, party.pincode
    else:
        addresses.set_shop_address(uow, ctx.shop_id, **fields)
        shop = shops.get_shop(uow, ctx.shop_id)
        who, state, pin = shop.name, shop.state_code, shop.pincode
    return ToolResult(data={"party": who, "state": state_name(state), "state_code": state, "pincode": pin,
                            "voucher": None})


SPECS = (spec("set_address", SetAddress, "catalog", set_address, write=True),)
