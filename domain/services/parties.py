"""Parties: customers and suppliers, each with its own ledger (khata) inside debtors/creditors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain.errors import DuplicateParty, InvalidArgument
from domain.gst import normalise_gstin, state_of
from domain.services.common import name_key, party_info, require_shop, resolve_party
from domain.services.shops import normalise_phone
from domain.services.types import PARTY_KINDS, PartyInfo
from domain.store.models import Party

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


def add_party(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    name: str,
    kind: str,
    phone: str | None = None,
    gstin: str | None = None,
    aliases: Sequence[str] = (),
) -> PartyInfo:
    """Add a customer or supplier; the GSTIN (validated) fixes its state. DuplicateParty, InvalidArgument."""
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
            aliases=[a for a in dict.fromkeys(" ".join(a.split()) for a in aliases) if a and name_key(a) != key],
            kind=kind,
            phone=normalise_phone(phone) if phone else None,
            gstin=gstin_clean,
            state_code=state_of(gstin_clean),
            balance_paise=0,
            created_at=datetime.now(UTC),
        )
    )
    return party_info(party)


def find_party(uow: SqlUnitOfWork, shop_id: int, name: str) -> PartyInfo:
    """The party named (or aliased) `name`; UnknownParty(name, suggestions)."""
    return party_info(resolve_party(uow, shop_id, name))


def list_parties(uow: SqlUnitOfWork, shop_id: int, kind: str | None = None) -> list[PartyInfo]:
    return [party_info(p) for p in uow.parties.list(shop_id, kind)]
