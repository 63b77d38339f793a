"""Dependencies the routes share: the services of this app (built by the composition root), typed aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.services import Services
from bot.settings import Settings


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
