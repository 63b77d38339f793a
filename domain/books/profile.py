"""The shop's profile and its parties' contacts, edited after the shop exists; the old khata.

`update_shop` changes any of the name, UPI ID (VPA form checked), GSTIN (checksum; the state comes
from it), state, GST scheme and city. `set_party_contact` gives a party a phone or GSTIN.
`post_opening_balance` books what a party owed (or was owed) before Munshi: a journal against
capital, never a sale or a purchase.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.books.common import party_info, require_shop, shop_info
from domain.books.parties import find_party
from domain.books.shops import normalise_phone
from domain.books.types import GST_SCHEMES, JournalEntry, PartyInfo, PostedVoucher, ShopInfo
from domain.books.vouchers import post_journal
from domain.errors import InvalidArgument
from domain.gst import normalise_gstin, state_of
from domain.money import D

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

# NPCI VPA: a handle of letters, digits, dot, hyphen, underscore; '@'; a PSP handle of letters.
VPA = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,255}@[A-Za-z][A-Za-z0-9]{1,63}$")


def clean_vpa(value: str) -> str:
    """The VPA trimmed and lower-cased; InvalidArgument("upi_id", "invalid") when it is not one."""
    vpa = (value or "").strip().strip(".,;").lower()
    if not VPA.match(vpa):
        raise InvalidArgument("upi_id", "invalid")
    return vpa


def update_shop(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    name: str | None = None,
    upi_id: str | None = None,
    gstin: str | None = None,
    state_code: str | None = None,
    gst_scheme: str | None = None,
    city: str | None = None,
) -> ShopInfo:
    shop = require_shop(uow, shop_id)
    if name is not None:
        if not name.strip():
            raise InvalidArgument("name", "empty")
        shop.name = " ".join(name.split())[:120]
    if upi_id is not None:
        shop.upi_id = clean_vpa(upi_id)
    if gst_scheme is not None:
        if gst_scheme not in (*GST_SCHEMES, "unregistered"):
            raise InvalidArgument("gst_scheme", "unknown")
        # A shop not registered under GST charges none: its books carve no tax out, as a composition shop's.
        shop.gst_scheme = "composition" if gst_scheme == "unregistered" else gst_scheme
        if gst_scheme == "unregistered":
            shop.gstin = None
    if gstin is not None:
        clean = normalise_gstin(gstin)
        shop.gstin = clean
        shop.state_code = state_of(clean) or shop.state_code
        if gst_scheme is None and shop.gst_scheme not in GST_SCHEMES:
            shop.gst_scheme = "regular"
    elif state_code is not None:
        if not re.fullmatch(r"\d{2}", state_code):
            raise InvalidArgument("state_code", "invalid")
        if shop.gstin and shop.gstin[:2] != state_code:
            raise InvalidArgument("gstin", "state_mismatch")
        shop.state_code = state_code
    if city is not None:
        shop.city = city.strip()[:80] or None
    uow.flush()
    return shop_info(shop)


def set_party_contact(
    uow: SqlUnitOfWork, shop_id: int, party: str, *, phone: str | None = None, gstin: str | None = None
) -> PartyInfo:
    found = find_party(uow, shop_id, party)
    row = uow.parties.get(shop_id, found.id)
    if row is None:
        raise InvalidArgument("party", "unknown")
    if phone is not None:
        row.phone = normalise_phone(phone)
    if gstin is not None:
        clean = normalise_gstin(gstin)
        row.gstin = clean
        row.state_code = state_of(clean)
    uow.flush()
    return party_info(row)


def post_opening_balance(
    uow: SqlUnitOfWork, shop_id: int, party: str, amount: Decimal, *, on: date, user_id: int | None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """What `party` owed the shop (a customer, amount > 0) or the shop owed it (a supplier) before
    Munshi, posted as a journal: debtors Dr / capital Cr, or capital Dr / creditors Cr."""
    found = find_party(uow, shop_id, party)
    value = abs(D(amount))
    if value == 0:
        raise InvalidArgument("amount", "zero")
    ledger = "debtors" if found.kind == "customer" else "creditors"
    signed = value if found.kind == "customer" else -value
    return post_journal(
        uow, shop_id, user_id=user_id, on=on,
        entries=[JournalEntry(ledger, signed, found.name), JournalEntry("capital", -signed)],
        narration=f"opening balance: {found.name}", source_message_id=source_message_id,
    )
