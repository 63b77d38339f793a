"""Repositories of the shop's master data: shops, users, accounts, items and parties.

Every query but the two global look-ups (a shop by slug, a user by phone) takes the shop id.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain.store.models import Account, Item, ItemPack, Party, Shop, ShopPrefs, User


class ShopRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, shop: Shop) -> Shop:
        self.session.add(shop)
        self.session.flush()
        return shop

    def get(self, shop_id: int) -> Shop | None:
        return self.session.get(Shop, shop_id)

    def by_slug(self, slug: str) -> Shop | None:
        return self.session.scalar(select(Shop).where(Shop.slug == slug))

    def all(self) -> list[Shop]:
        return list(self.session.scalars(select(Shop).order_by(Shop.id)))


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user: User) -> User:
        self.session.add(user)
        self.session.flush()
        return user

    def get(self, shop_id: int, user_id: int) -> User | None:
        return self.session.scalar(select(User).where(User.shop_id == shop_id, User.id == user_id))

    def by_phone(self, phone: str) -> User | None:
        """Global on purpose: the phone is how a message finds its shop."""
        return self.session.scalar(select(User).where(User.phone == phone))

    def list(self, shop_id: int) -> list[User]:
        return list(self.session.scalars(select(User).where(User.shop_id == shop_id).order_by(User.id)))


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_shop: dict[int, dict[str, Account]] = {}

    def add_many(self, accounts: list[Account]) -> None:
        self.session.add_all(accounts)
        self.session.flush()
        for account in accounts:
            self._by_shop.pop(account.shop_id, None)

    def by_code(self, shop_id: int) -> dict[str, Account]:
        """The shop's chart of accounts keyed by code (cached for the unit of work)."""
        if shop_id not in self._by_shop:
            rows = self.session.scalars(select(Account).where(Account.shop_id == shop_id))
            self._by_shop[shop_id] = {a.code: a for a in rows}
        return self._by_shop[shop_id]


class ItemRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, item: Item) -> Item:
        self.session.add(item)
        self.session.flush()
        return item

    def get(self, shop_id: int, item_id: int) -> Item | None:
        return self.session.scalar(select(Item).where(Item.shop_id == shop_id, Item.id == item_id))

    def by_key(self, shop_id: int, name_key: str) -> Item | None:
        return self.session.scalar(select(Item).where(Item.shop_id == shop_id, Item.name_key == name_key))

    def get_by_name(self, shop_id: int, name: str) -> Item | None:
        """The item whose name (not alias) matches, case-insensitively."""
        return self.by_key(shop_id, " ".join(name.split()).casefold())

    def list(self, shop_id: int) -> list[Item]:
        return list(self.session.scalars(select(Item).where(Item.shop_id == shop_id).order_by(Item.name)))

    def lock(self, shop_id: int, item_id: int) -> Item:
        """The item, re-read under a row lock, so concurrent stock moves queue up instead of racing:
        SELECT ... FOR UPDATE on PostgreSQL; on SQLite a no-op UPDATE first, because pysqlite
        begins the transaction (and takes the write lock) only at the first write, and a read
        before it would see stock another writer is about to change."""
        if self.session.get_bind().dialect.name == "sqlite":
            self.session.execute(
                update(Item)
                .where(Item.shop_id == shop_id, Item.id == item_id)
                .values(stock_milli=Item.stock_milli)
                .execution_options(synchronize_session=False)
            )
        stmt = (
            select(Item)
            .where(Item.shop_id == shop_id, Item.id == item_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        item = self.session.scalar(stmt)
        if item is None:
            raise LookupError(item_id)
        return item

    def lock_many(self, shop_id: int, item_ids: Iterable[int]) -> dict[int, Item]:
        """The items, re-read under row locks taken in id order, with one statement of each kind
        whatever their number (as `lock`: a no-op UPDATE first on SQLite; on PostgreSQL FOR UPDATE
        locks the rows as the ORDER BY returns them)."""
        ids = sorted(set(item_ids))
        if not ids:
            return {}
        if self.session.get_bind().dialect.name == "sqlite":
            self.session.execute(
                update(Item)
                .where(Item.shop_id == shop_id, Item.id.in_(ids))
                .values(stock_milli=Item.stock_milli)
                .execution_options(synchronize_session=False)
            )
        stmt = (
            select(Item)
            .where(Item.shop_id == shop_id, Item.id.in_(ids))
            .order_by(Item.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        items = {item.id: item for item in self.session.scalars(stmt)}
        missing = [i for i in ids if i not in items]
        if missing:
            raise LookupError(missing[0])
        return items


class PartyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, party: Party) -> Party:
        self.session.add(party)
        self.session.flush()
        return party

    def get(self, shop_id: int, party_id: int) -> Party | None:
        return self.session.scalar(select(Party).where(Party.shop_id == shop_id, Party.id == party_id))

    def by_key(self, shop_id: int, name_key: str) -> Party | None:
        return self.session.scalar(select(Party).where(Party.shop_id == shop_id, Party.name_key == name_key))

    def list(self, shop_id: int, kind: str | None = None) -> list[Party]:
        stmt = select(Party).where(Party.shop_id == shop_id)
        if kind:
            stmt = stmt.where(Party.kind == kind)
        return list(self.session.scalars(stmt.order_by(Party.name)))

    def add_to_balance(self, shop_id: int, party_id: int, delta_paise: int) -> int:
        """Atomically add to the party's running balance; returns the new balance."""
        self.session.flush()
        new = self.session.scalar(
            update(Party)
            .where(Party.shop_id == shop_id, Party.id == party_id)
            .values(balance_paise=Party.balance_paise + delta_paise)
            .returning(Party.balance_paise)
        )
        party = self.session.get(Party, party_id)
        if party is not None:
            self.session.refresh(party, ["balance_paise"])
        return int(new or 0)


class PrefsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, shop_id: int) -> ShopPrefs | None:
        return self.session.get(ShopPrefs, shop_id)

    def for_update(self, shop_id: int) -> ShopPrefs:
        """The shop's row, created with the defaults on first use."""
        prefs = self.session.get(ShopPrefs, shop_id)
        if prefs is None:
            prefs = ShopPrefs(shop_id=shop_id, digest_hour=8, closing_hour=20, remind_min_paise=0)
            self.session.add(prefs)
            self.session.flush()
        return prefs


class ItemPackRepository:
    """Pack sizes of a shop's items (`ItemPack`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, shop_id: int, item_id: int, unit: str) -> ItemPack | None:
        return self.session.scalar(select(ItemPack).where(
            ItemPack.shop_id == shop_id, ItemPack.item_id == item_id, ItemPack.unit == unit))

    def put(self, shop_id: int, item_id: int, unit: str, qty_milli: int) -> ItemPack:
        pack = self.get(shop_id, item_id, unit)
        if pack is None:
            pack = ItemPack(shop_id=shop_id, item_id=item_id, unit=unit, qty_milli=qty_milli)
            self.session.add(pack)
        else:
            pack.qty_milli = qty_milli
        self.session.flush()
        return pack
