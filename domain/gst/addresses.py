"""Addresses for GST: the shop's and its parties' address, city, PIN code and state. A GSTIN fixes
the state (a different state said is refused); otherwise the state said, or the city's state.
The e-invoice and e-way bill need both PIN codes; the invoice prints the state's name."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.errors import InvalidArgument, UnknownParty, UnknownShop
from domain.gst.master import find_state, normalise_gstin, state_of

if TYPE_CHECKING:
    from domain.store.models import Party, Shop
    from domain.store.uow import SqlUnitOfWork

PIN = re.compile(r"^[1-9][0-9]{5}$")


def clean_pincode(pincode: str | None) -> str | None:
    if pincode is None or not str(pincode).strip():
        return None
    value = str(pincode).replace(" ", "").strip()
    if not PIN.match(value):
        raise InvalidArgument("pincode", "not_a_pincode")
    return value


def resolve_state(gstin: str | None, state: str | None, city: str | None = None) -> str | None:
    """The state code from the GSTIN, else the state said, else the city; InvalidArgument when the
    state said is unknown or contradicts the GSTIN."""
    said = find_state(state) if state else None
    if state and said is None:
        raise InvalidArgument("state", "unknown_state")
    fixed = state_of(gstin)
    if fixed and said and said != fixed:
        raise InvalidArgument("state", "contradicts_gstin")
    return fixed or said or (find_state(city) if city else None)


def _apply(row: Party | Shop, address: str | None, city: str | None, pincode: str | None) -> None:
    if address is not None and address.strip():
        row.address = " ".join(address.split())[:200]
    if city is not None and city.strip():
        row.city = " ".join(city.split())[:80]
    pin = clean_pincode(pincode)
    if pin:
        row.pincode = pin


def set_party_address(uow: SqlUnitOfWork, shop_id: int, party_id: int, *, address: str | None = None,
                      city: str | None = None, pincode: str | None = None, state: str | None = None) -> None:
    party = uow.parties.get(shop_id, party_id)
    if party is None:
        raise UnknownParty(str(party_id), ())
    code = resolve_state(party.gstin, state, city)
    _apply(party, address, city, pincode)
    if code:
        party.state_code = code
    uow.flush()


def set_shop_address(uow: SqlUnitOfWork, shop_id: int, *, address: str | None = None, city: str | None = None,
                     pincode: str | None = None, state: str | None = None) -> None:
    shop = uow.shops.get(shop_id)
    if shop is None:
        raise UnknownShop(shop_id)
    code = resolve_state(shop.gstin, state, None)
    _apply(shop, address, city, pincode)
    if code:
        shop.state_code = code
    uow.flush()


def record_gstin(uow: SqlUnitOfWork, shop_id: int, party_id: int, gstin: str) -> None:
    """Give a party without a GSTIN the one its bill shows (validated); its state follows."""
    party = uow.parties.get(shop_id, party_id)
    if party is None:
        raise UnknownParty(str(party_id), ())
    if party.gstin:
        return
    party.gstin = normalise_gstin(gstin)
    party.state_code = state_of(party.gstin)
    uow.flush()
