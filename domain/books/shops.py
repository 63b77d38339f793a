"""Shops and their users: creating a shop seeds its chart of accounts and its owner.

A phone (E.164) belongs to at most one user across Munshi, and a user to exactly one shop.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain.books.common import require_shop, require_user, shop_info, user_info
from domain.books.types import GST_SCHEMES, ROLES, ShopInfo, UserInfo
from domain.chart import CHART
from domain.errors import DuplicatePhone, DuplicateShop, InvalidArgument, UnknownShop, UnknownUser
from domain.gst import normalise_gstin
from domain.store.models import Account, Shop, User

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork

LANGUAGES = ("hi", "en", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def normalise_phone(phone: str) -> str:
    """E.164 (`+919415000001`); a bare 10-digit Indian mobile gets +91; InvalidArgument otherwise."""
    raw = re.sub(r"[\s\-()]", "", phone or "")
    if raw.startswith("whatsapp:"):
        raw = raw[len("whatsapp:") :]
    if re.fullmatch(r"[6-9]\d{9}", raw):
        raw = "+91" + raw
    elif re.fullmatch(r"91[6-9]\d{9}", raw):
        raw = "+" + raw
    if not _E164.match(raw):
        raise InvalidArgument("phone", "not_e164")
    return raw


def _language(language: str) -> str:
    code = language.strip().lower()
    if code not in LANGUAGES:
        raise InvalidArgument("language", "unsupported")
    return code


def create_shop(
    uow: UnitOfWork,
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
    now = now or datetime.now(UTC)
    slug = slug.strip().lower()
    if not _SLUG.match(slug):
        raise InvalidArgument("slug", "invalid")
    if not re.fullmatch(r"\d{2}", state_code or ""):
        raise InvalidArgument("state_code", "invalid")
    if gst_scheme not in GST_SCHEMES:
        raise InvalidArgument("gst_scheme", "unknown")
    clean_gstin = normalise_gstin(gstin)
    if clean_gstin and clean_gstin[:2] != state_code:
        raise InvalidArgument("gstin", "state_mismatch")
    if not name.strip():
        raise InvalidArgument("name", "empty")
    if uow.shops.by_slug(slug) is not None:
        raise DuplicateShop(slug)
    phone = normalise_phone(owner_phone)
    if uow.users.by_phone(phone) is not None:
        raise DuplicatePhone(phone)
    shop = uow.shops.add(
        Shop(
            name=name.strip(),
            slug=slug,
            state_code=state_code,
            gstin=clean_gstin,
            gst_scheme=gst_scheme,
            language=_language(language),
            city=city,
            upi_id=upi_id,
            created_at=now,
        )
    )
    uow.accounts.add_many([Account(shop_id=shop.id, code=c, name=n, kind=k) for c, n, k in CHART])
    owner = uow.users.add(
        User(
            shop_id=shop.id,
            name=owner_name.strip(),
            phone=phone,
            role="owner",
            language=shop.language,
            voice_replies=False,
            language_locked=False,
            created_at=now,
        )
    )
    return shop_info(shop), user_info(owner)


def get_shop(uow: UnitOfWork, shop_id: int) -> ShopInfo:
    """The shop; UnknownShop."""
    return shop_info(require_shop(uow, shop_id))


def find_shop_by_slug(uow: UnitOfWork, slug: str) -> ShopInfo:
    """The shop with this slug; UnknownShop."""
    shop = uow.shops.by_slug(slug.strip().lower())
    if shop is None:
        raise UnknownShop(slug)
    return shop_info(shop)


def add_user(
    uow: UnitOfWork,
    shop_id: int,
    *,
    name: str,
    phone: str,
    role: str,
    language: str | None = None,
    voice_replies: bool = False,
    now: datetime | None = None,
) -> UserInfo:
    """Add a user (owner, manager, accountant, staff) to the shop; DuplicatePhone, InvalidArgument."""
    shop = require_shop(uow, shop_id)
    if role not in ROLES:
        raise InvalidArgument("role", "unknown")
    if not name.strip():
        raise InvalidArgument("name", "empty")
    clean = normalise_phone(phone)
    if uow.users.by_phone(clean) is not None:
        raise DuplicatePhone(clean)
    user = uow.users.add(
        User(
            shop_id=shop.id,
            name=name.strip(),
            phone=clean,
            role=role,
            language=_language(language) if language else shop.language,
            voice_replies=voice_replies,
            language_locked=False,
            created_at=now or datetime.now(UTC),
        )
    )
    return user_info(user)


def find_user_by_phone(uow: UnitOfWork, phone: str) -> UserInfo | None:
    """The user with this E.164 phone, in whichever shop; None when nobody has it."""
    try:
        clean = normalise_phone(phone)
    except InvalidArgument:
        return None
    user = uow.users.by_phone(clean)
    return user_info(user) if user else None


def get_user(uow: UnitOfWork, shop_id: int, user_id: int) -> UserInfo:
    """The shop's user; UnknownUser (also for another shop's user)."""
    return user_info(require_user(uow, shop_id, user_id))


def list_users(uow: UnitOfWork, shop_id: int) -> list[UserInfo]:
    return [user_info(u) for u in uow.users.list(shop_id)]


def owner_of(uow: UnitOfWork, shop_id: int) -> UserInfo:
    """The shop's (first) owner; UnknownUser when it has none."""
    for user in uow.users.list(shop_id):
        if user.role == "owner":
            return user_info(user)
    raise UnknownUser(f"owner of shop {shop_id}")


def set_user_language(
    uow: UnitOfWork, shop_id: int, user_id: int, language: str, *, lock: bool = True
) -> UserInfo:
    """Set the user's reply language; `lock` keeps automatic detection from changing it again."""
    user = require_user(uow, shop_id, user_id)
    user.language = _language(language)
    user.language_locked = user.language_locked or lock
    uow.flush()
    return user_info(user)


def set_user_voice_replies(uow: UnitOfWork, shop_id: int, user_id: int, enabled: bool) -> UserInfo:
    user = require_user(uow, shop_id, user_id)
    user.voice_replies = bool(enabled)
    uow.flush()
    return user_info(user)
