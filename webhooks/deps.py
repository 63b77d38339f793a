"""Dependencies the routes share: the services of this app (built by the composition root), typed aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from bot.services import Services
from bot.settings import Settings


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


MAX_WEBHOOK_BYTES = 1024 * 1024  # a WhatsApp webhook is a few kilobytes; refuse floods before reading them


def refuse_oversized(request: Request) -> None:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_WEBHOOK_BYTES):
        raise HTTPException(status_code=413, detail="payload too large")
