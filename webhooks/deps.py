"""Request plumbing the routes share: the app's services (built by the composition root) as typed
dependencies, a size guard for webhooks, and request logging (one line per request, with an id bound
to the request's log lines; `/health` and `/metrics` left out so scrapes do not drown the log)."""

from __future__ import annotations

import random
import time
from typing import Annotated

import structlog
from fastapi import Depends, HTTPException, Request

from bot.app.observability import get_logger
from bot.app.services import Services
from bot.app.settings import Settings


# async on purpose: FastAPI runs a plain `def` dependency in the thread pool, a hop per request.
async def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


MAX_WEBHOOK_BYTES = 1024 * 1024  # a WhatsApp webhook is a few kilobytes; refuse floods before reading them


def refuse_oversized(request: Request) -> None:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_WEBHOOK_BYTES):
        raise HTTPException(status_code=413, detail="payload too large")


QUIET_PATHS = frozenset({"/health", "/metrics"})
log = get_logger("munshi.http")


class RequestLogMiddleware:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path") in QUIET_PATHS:
            await self.app(scope, receive, send)
            return
        request_id = f"{random.getrandbits(48):012x}"  # a log correlation id, not a secret: no urandom call
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
