"""Shared pieces of the services: look-ups by name or alias that raise domain errors with
suggestions, and the conversions from stored rows to the plain values the services return."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from domain.books.types import ItemInfo, PartyInfo, ShopInfo, UserInfo
from domain.errors import InvalidAmount, UnknownItem, UnknownParty, UnknownShop, UnknownUser
from domain.gst import bp_to_rate
from domain.money import D, Money, rupees_to_paise
from domain.units import from_milli

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork
    from domain.store.models import Item, Party, Shop, User


def name_key(name: str) -> str:
    """How names compare: trimmed, inner spaces collapsed, case-folded."""
    return " ".join(name.split()).casefold()


def require_shop(uow: UnitOfWork, shop_id: int) -> Shop:
    shop = uow.shops.get(shop_id)
    if shop is None:
        raise UnknownShop(shop_id)
    return shop


def require_user(uow: UnitOfWork, shop_id: int, user_id: int) -> User:
    user = uow.users.get(shop_id, user_id)
    if user is None:
        raise UnknownUser(user_id)
    return user


def _suggest(name: str, choices: dict[str, str], limit: int = 3) -> tuple[str, ...]:
    """Canonical names whose name or alias is close to `name`, best first."""
    found = process.extract(name_key(name), list(choices), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=60)
    out: list[str] = []
    for alias, _score, _ in found:
        canonical = choices[alias]
        if canonical not in out:
            out.append(canonical)
    return tuple(out[:limit])


def _resolve(repository, shop_id: int, name: str, unknown: type[UnknownItem] | type[UnknownParty]):
    """The row named or aliased `name` (case-insensitive) in a shop's items or parties; else `unknown`
    raised with the closest names as suggestions."""
    key = name_key(name)
    found = repository.by_key(shop_id, key) if key else None
    if found is not None:
        return found
    rows = repository.list(shop_id)
    for candidate in rows:
        if key and key in {name_key(a) for a in candidate.aliases or ()}:
            return candidate
    choices: dict[str, str] = {}
    for candidate in rows:
        choices[candidate.name_key] = candidate.name
        for alias in candidate.aliases or ():
            choices.setdefault(name_key(alias), candidate.name)
    raise unknown(name, _suggest(name, choices) if key else ())


def resolve_item(uow: UnitOfWork, shop_id: int, name: str) -> Item:
    """The item named or aliased `name` (case-insensitive); UnknownItem with suggestions."""
    return _resolve(uow.items, shop_id, name, UnknownItem)


def resolve_party(uow: UnitOfWork, shop_id: int, name: str) -> Party:
    """The party named or aliased `name` (case-insensitive); UnknownParty with suggestions."""
    return _resolve(uow.parties, shop_id, name, UnknownParty)


def shop_info(shop: Shop) -> ShopInfo:
    return ShopInfo(
        id=shop.id,
        name=shop.name,
        slug=shop.slug,
        state_code=shop.state_code,
        gstin=shop.gstin,
        gst_scheme=shop.gst_scheme,
        language=shop.language,
        city=shop.city,
        upi_id=shop.upi_id,
        address=shop.address,
        pincode=shop.pincode,
        filing_frequency=shop.filing_frequency or "monthly",
    )


def user_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        shop_id=user.shop_id,
        name=user.name,
        phone=user.phone,
        role=user.role,
        language=user.language,
        voice_replies=bool(user.voice_replies),
        language_locked=bool(user.language_locked),
    )


def item_info(item: Item) -> ItemInfo:
    return ItemInfo(
        id=item.id,
        name=item.name,
        aliases=tuple(item.aliases or ()),
        unit=item.unit,
        rate=Money(item.rate_paise),
        cost=Money(item.cost_paise),
        hsn=item.hsn,
        gst_rate=bp_to_rate(item.gst_rate_bp),
        reorder_level=from_milli(item.reorder_level_milli),
        stock=from_milli(item.stock_milli),
        stock_value=Money(item.stock_value_paise),
        price_includes_tax=bool(item.price_includes_tax),
        sku=item.sku,
    )


def party_info(party: Party) -> PartyInfo:
    return PartyInfo(
        id=party.id,
        name=party.name,
        aliases=tuple(party.aliases or ()),
        kind=party.kind,
        phone=party.phone,
        gstin=party.gstin,
        state_code=party.state_code,
        balance=Money(party.balance_paise),
        address=party.address,
        city=party.city,
        pincode=party.pincode,
    )


def positive_paise(amount: Decimal | int | str | None, field: str = "amount") -> int:
    """Rupees said by the user as positive paise; InvalidAmount when missing, zero, negative or absurd."""
    if amount is None:
        raise InvalidAmount(None, "missing")
    try:
        value = D(amount)
    except (TypeError, ValueError) as exc:
        raise InvalidAmount(str(amount), "not_a_number") from exc
    if not value.is_finite():
        raise InvalidAmount(str(amount), "not_a_number")
    paise = rupees_to_paise(value)
    if paise <= 0:
        raise InvalidAmount(value, "not_positive")
    if paise > MAX_AMOUNT_PAISE:
        raise InvalidAmount(value, "too_large")
    return paise


MAX_AMOUNT_PAISE = 100_00_00_000_00  # ₹100 crore in one voucher is a typo, not a kirana's day
