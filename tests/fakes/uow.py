"""An in-memory `domain.books.ports.UnitOfWork`: the master data (shops, users, accounts, items,
parties) in dicts, with commit and rollback by snapshot, for fast tests of the services that keep
master data. The ledger and the reports need the SQL unit of work (their tests run on SQLite and
PostgreSQL); here they refuse loudly instead of pretending.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable
from typing import Any

from domain.store.models import Account, Item, Party, Shop, User


def _defaults(row: Any) -> None:
    """What the database would have filled on insert (column defaults), so a fresh row reads the same."""
    for column in row.__table__.columns:
        if getattr(row, column.key, None) is None and column.default is not None and column.default.is_scalar:
            setattr(row, column.key, column.default.arg)


class _Table:
    def __init__(self, ids: itertools.count) -> None:
        self.rows: dict[int, Any] = {}
        self._ids = ids

    def add(self, row: Any) -> Any:
        _defaults(row)
        if row.id is None:
            row.id = next(self._ids)
        self.rows[row.id] = row
        return row

    def where(self, **match: Any) -> list[Any]:
        return [r for r in self.rows.values() if all(getattr(r, k) == v for k, v in match.items())]


class FakeShops(_Table):
    def get(self, shop_id: int) -> Shop | None:
        return self.rows.get(shop_id)

    def by_slug(self, slug: str) -> Shop | None:
        return next(iter(self.where(slug=slug)), None)

    def all(self) -> list[Shop]:
        return sorted(self.rows.values(), key=lambda s: s.id)


class FakeUsers(_Table):
    def get(self, shop_id: int, user_id: int) -> User | None:
        return next(iter(self.where(shop_id=shop_id, id=user_id)), None)

    def by_phone(self, phone: str) -> User | None:
        return next(iter(self.where(phone=phone)), None)

    def list(self, shop_id: int) -> list[User]:
        return sorted(self.where(shop_id=shop_id), key=lambda u: u.id)


class FakeAccounts(_Table):
    def add_many(self, accounts: list[Account]) -> None:
        for account in accounts:
            self.add(account)

    def by_code(self, shop_id: int) -> dict[str, Account]:
        return {a.code: a for a in self.where(shop_id=shop_id)}


class FakeItems(_Table):
    def get(self, shop_id: int, item_id: int) -> Item | None:
        return next(iter(self.where(shop_id=shop_id, id=item_id)), None)

    def by_key(self, shop_id: int, name_key: str) -> Item | None:
        return next(iter(self.where(shop_id=shop_id, name_key=name_key)), None)

    def get_by_name(self, shop_id: int, name: str) -> Item | None:
        return self.by_key(shop_id, " ".join(name.split()).casefold())

    def list(self, shop_id: int) -> list[Item]:
        return sorted(self.where(shop_id=shop_id), key=lambda i: i.name)

    def lock(self, shop_id: int, item_id: int) -> Item:
        item = self.get(shop_id, item_id)
        if item is None:
            raise LookupError(item_id)
        return item

    def lock_many(self, shop_id: int, item_ids: Iterable[int]) -> dict[int, Item]:
        return {i: self.lock(shop_id, i) for i in sorted(set(item_ids))}


class FakeParties(_Table):
    def get(self, shop_id: int, party_id: int) -> Party | None:
        return next(iter(self.where(shop_id=shop_id, id=party_id)), None)

    def by_key(self, shop_id: int, name_key: str) -> Party | None:
        return next(iter(self.where(shop_id=shop_id, name_key=name_key)), None)

    def list(self, shop_id: int, kind: str | None = None) -> list[Party]:
        rows = self.where(shop_id=shop_id) if kind is None else self.where(shop_id=shop_id, kind=kind)
        return sorted(rows, key=lambda p: p.name)

    def add_to_balance(self, shop_id: int, party_id: int, delta_paise: int) -> int:
        party = self.get(shop_id, party_id)
        party.balance_paise = (party.balance_paise or 0) + delta_paise
        return party.balance_paise


class _NeedsSql:
    """The ledger and the reports: their tests use the SQL unit of work."""

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(f"{name}: the in-memory unit of work keeps master data only")


class FakeUnitOfWork:
    """`with FakeUnitOfWork(store) as uow: ...; uow.commit()`: one store shared across units of work,
    changes kept only on commit."""

    def __init__(self, store: dict[str, _Table] | None = None) -> None:
        ids = itertools.count(1)
        self.store = store if store is not None else {
            "shops": FakeShops(ids), "users": FakeUsers(ids), "accounts": FakeAccounts(ids),
            "items": FakeItems(ids), "parties": FakeParties(ids),
        }
        self.ledger = _NeedsSql()
        self.reports = _NeedsSql()
        self.prefs = _NeedsSql()
        self.committed = False

    def __enter__(self) -> FakeUnitOfWork:
        self._snapshot = copy.deepcopy({name: table.rows for name, table in self.store.items()})
        self.committed = False
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    @property
    def shops(self) -> FakeShops:
        return self.store["shops"]  # type: ignore[return-value]

    @property
    def users(self) -> FakeUsers:
        return self.store["users"]  # type: ignore[return-value]

    @property
    def accounts(self) -> FakeAccounts:
        return self.store["accounts"]  # type: ignore[return-value]

    @property
    def items(self) -> FakeItems:
        return self.store["items"]  # type: ignore[return-value]

    @property
    def parties(self) -> FakeParties:
        return self.store["parties"]  # type: ignore[return-value]

    def commit(self) -> None:
        self._snapshot = copy.deepcopy({name: table.rows for name, table in self.store.items()})
        self.committed = True

    def rollback(self) -> None:
        for name, rows in self._snapshot.items():
            self.store[name].rows = copy.deepcopy(rows)

    def flush(self) -> None:
        """Nothing to send anywhere: rows are visible as soon as they are added."""
