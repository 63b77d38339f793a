"""The chat page in a real browser: Debian's chromium driven by Playwright against the app served by
uvicorn on 127.0.0.1, with the demo shops in a temporary SQLite database.

Set MUNSHI_SCREENSHOT_DIR to keep the screenshots (the chat list and the conversation).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from locales import translator

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _keep(path: Path) -> None:
    target = os.environ.get("MUNSHI_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def test_the_owner_sends_a_credit_sale_and_sees_the_confirmation(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 760}, device_scale_factor=2)
    page.goto(server + "/")
    owner = page.locator("#users li", has_text="Rajesh Sharma")
    owner.wait_for(timeout=10_000)
    assert "Sharma Kirana Store" in owner.inner_text()
    page.screenshot(path=str(tmp_path / "chat-list.png"))
    _keep(tmp_path / "chat-list.png")

    owner.click()
    assert page.locator("#chat-title").inner_text() == "Sharma Kirana Store"
    page.fill("#text", "2 kilo cheeni Ramesh ko udhaar")
    page.keyboard.press("Enter")
    reply = page.locator(".bubble.in:not(.typing)", has_text="Ramesh Kumar")
    reply.wait_for(timeout=20_000)
    text = reply.inner_text()
    assert "₹88" in text
    assert translator("hi", romanized=True)("undo.hint") in text
    assert page.locator(".bubble.out", has_text="2 kilo cheeni Ramesh ko udhaar").count() == 1
    assert page.locator(".bubble.out .tick.read").count() == 1  # blue ticks once Munshi answered
    page.screenshot(path=str(tmp_path / "chat-conversation.png"))
    _keep(tmp_path / "chat-conversation.png")


def test_a_recorded_voice_note_and_a_photo_are_sent_and_answered(server, browser_with_microphone, tmp_path):
    import io

    from PIL import Image

    page = browser_with_microphone.new_page(viewport={"width": 390, "height": 760})
    page.goto(server + "/")
    page.locator("#users li", has_text="S. Murugan").click()

    page.click("#send")  # the empty composer's button is the microphone
    page.locator("#recording").wait_for(state="visible", timeout=10_000)
    page.wait_for_timeout(1500)
    page.click("#send")  # stop and send
    page.locator(".bubble.out audio").wait_for(timeout=10_000)
    page.locator(".bubble.in:not(.typing)").first.wait_for(timeout=60_000)

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buffer, format="PNG")
    photo = tmp_path / "bill.png"
    photo.write_bytes(buffer.getvalue())
    answered = page.locator(".bubble.in:not(.typing)").count()
    page.set_input_files("#file", str(photo))
    page.click("#send")
    page.locator(".bubble.out img").wait_for(timeout=10_000)
    page.wait_for_function(f"document.querySelectorAll('.bubble.in:not(.typing)').length > {answered}",
                           timeout=60_000)
    page.screenshot(path=str(tmp_path / "chat-media.png"))
    _keep(tmp_path / "chat-media.png")
