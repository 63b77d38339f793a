"""The owner's wishes about what Munshi says unprompted: the morning digest's hour (or off), the
closing-time nudge, and the rules of udhaar reminders to customers (every N days, above an amount,
never to some). Read by the scheduler, set by chat through the tools."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.books.common import require_shop
from domain.errors import InvalidArgument
from domain.money import Money

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork

DEFAULT_DIGEST_HOUR = 8
DEFAULT_CLOSING_HOUR = 20


@dataclass(frozen=True, slots=True)
class Prefs:
    digest_hour: int | None = DEFAULT_DIGEST_HOUR  # None: no morning digest
    closing_hour: int | None = DEFAULT_CLOSING_HOUR  # None: no closing-time nudge
    remind_every_days: int | None = None  # None: customers are reminded only when the owner says so
    remind_min: Money = Money(0)
    remind_never: frozenset[int] = field(default_factory=frozenset)  # party ids


def get_prefs(uow: UnitOfWork, shop_id: int) -> Prefs:
    row = uow.prefs.get(shop_id)
    if row is None:
        return Prefs()
    return Prefs(digest_hour=row.digest_hour, closing_hour=row.closing_hour,
                 remind_every_days=row.remind_every_days, remind_min=Money(row.remind_min_paise or 0),
                 remind_never=frozenset(row.remind_never or ()))


def _hour(value: int | None, name: str) -> int | None:
    if value is not None and not 0 <= value <= 23:
        raise InvalidArgument(name, "not_an_hour")
    return value


def set_digest(uow: UnitOfWork, shop_id: int, *, hour: int | None) -> Prefs:
    """The digest at `hour` (0-23, the shop's clock), or off with None."""
    require_shop(uow, shop_id)
    uow.prefs.for_update(shop_id).digest_hour = _hour(hour, "hour")
    return get_prefs(uow, shop_id)


def set_reminder_rule(uow: UnitOfWork, shop_id: int, *, every_days: int | None = None,
                      min_amount: Decimal | None = None, never_party: int | None = None,
                      again_party: int | None = None, off: bool = False) -> Prefs:
    """Change the reminder rules: how often, from what amount, who never (or again); `off` stops them."""
    require_shop(uow, shop_id)
    row = uow.prefs.for_update(shop_id)
    if every_days is not None:
        if not 1 <= every_days <= 90:
            raise InvalidArgument("every_days", "out_of_range")
        row.remind_every_days = every_days
    if off:
        row.remind_every_days = None
    if min_amount is not None:
        if min_amount < 0:
            raise InvalidArgument("min_amount", "negative")
        row.remind_min_paise = Money.from_rupees(min_amount).paise
    never = set(row.remind_never or ())
    if never_party is not None:
        never.add(never_party)
    if again_party is not None:
        never.discard(again_party)
    row.remind_never = sorted(never)
    return get_prefs(uow, shop_id)
