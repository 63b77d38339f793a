"""`POST /webhooks/twilio` (inbound WhatsApp messages) and `/webhooks/twilio/status` (delivery statuses).

The signature is a dependency: `X-Twilio-Signature` is checked with the twilio package's validator
against `MUNSHI_PUBLIC_URL` + path (+ query), so it holds behind a proxy, with the whole form (blank
`Body` kept, unknown fields included). Forged or unsigned → 403; malformed → 400; nothing stored.
A valid message is stored and queued, and Twilio gets an empty `<Response/>` at once.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from starlette.datastructures import FormData
from twilio.request_validator import RequestValidator

from bot.app.observability import WEBHOOKS_REJECTED, get_logger
from bot.conversation.messages import InboundMedia
from bot.runtime.intake import InboundRefused, Incoming, StatusUpdate, accept_async, record_status_async
from webhooks.deps import ServicesDep, refuse_oversized

router = APIRouter(prefix="/webhooks/twilio", tags=["webhooks"])
log = get_logger("munshi.webhooks.twilio")

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
MESSAGE_SID = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")


class MalformedWebhook(ValueError):
    """The payload was authentic but not a message we understand."""


def public_url_of(request: Request, public_url: str) -> str:
    """The URL Twilio called: our public base, the path and the query exactly as received."""
    url = public_url.rstrip("/") + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    return url


FORM_TYPE = "application/x-www-form-urlencoded"


async def _read_form(request: Request) -> FormData:
    """Twilio posts URL-encoded forms only: a multipart body (files) or an unparsable one is refused."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM_TYPE:
        WEBHOOKS_REJECTED.labels(channel="twilio", reason="content_type").inc()
        raise HTTPException(status_code=415, detail=f"expected {FORM_TYPE}")
    try:
        return await request.form(max_fields=200)
    except (ValueError, UnicodeDecodeError, KeyError, AssertionError) as exc:
        raise HTTPException(status_code=400, detail="malformed form") from exc


def _valid(token: str, url: str, form: FormData, signature: str) -> bool:
    try:
        return RequestValidator(token).validate(url, form, signature)
    except (TypeError, ValueError, UnicodeError):  # a signature header or field no HMAC can be compared with
        return False


async def twilio_signed_form(request: Request, services: ServicesDep) -> FormData:
    refuse_oversized(request)
    token = services.settings.twilio_auth_token
    form = await _read_form(request)
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        WEBHOOKS_REJECTED.labels(channel="twilio", reason="unsigned" if token else "not_configured").inc()
        log.warning("webhook_refused", channel="twilio", reason="unsigned")
        raise HTTPException(status_code=403, detail="signature required")
    if not _valid(token, public_url_of(request, services.settings.public_url), form, signature):
        WEBHOOKS_REJECTED.labels(channel="twilio", reason="bad_signature").inc()
        log.warning("webhook_refused", channel="twilio", reason="bad_signature")
        raise HTTPException(status_code=403, detail="invalid signature")
    return form


SignedForm = Annotated[FormData, Depends(twilio_signed_form)]


def whatsapp_phone(value: str | None) -> str:
    phone = (value or "").removeprefix("whatsapp:").strip()
    if not PHONE.match(phone):
        raise MalformedWebhook("From is not a WhatsApp number")
    return phone


def is_status_callback(form) -> bool:
    return "MessageStatus" in form and form.get("SmsStatus") != "received" and "Body" not in form


def parse_status(form) -> StatusUpdate:
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    status = (form.get("MessageStatus") or "").lower()
    if not sid or not status:
        raise MalformedWebhook("status callback without MessageSid or MessageStatus")
    return StatusUpdate("twilio", sid, status, form.get("ErrorCode") or None, form.get("ErrorMessage") or None)


def parse_message(form) -> Incoming:
    """An inbound WhatsApp message from Twilio's form; only the first media item (WhatsApp sends one)."""
    sid = form.get("MessageSid") or ""
    if not MESSAGE_SID.match(sid):
        raise MalformedWebhook("MessageSid missing or malformed")
    try:
        count = int(form.get("NumMedia") or 0)
    except ValueError as exc:
        raise MalformedWebhook("NumMedia is not a number") from exc
    media = []
    if count > 0 and form.get("MediaUrl0"):
        media.append(InboundMedia(url=form["MediaUrl0"], content_type=form.get("MediaContentType0") or ""))
    payload = form.get("ButtonPayload") or form.get("ButtonText") or None
    return Incoming(
        channel="twilio",
        provider_message_id=sid,
        from_phone=whatsapp_phone(form.get("From")),
        text=form.get("Body") or "",
        profile_name=form.get("ProfileName") or None,
        media=media,
        button_payload=payload,
        raw={key: value for key, value in form.multi_items()} if hasattr(form, "multi_items") else dict(form),
    )


def _twiml() -> Response:
    return Response(content=EMPTY_TWIML, media_type="application/xml")


@router.post("", summary="Inbound WhatsApp message (Twilio)")
async def twilio_inbound(form: SignedForm, services: ServicesDep) -> Response:
    try:
        if is_status_callback(form):
            await record_status_async(services, parse_status(form))
            return _twiml()
        incoming = parse_message(form)
    except MalformedWebhook as exc:
        WEBHOOKS_REJECTED.labels(channel="twilio", reason="malformed").inc()
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    try:
        await accept_async(services, incoming)
    except InboundRefused as exc:
        WEBHOOKS_REJECTED.labels(channel="twilio", reason="refused").inc()
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return _twiml()


@router.post("/status", summary="Delivery status of a reply (Twilio status callback)")
async def twilio_status(form: SignedForm, services: ServicesDep) -> Response:
    try:
        update = parse_status(form)
    except MalformedWebhook as exc:
        WEBHOOKS_REJECTED.labels(channel="twilio", reason="malformed").inc()
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    await record_status_async(services, update)
    return _twiml()
