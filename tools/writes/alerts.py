"""`set_digest` and `set_reminder_rule`: what Munshi says unprompted, as the owner wants it.

"subah 7 baje report bhejo" / "report band karo" set the morning digest; "har 7 din yaad dilao",
"500 se upar walon ko", "Geeta ko kabhi mat bhejna" (and "Geeta ko phir se bhejna") the udhaar
reminders to customers. The scheduler (bot.runtime.scheduler) reads them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from domain.books import prefs
from tools.args import Name, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.present import rupees
from tools.resolve import resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork


class SetDigest(ToolArgs):
    """Send the morning digest at this hour of the shop's clock, or turn it off."""

    hour: int | None = Field(None, ge=0, le=23, description="hour of the day, 0-23; null with off")
    off: bool = Field(False, description="true to stop the morning digest")


class SetReminderRule(ToolArgs):
    """Rules of the automatic udhaar reminders to customers: how often, from what amount, who never."""

    every_days: int | None = Field(None, ge=1, le=90, description="remind a customer every N days")
    min_amount: Decimal | None = Field(None, ge=0, description="only dues above this many rupees")
    never: Name | None = Field(None, description="a customer never to remind")
    again: Name | None = Field(None, description="a customer to remind again")
    off: bool = Field(False, description="true to stop automatic reminders")


def _data(shop_prefs: prefs.Prefs, uow: UnitOfWork, shop_id: int) -> dict:
    never = sorted(p.name for p in (uow.parties.get(shop_id, pid) for pid in shop_prefs.remind_never) if p)
    return {"digest_hour": shop_prefs.digest_hour, "remind_every_days": shop_prefs.remind_every_days,
            "remind_min": rupees(shop_prefs.remind_min), "remind_never": never, "voucher": None}


def set_digest(uow: UnitOfWork, ctx: ToolContext, args: SetDigest) -> ToolResult:
    hour = None if args.off else (args.hour if args.hour is not None else prefs.DEFAULT_DIGEST_HOUR)
    return ToolResult(data=_data(prefs.set_digest(uow, ctx.shop_id, hour=hour), uow, ctx.shop_id))


def set_reminder_rule(uow: UnitOfWork, ctx: ToolContext, args: SetReminderRule) -> ToolResult:
    never = resolve_party(uow, ctx.shop_id, args.never, "customer").id if args.never else None
    again = resolve_party(uow, ctx.shop_id, args.again, "customer").id if args.again else None
    changed = prefs.set_reminder_rule(uow, ctx.shop_id, every_days=args.every_days, min_amount=args.min_amount,
                                      never_party=never, again_party=again, off=args.off)
    return ToolResult(data=_data(changed, uow, ctx.shop_id))


SPECS = (
    spec("set_digest", SetDigest, "users", set_digest, write=True, undoable=False),
    spec("set_reminder_rule", SetReminderRule, "users", set_reminder_rule, write=True, undoable=False),
)
