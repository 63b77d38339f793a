"""Request logging: every request gets a short id bound to its log lines, and one line when it ends.

A plain ASGI middleware (no response buffering): method, path, status and duration; `/health` and
`/metrics` are left out so scrapes do not drown the log.
"""

from __future__ import annotations

import time
import uuid

import structlog

from bot.observability import get_logger

QUIET_PATHS = frozenset({"/health", "/metrics"})
log = get_logger("munshi.http")


class RequestLogMiddleware:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path") in QUIET_PATHS:
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:12]
        status = {"code": 500}
        started = time.perf_counter()

        async def send_wrapper(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            log.info("http_request", method=scope.get("method"), path=scope.get("path"), status=status["code"],
                     duration_ms=round((time.perf_counter() - started) * 1000, 1))
            structlog.contextvars.reset_contextvars(**tokens)
