"""Parties: customers and suppliers, each with its own ledger (khata) inside debtors/creditors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.books.common import MAX_AMOUNT_PAISE, name_key, party_info, require_shop, resolve_party
from domain.books.shops import normalise_phone
from domain.books.types import PARTY_KINDS, JournalEntry, PartyInfo
from domain.books.vouchers import post_journal
from domain.errors import DuplicateParty, InvalidAmount, InvalidArgument
from domain.gst import normalise_gstin, state_of
from domain.money import D, rupees_to_paise
from domain.store.models import Party

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork


def add_party(
    uow: UnitOfWork,
    shop_id: int,
    *,
    name: str,
    kind: str,
    phone: str | None = None,
    gstin: str | None = None,
    aliases: Sequence[str] = (),
    opening_balance: Decimal | None = None,
    on: date | None = None,
    user_id: int | None = None,
) -> PartyInfo:
    """Add a customer or supplier; the GSTIN (validated) fixes its state. An `opening_balance`
    (rupees; positive: the party owes the shop, negative: the shop owes it — the old khata) is
    posted as a journal against capital dated `on`. DuplicateParty, InvalidArgument."""
    require_shop(uow, shop_id)
    clean = " ".join(name.split())
    if not clean:
        raise InvalidArgument("party", "empty")
    if kind not in PARTY_KINDS:
        raise InvalidArgument("kind", "unknown")
    key = name_key(clean)
    if uow.parties.by_key(shop_id, key) is not None:
        raise DuplicateParty(clean)
    gstin_clean = normalise_gstin(gstin)
    party = uow.parties.add(
        Party(
            shop_id=shop_id,
            name=clean,
            name_key=key,
            aliases=[
                a for a in dict.fromkeys(" ".join(a.split()) for a in aliases) if a and name_key(a) != key
            ],
            kind=kind,
            phone=normalise_phone(phone) if phone else None,
            gstin=gstin_clean,
            state_code=state_of(gstin_clean),
            balance_paise=0,
            created_at=datetime.now(UTC),
        )
    )
    if opening_balance is not None and D(opening_balance) != 0:
        if on is None:
            raise InvalidArgument("on", "required_for_opening_balance")
        paise = rupees_to_paise(D(opening_balance))
        if abs(paise) > MAX_AMOUNT_PAISE:
            raise InvalidAmount(opening_balance, "too_large")
        ledger = "debtors" if kind == "customer" else "creditors"
        post_journal(
            uow,
            shop_id,
            user_id=user_id,
            on=on,
            entries=[
                JournalEntry(ledger, Decimal(paise) / 100, party.name),
                JournalEntry("capital", -Decimal(paise) / 100),
            ],
            narration=f"opening balance: {party.name}",
        )
    return party_info(party)


def find_party(uow: UnitOfWork, shop_id: int, name: str) -> PartyInfo:
    """The party named (or aliased) `name`; UnknownParty(name, suggestions)."""
    return party_info(resolve_party(uow, shop_id, name))


def list_parties(uow: UnitOfWork, shop_id: int, kind: str | None = None) -> list[PartyInfo]:
    return [party_info(p) for p in uow.parties.list(shop_id, kind)]
