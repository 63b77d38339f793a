"""A typical day of Murugan Stores' Tamil owner in the chat page, in Debian's chromium: every reply
Munshi gives is in Tamil (the shop's own item and party names aside), and the conversation is kept
as a screenshot in the test's tmp dir (and in MUNSHI_SCREENSHOT_DIR when that is set)."""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

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
    assert by_message["இன்று விற்பனை எவ்வளவு?"][0].startswith("இன்றைய விற்பனை: ₹")
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
