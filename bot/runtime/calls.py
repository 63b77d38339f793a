"""Tool calls from the web (REST, GraphQL, the dashboard): every call goes through `tools.run_tool` as
the calling user, so the tools' own permissions, validation and message-id idempotency apply.

A write with an `Idempotency-Key` runs at most once per shop and key: its first response is stored
and replayed for a repeat of the same request; the key with a different request is refused (409).
The write's source (for the audit trail and the voucher) is `api:<key>`, or `api:<request id>`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.runtime.access import Principal, shop_today
from domain.store.uow import SqlUnitOfWork
from tools import TOOLS, ToolContext, run_tool
from tools.permissions import allowed

STATUS_OF = {
    "invalid_arguments": 400,
    "unknown_item": 404,
    "unknown_party": 404,
    "not_found": 404,
    "not_supported": 404,
    "permission_denied": 403,
    "insufficient_stock": 409,
    "duplicate_invoice": 409,
    "nothing_to_undo": 409,
    "internal": 409,
}
MAX_KEY = 100


@dataclass(frozen=True, slots=True)
class CallResult:
    status: int
    body: dict[str, Any]
    replayed: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def is_write(tool: str) -> bool:
    spec = TOOLS.get(tool)
    return bool(spec and spec.is_write)


def has_tool(tool: str) -> bool:
    return tool in TOOLS


def _request_hash(tool: str, args: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps([tool, args], sort_keys=True, default=str).encode()).hexdigest()


def _run(services, principal: Principal, tool: str, args: dict[str, Any], source: str | None) -> CallResult:
    ctx = ToolContext(shop_id=principal.shop_id, user_id=principal.user_id, role=principal.role,
                      today=shop_today(services.settings), message_id=source, lang=principal.lang)
    outcome = run_tool(services.session_factory, ctx, tool, args)
    if outcome.ok:
        body: dict[str, Any] = {"ok": True, "data": outcome.data}
        if outcome.voucher:
            body["voucher"] = outcome.voucher
        return CallResult(200, body, replayed=outcome.replayed)
    assert outcome.error is not None
    return CallResult(STATUS_OF.get(outcome.error.code, 400), outcome.as_json())


def call(services, principal: Principal, tool: str, args: dict[str, Any] | None = None, *,
         idempotency_key: str | None = None) -> CallResult:
    """Run `tool` as the principal; a write with a key is answered once and replayed after."""
    args = dict(args or {})
    if not is_write(tool):
        return _run(services, principal, tool, args, None)
    if idempotency_key is None:
        return _run(services, principal, tool, args, f"api:{uuid.uuid4().hex}")
    key = idempotency_key.strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        return CallResult(400, {"ok": False, "error": {"code": "invalid_arguments",
                                                       "message": "Idempotency-Key must be 1 to 100 printable characters"}})
    digest = _request_hash(tool, args)
    stored = _stored(services, principal.shop_id, key, digest)
    if stored is not None:
        return stored
    result = _run(services, principal, tool, args, f"api:{key}")
    with SqlUnitOfWork(services.session_factory) as uow:
        kept = uow.access.keep_response(principal.shop_id, key, digest, result.status, result.body, datetime.now(UTC))
        uow.commit()
    if not kept:  # another request with the key answered first: theirs is the answer
        return _stored(services, principal.shop_id, key, digest) or result
    return result


def _stored(services, shop_id: int, key: str, digest: str) -> CallResult | None:
    with SqlUnitOfWork(services.session_factory) as uow:
        row = uow.access.response(shop_id, key)
        if row is None:
            return None
        if row.request_sha256 != digest:
            return CallResult(409, {"ok": False, "error": {
                "code": "idempotency_key_reused", "message": "this Idempotency-Key was used for another request"}})
        return CallResult(row.status, row.body, replayed=True, headers={"Idempotent-Replayed": "true"})


def input_model(tool: str):
    """The tool's pydantic input model (for the API's request bodies and their OpenAPI schemas)."""
    return TOOLS[tool].input_model


def description(tool: str) -> str:
    return TOOLS[tool].description


def may(principal: Principal, tool: str) -> bool:
    """Whether the principal's role may run the tool (what a page offers follows this)."""
    spec = TOOLS.get(tool)
    return bool(spec and allowed(principal.role, spec.permission))
