"""Shops and their users: creating a shop seeds its chart of accounts and its owner.

A phone (E.164) belongs to at most one user across Munshi, and a user to exactly one shop.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from domain.services.types import ShopInfo, UserInfo

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


def create_shop(
    uow: SqlUnitOfWork,
    *,
    name: str,
    slug: str,
    state_code: str,
    owner_name: str,
    owner_phone: str,
    gstin: str | None = None,
    gst_scheme: str = "regular",
    language: str = "hi",
    city: str | None = None,
    upi_id: str | None = None,
    now: datetime | None = None,
) -> tuple[ShopInfo, UserInfo]:
    """Create a shop, seed its chart of accounts and its owner; DuplicateShop / DuplicatePhone."""
    raise NotImplementedError


def get_shop(uow: SqlUnitOfWork, shop_id: int) -> ShopInfo:
    """The shop; UnknownShop."""
    raise NotImplementedError


def find_shop_by_slug(uow: SqlUnitOfWork, slug: str) -> ShopInfo:
    """The shop with this slug; UnknownShop."""
    raise NotImplementedError


def add_user(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    name: str,
    phone: str,
    role: str,
    language: str | None = None,
    voice_replies: bool = False,
) -> UserInfo:
    """Add a user (owner, manager, accountant, staff) to the shop; DuplicatePhone, InvalidArgument."""
    raise NotImplementedError


def find_user_by_phone(uow: SqlUnitOfWork, phone: str) -> UserInfo | None:
    """The user with this E.164 phone, in whichever shop; None when nobody has it."""
    raise NotImplementedError


def get_user(uow: SqlUnitOfWork, shop_id: int, user_id: int) -> UserInfo:
    """The shop's user; UnknownUser (also for another shop's user)."""
    raise NotImplementedError


def list_users(uow: SqlUnitOfWork, shop_id: int) -> list[UserInfo]:
    raise NotImplementedError


def owner_of(uow: SqlUnitOfWork, shop_id: int) -> UserInfo:
    """The shop's (first) owner; UnknownUser when it has none."""
    raise NotImplementedError


def set_user_language(
    uow: SqlUnitOfWork, shop_id: int, user_id: int, language: str, *, lock: bool = True
) -> UserInfo:
    """Set the user's reply language; `lock` keeps automatic detection from changing it again."""
    raise NotImplementedError


def set_user_voice_replies(uow: SqlUnitOfWork, shop_id: int, user_id: int, enabled: bool) -> UserInfo:
    raise NotImplementedError
