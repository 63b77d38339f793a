"""Who is who: the bot's small port onto the shops and their users, beside the tools.

The conversation needs a few facts that are not a shopkeeper's tool: which shop and user a phone
belongs to, the reply language a user keeps, opening a shop for a new number, the demo shops' users
for the chat page, and whether a bill photo was booked before. Each opens its own unit of work, so
the bot never reaches the books' storage itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from domain.books import prefs, shops
from domain.books.prefs import Prefs
from domain.books.types import ShopInfo, UserInfo
from domain.errors import UnknownShop
from domain.store.documents import DocumentRepository
from domain.store.uow import SqlUnitOfWork

SessionFactory = sessionmaker[Session]


def find_sender(session_factory: SessionFactory, phone: str) -> tuple[UserInfo | None, ShopInfo | None]:
    """(user, shop) for a phone, or (None, None) for a number Munshi does not know."""
    with SqlUnitOfWork(session_factory) as uow:
        user = shops.find_user_by_phone(uow, phone)
        if user is None:
            return None, None
        return user, shops.get_shop(uow, user.shop_id)


def set_language(session_factory: SessionFactory, user: UserInfo, language: str, *, lock: bool) -> UserInfo:
    """The user with their reply language set; `lock` keeps detection from changing it again."""
    with SqlUnitOfWork(session_factory) as uow:
        updated = shops.set_user_language(uow, user.shop_id, user.id, language, lock=lock)
        uow.commit()
        return updated


def open_shop(session_factory: SessionFactory, *, now: datetime, **fields: Any) -> tuple[ShopInfo, UserInfo]:
    """A new shop with its chart of accounts and its owner (`domain.books.shops.create_shop`'s fields);
    raises DuplicateShop or DuplicatePhone."""
    with SqlUnitOfWork(session_factory) as uow:
        result = shops.create_shop(uow, now=now, **fields)
        uow.commit()
        return result


def users_of(session_factory: SessionFactory, slugs: Iterable[str]) -> list[tuple[ShopInfo, UserInfo]]:
    """(shop, user) for every user of the shops with these slugs that exist, shop by shop."""
    found: list[tuple[ShopInfo, UserInfo]] = []
    with SqlUnitOfWork(session_factory) as uow:
        for slug in slugs:
            try:
                shop = shops.find_shop_by_slug(uow, slug)
            except UnknownShop:
                continue
            found.extend((shop, user) for user in shops.list_users(uow, shop.id))
    return found


def booked_photo(session_factory: SessionFactory, shop_id: int, sha256: str) -> dict | None:
    """What was read from this very photo when it already booked a voucher of this shop, else None."""
    with session_factory() as session:
        doc = DocumentRepository(session).booked_with_sha256(shop_id, sha256)
        return None if doc is None else dict(doc.extracted or {})


def shops_with_owners(session_factory: SessionFactory) -> list[tuple[ShopInfo, UserInfo, Prefs, frozenset[str]]]:
    """Every shop with its owner, the owner's wishes about unprompted messages, and the names of the
    customers never to remind — what the scheduler needs to plan a shop's day."""
    found = []
    with SqlUnitOfWork(session_factory) as uow:
        for shop_row in uow.shops.all():
            shop = shops.get_shop(uow, shop_row.id)
            owner = shops.owner_of(uow, shop.id)
            wishes = prefs.get_prefs(uow, shop.id)
            never = frozenset(p.name for p in (uow.parties.get(shop.id, pid) for pid in wishes.remind_never) if p)
            found.append((shop, owner, wishes, never))
    return found
