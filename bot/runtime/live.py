"""What is new for an open dashboard: the shop's vouchers and the bot's replies since the last look.
The WebSocket asks every few seconds; reading the database (not an in-process bus) lets any number of
web and worker processes write while one pushes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.runtime.access import Principal
from bot.runtime.calls import call
from bot.store import messaging


@dataclass
class Cursor:
    voucher_id: int = 0
    outbox_id: int = 0


def start_cursor(services, principal: Principal) -> Cursor:
    """Positions after the newest voucher and reply, so only what comes next is pushed."""
    page = call(services, principal, "list_vouchers", {"limit": 1})
    vouchers = page.body.get("data", {}).get("vouchers", []) if page.status == 200 else []
    with services.session_factory() as session:
        last_reply = messaging.last_outbox_id(session, principal.shop_id)
    return Cursor(vouchers[0]["id"] if vouchers else 0, last_reply)


def news(services, principal: Principal, cursor: Cursor) -> list[dict[str, Any]]:
    """Events since the cursor (the cursor moves on): `{"type": "entry", ...}` for each new voucher the
    user's role may read, `{"type": "reply", ...}` for each reply the bot sent to this user (never
    another's: a reply may hold figures the user's role may not read)."""
    events: list[dict[str, Any]] = []
    page = call(services, principal, "list_vouchers", {"limit": 20})
    if page.status == 200:
        fresh = [v for v in page.body["data"]["vouchers"] if v["id"] > cursor.voucher_id]
        for voucher in reversed(fresh):
            events.append({"type": "entry", "entry": voucher})
        if fresh:
            cursor.voucher_id = fresh[0]["id"]
    with services.session_factory() as session:
        rows = messaging.replies_since(session, principal.shop_id, principal.phone, cursor.outbox_id)
        for row in rows:
            events.append({"type": "reply", "to": row.to_phone[-4:], "text": row.body,
                           "at": row.created_at.isoformat()})
            cursor.outbox_id = row.id
    return events
