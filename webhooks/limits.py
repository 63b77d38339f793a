"""A streaming request-body limit for every route, before any parsing or signature check.

`BodyLimitMiddleware` is plain ASGI: a declared Content-Length over the limit is refused with 413
before a byte is read; otherwise it counts the bytes as the route reads them (chunked bodies have no
Content-Length) and, the moment the count passes the limit, answers 413 itself and stops the route —
so no route ever holds more than the limit in memory. The limit is `MUNSHI_MAX_REQUEST_BYTES`; the chat
simulator's uploads may be as large as a WhatsApp media item (`MUNSHI_MAX_MEDIA_BYTES`) plus the form.
"""

from __future__ import annotations

import json

from bot.app.observability import WEBHOOKS_REJECTED, get_logger

log = get_logger("munshi.http")

FORM_OVERHEAD = 64 * 1024
UPLOAD_PREFIXES = ("/sim/",)


class BodyTooLarge(Exception):
    """The body passed the limit while the route was reading it."""


def limit_for(scope, default: int) -> int:
    services = getattr(scope["app"].state, "services", None) if "app" in scope else None
    settings = getattr(services, "settings", None)
    if settings is None:
        return default
    if scope.get("path", "").startswith(UPLOAD_PREFIXES):
        return int(settings.max_media_bytes) + FORM_OVERHEAD
    return int(settings.max_request_bytes)


def _declared_length(scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


async def _refuse(send, status: int, reason: str) -> None:
    body = json.dumps({"detail": reason}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    def __init__(self, app, default_limit: int = 1024 * 1024) -> None:
        self.app = app
        self.default_limit = default_limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope, self.default_limit)
        declared = _declared_length(scope)
        if declared is not None and (declared < 0 or declared > limit):
            WEBHOOKS_REJECTED.labels(channel="http", reason="too_large").inc()
            await _refuse(send, 413 if declared > limit else 400,
                          "payload too large" if declared > limit else "bad Content-Length")
            return
        state = {"read": 0, "refused": False, "started": False}

        async def counted_receive():
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > limit:
                    raise BodyTooLarge()
            return message

        async def guarded_send(message) -> None:
            if state["refused"]:
                return  # the 413 has gone out; whatever the route still says is dropped
            if message["type"] == "http.response.start":
                if state["read"] > limit:  # a framework turned our refusal into its own answer
                    await self._too_large(send, state)
                    return
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            await self._too_large(send, state)
        except Exception:
            if state["read"] > limit:  # a framework wrapped our refusal in its own error
                await self._too_large(send, state)
                return
            raise
        else:
            if state["read"] > limit and not state["started"]:
                await self._too_large(send, state)

    async def _too_large(self, send, state) -> None:
        if state["refused"] or state["started"]:
            return
        state["refused"] = True
        WEBHOOKS_REJECTED.labels(channel="http", reason="too_large").inc()
        log.warning("request_too_large", read=state["read"])
        await _refuse(send, 413, "payload too large")
