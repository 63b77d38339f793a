"""The app over a database holding the demo shops (a few days of trading), with API tokens for the
owner and the staff member of sharma-kirana and the owner of murugan-stores (built once per backend,
then copied: tests/databases.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.runtime.access import create_token, shop_today
from domain.demo.load import load_demo
from tests.databases import remember
from webhooks.app import create_app


@dataclass
class Api:
    client: TestClient
    services: object
    today: date
    owner: str
    staff: str
    other_shop: str

    def auth(self, token: str, **headers: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}", **headers}


@pytest.fixture
def api(database_url, tmp_path) -> Api:
    settings = Settings(database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media",
                        redis_url=None, secret_key="test-secret")
    services = build_services(settings)
    today = shop_today(settings)

    def build() -> tuple[str, str, str]:
        load_demo(services.session_factory, today=today, days=4, seed=7)
        return (create_token(services.session_factory, "sharma-kirana", "test")[0],
                create_token(services.session_factory, "sharma-kirana", "till", phone="+919415000002")[0],
                create_token(services.session_factory, "murugan-stores", "test")[0])

    owner, staff, other = remember(services.engine, f"api demo on {today}", build)
    app = create_app(settings, services)
    with TestClient(app) as client:
        yield Api(client, services, today, owner, staff, other)
    services.close()
