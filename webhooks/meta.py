"""`GET /webhooks/meta` (the hub challenge) and `POST /webhooks/meta` (messages and statuses, Cloud API).

The POST is checked first: `X-Hub-Signature-256` = HMAC-SHA256 of the raw body with the app secret,
compared in constant time; forged or unsigned → 403, unparsable → 400, nothing stored. Every entry,
change, message and status of a batch is taken (an unreadable item is skipped and counted, the rest
kept); a status-only payload creates no turn.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import PlainTextResponse

from bot.app.observability import WEBHOOKS_REJECTED, get_logger
from bot.conversation.messages import InboundMedia
from bot.runtime.intake import MAX_PROVIDER_ID, InboundRefused, Incoming, StatusUpdate, accept, record_status
from webhooks.deps import ServicesDep, refuse_oversized

router = APIRouter(prefix="/webhooks/meta", tags=["webhooks"])
log = get_logger("munshi.webhooks.meta")

WA_ID = re.compile(r"^[1-9]\d{6,14}$")


class MalformedWebhook(ValueError):
    """The payload was authentic but not the Cloud API's shape."""


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest().encode()
    given = header.removeprefix("sha256=").strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(expected, given)  # bytes: a non-ASCII header is a mismatch, not a crash


async def meta_signed_body(request: Request, services: ServicesDep) -> bytes:
    refuse_oversized(request)
    body = await request.body()
    if not signature_ok(services.settings.meta_app_secret or "", body, request.headers.get("X-Hub-Signature-256")):
        reason = "unsigned" if not request.headers.get("X-Hub-Signature-256") else "bad_signature"
        WEBHOOKS_REJECTED.labels(channel="meta", reason=reason).inc()
        log.warning("webhook_refused", channel="meta", reason=reason)
        raise HTTPException(status_code=403, detail="invalid signature")
    return body


SignedBody = Annotated[bytes, Depends(meta_signed_body)]


def _timestamp(value) -> datetime:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def parse_message(message: dict, names: dict[str, str], raw_value: dict) -> Incoming:
    """One Cloud API message object -> Incoming (text, image, audio, document, buttons, lists; others kept raw)."""
    sender = str(message.get("from") or "")
    wamid = str(message.get("id") or "")
    if not WA_ID.match(sender) or not wamid or len(wamid) > MAX_PROVIDER_ID:
        raise MalformedWebhook("message without a sender or a usable id")
    kind = message.get("type")
    text = ""
    media: list[InboundMedia] = []
    payload = None
    if kind == "text":
        text = (message.get("text") or {}).get("body") or ""
    elif kind in ("image", "audio", "document", "video", "sticker"):
        part = message.get(kind) or {}
        if not part.get("id"):
            raise MalformedWebhook(f"{kind} without a media id")
        media.append(InboundMedia(url=str(part["id"]), content_type=part.get("mime_type") or "",
                                  filename=part.get("filename"), voice=bool(part.get("voice"))))
        text = part.get("caption") or ""
    elif kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        payload = reply.get("id") or reply.get("title")
        text = reply.get("title") or ""
    elif kind == "button":
        button = message.get("button") or {}
        payload = button.get("payload") or button.get("text")
        text = button.get("text") or ""
    name = names.get(sender)
    if not isinstance(text, str) or not isinstance(payload, str | None) or not isinstance(name, str | None):
        raise MalformedWebhook("a text field is not text")
    return Incoming(
        channel="meta",
        provider_message_id=wamid,
        from_phone="+" + sender,
        text=text,
        profile_name=name,
        media=media,
        button_payload=payload,
        raw={"message": message, "metadata": raw_value.get("metadata")},
        received_at=_timestamp(message.get("timestamp")),
    )


def parse_status(status: dict) -> StatusUpdate:
    errors = status.get("errors") or [{}]
    if not status.get("id") or not status.get("status"):
        raise MalformedWebhook("status without an id")
    code = errors[0].get("code")
    return StatusUpdate("meta", str(status["id"]), str(status["status"]).lower(),
                        str(code) if code is not None else None, errors[0].get("title") or errors[0].get("message"))


def parse_payload(data) -> tuple[list[Incoming], list[StatusUpdate]]:
    """Every message and status of every entry and change of a webhook payload."""
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise MalformedWebhook("not a WhatsApp Business Account payload")
    messages: list[Incoming] = []
    statuses: list[StatusUpdate] = []
    for entry in data["entry"]:
        for change in (entry or {}).get("changes") or []:
            if (change or {}).get("field") != "messages":
                continue
            value = change.get("value") or {}
            names = {str(c.get("wa_id")): (c.get("profile") or {}).get("name") for c in value.get("contacts") or []}
            for message in value.get("messages") or []:
                try:
                    messages.append(parse_message(message, names, value))
                except (MalformedWebhook, AttributeError, TypeError):
                    _skipped("message")
            for status in value.get("statuses") or []:
                try:
                    statuses.append(parse_status(status))
                except (MalformedWebhook, AttributeError, TypeError):
                    _skipped("status")
    return messages, statuses


def _skipped(what: str) -> None:
    """One item of a batch we cannot read is left out; refusing the batch would make Meta resend the
    good ones for days."""
    WEBHOOKS_REJECTED.labels(channel="meta", reason=f"unreadable_{what}").inc()
    log.warning("webhook_item_skipped", channel="meta", item=what)


@router.get("", summary="Webhook verification (hub challenge)", response_class=PlainTextResponse)
def meta_verify(request: Request, services: ServicesDep) -> PlainTextResponse:
    params = request.query_params
    expected = services.settings.meta_verify_token or ""
    token = params.get("hub.verify_token") or ""
    if params.get("hub.mode") == "subscribe" and expected and hmac.compare_digest(token.encode(), expected.encode()):
        return PlainTextResponse(params.get("hub.challenge") or "")
    WEBHOOKS_REJECTED.labels(channel="meta", reason="bad_verify_token").inc()
    raise HTTPException(status_code=403, detail="verification failed")


@router.post("", summary="Inbound messages and delivery statuses (Meta Cloud API)")
def meta_inbound(body: SignedBody, services: ServicesDep) -> Response:
    try:
        messages, statuses = parse_payload(json.loads(body))
    except (ValueError, MalformedWebhook, AttributeError, TypeError, RecursionError) as exc:
        WEBHOOKS_REJECTED.labels(channel="meta", reason="malformed").inc()
        raise HTTPException(status_code=400, detail="malformed payload") from exc
    for incoming in messages:
        try:
            accept(services, incoming)  # each on its own: one the database refuses does not cost the rest
        except (InboundRefused, RecursionError):
            _skipped("message")
    for update in statuses:
        record_status(services, update)
    return Response(status_code=200)
