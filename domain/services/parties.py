"""Parties: customers and suppliers, each with its own ledger (khata) inside debtors/creditors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from domain.services.types import PartyInfo

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
    raise NotImplementedError


def find_party(uow: SqlUnitOfWork, shop_id: int, name: str) -> PartyInfo:
    """The party named (or aliased) `name`; UnknownParty(name, suggestions)."""
    raise NotImplementedError


def list_parties(uow: SqlUnitOfWork, shop_id: int, kind: str | None = None) -> list[PartyInfo]:
    raise NotImplementedError
