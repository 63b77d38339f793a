"""A typical day of Murugan Stores' Tamil owner in the chat page, in Debian's chromium: every reply
Munshi gives is in Tamil (the shop's own item and party names aside), and the conversation is kept
as a screenshot in the test's tmp dir (and in MUNSHI_SCREENSHOT_DIR when that is set)."""

from __future__ import annotations

import csv
import os
import re
import shutil
import socket
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.ratelimit import MemoryRateLimiter
from bot.services import build_services
from bot.settings import Settings
from bot.turn import TurnHandler
from tests.integration.bot.turn_fixtures import seed_demo_shops

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
NOW = datetime(2026, 11, 20, 5, 30, tzinfo=UTC)  # 11:00 in Madurai
TAMIL = re.compile(r"[\u0B80-\u0BFF]")
# Latin words a Tamil reply may carry besides the shop's names: tax and payment names as printed on
# bills and apps, and voucher numbers (SL/26-27/0001).
ALLOWED = {"GST", "GSTIN", "CGST", "SGST", "IGST", "UPI", "CMP08"}
VOUCHER_SERIES = re.compile(r"[A-Z]{2}")

# The owner's day, as he types it: greeting, a credit sale he confirms, a UPI payment, a cash sale
# said in words, a return, questions about stock, sales and dues, an undo, and something off-topic.
DAY = [
    "வணக்கம்",
    "லட்சுமிக்கு 2 கிலோ சர்க்கரை கடன்",
    "ஆமா",
    "செல்வம் 1000 GPay பண்ணினார்",
    "ரெண்டு லிட்டர் தேங்காய் எண்ணெய் லிட்டர் இருநூத்தி முப்பது ரூபாய்க்கு வித்தேன்",
    "கவிதா 1 கிலோ சர்க்கரை திருப்பி கொடுத்தாங்க",
    "சர்க்கரை எவ்வளவு ஸ்டாக் இருக்கு",
    "எந்த பொருள் எல்லாம் தீரப்போகுது?",
    "இன்று விற்பனை எவ்வளவு?",
    "லட்சுமி எவ்வளவு பாக்கி தரணும்?",
    "கடைசி என்ட்ரி நீக்கு",
    "இன்னைக்கு மழை வருமா?",
]


def _shop_names(shop_dir: Path) -> set[str]:
    words = {"S", "Murugan", "Stores"}
    for name in ("catalog.csv", "parties.csv"):
        with (shop_dir / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                words.update(re.findall(r"[A-Za-z0-9]+", row["name"]))
    return words


def _foreign_words(text: str, names: set[str]) -> set[str]:
    words = set(re.findall(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*", text)) - names - ALLOWED
    return {w for w in words if not VOUCHER_SERIES.fullmatch(w)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(sqlite_url, tmp_path):
    import uvicorn

    from webhooks.app import create_app

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
                        public_url=base)
    services = build_services(settings, rate_limiter=MemoryRateLimiter(1000), turn=TurnHandler(clock=lambda: NOW))
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


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


REPLIES = ".bubble.in:not(.typing)"


def test_the_tamil_owner_gets_every_reply_of_the_day_in_tamil(server, browser, tmp_path, demo_dir):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(server + "/")
    owner = page.locator("#users li", has_text="+919443000001")
    owner.wait_for(timeout=10_000)
    owner.click()
    assert page.locator("#chat-title").inner_text() == "Murugan Stores"

    replies_to = []
    for text in DAY:
        before = page.locator(REPLIES).count()
        page.fill("#text", text)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "([selector, n]) => document.querySelectorAll(selector).length > n"
            " && !document.querySelector('.bubble.typing')",
            arg=[REPLIES, before], timeout=30_000,
        )
        bodies = page.locator(REPLIES).locator(".body").all_inner_texts()[before:]
        replies_to.append((text, bodies))

    names = _shop_names(demo_dir / "murugan-stores")
    for text, bodies in replies_to:
        assert bodies, f"no reply to {text!r}"
        for body in bodies:
            assert TAMIL.search(body), (text, body)
            assert _foreign_words(body, names) == set(), (text, body)

    by_message = dict(replies_to)
    assert "வணக்கம்" in by_message["வணக்கம்"][0]
    assert "சரியா?" in by_message["லட்சுமிக்கு 2 கிலோ சர்க்கரை கடன்"][0]
    assert by_message["ஆமா"][0].startswith("✅ ₹88 Lakshmi கணக்கில் எழுதப்பட்டது.")
    assert "₹1,000" in by_message["செல்வம் 1000 GPay பண்ணினார்"][0]
    assert "கிலோ" in by_message["சர்க்கரை எவ்வளவு ஸ்டாக் இருக்கு"][0]
    assert by_message["இன்று விற்பனை எவ்வளவு?"][0].startswith("இன்று விற்பனை: ₹")
    assert by_message["இன்னைக்கு மழை வருமா?"][0].startswith("மன்னிக்கவும்")

    # The whole conversation in one picture: a screen as tall as the chat.
    height = page.evaluate("document.querySelector('#messages').scrollHeight") + 140
    page.set_viewport_size({"width": 390, "height": min(height, 6000)})
    shot = tmp_path / "tamil-day.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    target = os.environ.get("MUNSHI_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / shot.name)
