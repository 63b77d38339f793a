"""The audit trail of tool writes: each applied write leaves one row, in its own transaction, saying
who asked (user), through what (the chat message id, or `api:...` for an API call), which tool with
which arguments, and what it changed (the tool's result and voucher)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from domain.store.access import AuditEntry

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork
    from tools.context import ToolContext, ToolResult


def _plain(value: Any) -> Any:
    """JSON-able for any backend's JSON column (Decimals, dates and the like become text)."""
    return json.loads(json.dumps(value, default=str))


def record_write(uow: SqlUnitOfWork, ctx: ToolContext, tool: str, args: BaseModel, result: ToolResult) -> None:
    uow.access.audit(AuditEntry(
        shop_id=ctx.shop_id, user_id=ctx.user_id, tool=tool, source=ctx.message_id,
        args=_plain(args.model_dump(mode="json", exclude_none=True)), result=_plain(result.data),
        voucher=result.voucher, day=ctx.today, created_at=datetime.now(UTC),
    ))
