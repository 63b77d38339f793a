"""Writes about the shop's people: the caller's reply language, and a new staff member (owner only).

Neither posts a voucher (`data.voucher` is null). Setting a language is idempotent by nature; adding
the same person with the same phone and role again on a retried message returns them (`replayed`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from domain.books import shops
from domain.books.types import UserInfo
from domain.errors import DuplicatePhone
from tools.args import Lang, Name, StaffRole, ToolArgs, check_phone
from tools.context import ToolContext, ToolResult
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class SetLanguage(ToolArgs):
    """Reply to me in this language from now on ("mujhse Tamil mein baat karo")."""

    lang: Lang = Field(description="ISO 639-1 code: hi en ta te bn mr gu kn ml pa")


class AddStaff(ToolArgs):
    """Give someone access to the shop's books with a role (owner only)."""

    name: Name = Field(description="the person's name")
    phone: str = Field(description="their WhatsApp number (10 digits or +91...)")
    role: StaffRole = Field("staff", description="manager, accountant or staff")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return check_phone(value)


def user_data(user: UserInfo) -> dict:
    return {"name": user.name, "phone": user.phone, "role": user.role, "lang": user.language, "voucher": None}


def set_language(uow: SqlUnitOfWork, ctx: ToolContext, args: SetLanguage) -> ToolResult:
    user = shops.set_user_language(uow, ctx.shop_id, ctx.user_id, args.lang, lock=True)
    return ToolResult(data={"lang": user.language, "voucher": None})


def add_staff(uow: SqlUnitOfWork, ctx: ToolContext, args: AddStaff) -> ToolResult:
    existing = shops.find_user_by_phone(uow, args.phone)
    if existing is not None:
        same = existing.shop_id == ctx.shop_id and existing.role == args.role
        if ctx.message_id and same:
            return ToolResult(data=user_data(existing), replayed=True)
        raise DuplicatePhone(args.phone)
    user = shops.add_user(uow, ctx.shop_id, name=args.name, phone=args.phone, role=args.role)
    return ToolResult(data=user_data(user))


SPECS = (
    spec("set_language", SetLanguage, "self", set_language, write=True, confirm="never"),
    spec("add_staff", AddStaff, "users", add_staff, write=True),
)
