"""What a tool runs with and what it gives back: `ToolContext` (who, which shop, which day, which
message), `ToolOutcome` (a structured result or a structured refusal) and `ToolError`.

The shop, the user and today come from the context, never from a tool's arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

ROLES = ("owner", "manager", "accountant", "staff")

# Refusal codes the bot maps to message keys (`error.<code>`).
ERROR_CODES = (
    "invalid_arguments",
    "unknown_item",
    "unknown_party",
    "permission_denied",
    "insufficient_stock",
    "duplicate_invoice",
    "nothing_to_undo",
    "not_found",
    "not_supported",
    "internal",
)


@dataclass(frozen=True, slots=True)
class ToolContext:
    shop_id: int
    user_id: int
    role: str
    today: date
    message_id: str | None = None  # the chat message that asked; a write with it runs at most once
    lang: str = "hi"
    # Rupees in words in a language (None when it cannot be spelt), from the edge: tools do not
    # import the reply catalogs. Invoices print it under the English words.
    amount_words: Callable[[Decimal, str], str | None] | None = None
    forecasts: Any = None  # the shop's stored demand forecasts (domain.insight.refresh.ForecastStore), if any


@dataclass(frozen=True, slots=True)
class ToolError:
    code: str  # one of ERROR_CODES
    message: str  # English, for logs and the command line; never shown to a shopkeeper as is
    details: dict[str, Any] = field(default_factory=dict)  # JSON-able facts for the reply


class Attachment(NamedTuple):
    """A file for the bot to send with the reply: (filename, content_type, bytes)."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    ok: bool
    tool: str
    data: dict[str, Any] = field(default_factory=dict)  # JSON-able; rupees as numbers
    error: ToolError | None = None
    is_write: bool = False
    voucher: str | None = None  # the voucher number a write posted (also data["voucher"])
    attachments: tuple[Attachment, ...] = ()  # e.g. the invoice PDF of share_bill
    replayed: bool = False  # True: this message's write had already been applied; nothing new posted
    dry_run: bool = False  # True: computed in full and rolled back

    @classmethod
    def refused(cls, tool: str, code: str, message: str, is_write: bool = False, **details: Any) -> ToolOutcome:
        return cls(ok=False, tool=tool, error=ToolError(code, message, details), is_write=is_write)

    def as_json(self) -> dict[str, Any]:
        """The JSON object of `munshi tool` without the rendered text."""
        if self.ok:
            return {"ok": True, "data": self.data}
        assert self.error is not None
        error: dict[str, Any] = {"code": self.error.code, "message": self.error.message}
        if self.error.details:
            error["details"] = self.error.details
        return {"ok": False, "error": error}


@dataclass(frozen=True, slots=True)
class ToolResult:
    """What a tool's handler returns inside the unit of work; `run_tool` wraps it into an outcome."""

    data: dict[str, Any]
    voucher: str | None = None
    attachments: tuple[Attachment, ...] = ()
    replayed: bool = False  # the same message had already made this change: nothing new was written
