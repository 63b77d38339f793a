"""Fixtures of the browser tests: the app served by uvicorn on a free 127.0.0.1 port with the demo
shops in a temporary SQLite database and the clock at 20 Nov 2026 11:00 IST (`server`, its base URL),
and Debian's chromium driven by Playwright (`browser`, `browser_with_microphone`); the browser
fixtures skip when /usr/bin/chromium is not installed."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
NOW = datetime(2026, 11, 20, 5, 30, tzinfo=UTC)  # 11:00 in India


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(sqlite_url, tmp_path):
    import uvicorn

    from bot.app.services import build_services
    from bot.app.settings import Settings
    from bot.runtime.ratelimit import MemoryRateLimiter
    from tests.integration.bot.turn_fixtures import seed_demo_shops
    from webhooks.app import create_app

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
                        public_url=base, dev_chat=True)
    services = build_services(settings, rate_limiter=MemoryRateLimiter(1000), clock=lambda: NOW)
    seed_demo_shops(services.session_factory)
    config = uvicorn.Config(create_app(settings, services), host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield base
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    services.close()


def _chromium(extra_args: list[str]):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + extra_args,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser():
    yield from _chromium([])


@pytest.fixture
def browser_with_microphone():
    """Chromium with a fake microphone (a beep) that needs no permission prompt."""
    yield from _chromium(["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"])
