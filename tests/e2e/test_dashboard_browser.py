"""The dashboard in Debian's chromium at 360 px: the owner logs in with the code sent on WhatsApp (the
web channel stands in for it) and sees today's sales as the books have them; then a quick sale.

Set MUNSHI_SCREENSHOT_DIR to keep the screenshots.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import _free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OWNER = "+919415000001"


def _keep(path: Path) -> None:
    target = os.environ.get("MUNSHI_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


@pytest.fixture
def served(sqlite_url, tmp_path):
    import uvicorn

    from bot.app.services import build_services
    from bot.app.settings import Settings
    from bot.runtime.access import shop_today
    from domain.demo.load import load_demo
    from webhooks.app import create_app

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
                        public_url=base, secret_key="browser-test")
    services = build_services(settings)
    load_demo(services.session_factory, today=shop_today(settings), days=7, seed=11)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, services), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield base, services
    server.should_exit = True
    thread.join(timeout=10)
    services.close()


def _today_total(services) -> str:
    from bot.runtime.access import principal_for_user_phone
    from bot.runtime.calls import call
    from locales import translator

    principal = principal_for_user_phone(services.session_factory, OWNER)
    total = call(services, principal, "sales_summary", {"period": "today"}).body["data"]["total"]
    return translator(principal.lang).money(total)


def test_the_owner_logs_in_with_a_code_and_sees_the_days_numbers(served, browser, tmp_path):
    base, services = served
    from bot.runtime.access import principal_for_user_phone
    from bot.runtime.calls import call

    owner = principal_for_user_phone(services.session_factory, OWNER)
    for amount in (340, 95.5):
        assert call(services, owner, "record_sale", {"amount": amount, "payment": "cash"}).status == 200

    page = browser.new_page(viewport={"width": 360, "height": 780}, device_scale_factor=2)
    page.goto(base + "/dashboard")
    assert page.url.endswith("/login")
    page.fill("#phone", OWNER)
    page.click("button[type=submit]")
    page.locator("#code").wait_for(timeout=10_000)
    sent = services.channels["web"].sent_to(OWNER)
    code = re.search(r"\b(\d{6})\b", sent[-1][1].text).group(1)
    page.fill("#code", "000000" if code != "000000" else "111111")
    page.click("button[type=submit]")
    assert page.locator(".error").count() == 1  # a wrong code is refused
    page.fill("#code", code)
    page.click("button[type=submit]")
    page.locator("#today-total").wait_for(timeout=10_000)
    assert page.locator("#today-total").inner_text() == _today_total(services)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    page.screenshot(path=str(tmp_path / "dashboard-360.png"), full_page=True)
    _keep(tmp_path / "dashboard-360.png")

    page.set_viewport_size({"width": 320, "height": 700})  # the smallest phones
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(tmp_path / "dashboard-320.png"))
    _keep(tmp_path / "dashboard-320.png")
    page.set_viewport_size({"width": 360, "height": 780})

    # An entry made elsewhere (the chat, the API) appears on the open page, pushed by the WebSocket.
    pushed = call(services, owner, "record_sale", {"amount": 60, "payment": "upi"}).body["voucher"]
    page.locator("#daybook .fresh", has_text=pushed).wait_for(timeout=15_000)
    assert "₹60" in page.locator("#daybook .fresh", has_text=pushed).inner_text()

    page.fill("#amount", "250")
    page.click("#quick ~ form button, section[aria-labelledby=quick] button")
    page.locator("#today-total").wait_for(timeout=10_000)
    assert page.locator("#today-total").inner_text() == _today_total(services)
    scripts = sum(p.stat().st_size for p in Path("webhooks/dashboard/static").glob("*.js"))
    assert scripts < 100 * 1024
