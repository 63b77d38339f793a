"""Reply planning (splitting, captions, the 24-hour window), signed media links, and phone masking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app.observability import mask_phone
from bot.channels.base import Outgoing, split_text
from bot.channels.meta import MetaChannel, button_rows
from bot.conversation.messages import Reply, Template
from bot.runtime.media_store import InvalidMediaToken, LocalMediaStore, MediaNotFound, MediaSigner
from bot.runtime.outbox import apply_window, reply_rows, window_open


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeChannel:
    name = "twilio"
    max_text = 1600
    has_window = True

    def __init__(self, templates=()):
        self.templates = set(templates)

    def has_template(self, name):
        return name in self.templates


def test_long_text_is_split_within_the_limit_without_losing_words():
    text = " ".join(f"word{i}" for i in range(600))
    chunks = split_text(text, 1600)
    assert len(chunks) > 1
    assert all(len(chunk) <= 1600 for chunk in chunks)
    assert " ".join(chunks).split() == text.split()


def test_voice_reply_sends_text_first_then_the_audio_without_caption():
    rows = reply_rows(Reply(text="🎙️ Suna: 2 kilo cheeni", media_key="a/b.ogg", media_type="audio"), FakeChannel())
    assert [r["body"] for r in rows] == ["🎙️ Suna: 2 kilo cheeni", ""]
    assert rows[1]["media_key"] == "a/b.ogg" and rows[1]["media_type"] == "audio"


def test_document_reply_carries_its_text_as_caption():
    rows = reply_rows(Reply(text="Bill", media_key="x.pdf", media_type="document", filename="INV-1.pdf"), FakeChannel())
    assert len(rows) == 1 and rows[0]["body"] == "Bill" and rows[0]["filename"] == "INV-1.pdf"


def test_outside_the_window_free_text_becomes_the_reengagement_template():
    rows = reply_rows(Reply(text="Ramesh ke ₹500 baaki"), FakeChannel())
    planned = apply_window(rows, is_open=False, channel=FakeChannel({"reengage"}), reengage_template="reengage")
    assert planned == [{"body": "", "template": {"name": "reengage", "variables": ["Ramesh ke ₹500 baaki"]}}]


def test_outside_the_window_free_text_is_dropped_when_no_template_is_configured():
    rows = reply_rows(Reply(text="hello"), FakeChannel())
    planned = apply_window(rows, is_open=False, channel=FakeChannel(), reengage_template=None)
    assert planned[0]["status"] == "dropped" and "window" in planned[0]["error_message"]


def test_template_replies_pass_outside_the_window():
    rows = reply_rows(Reply(template=Template("udhaar_reminder", ("Ramesh", "₹500"))), FakeChannel())
    assert apply_window(rows, is_open=False, channel=FakeChannel(), reengage_template=None) == rows


def test_window_is_open_for_24_hours_after_the_last_inbound_message():
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert window_open(now - timedelta(hours=23, minutes=59), now)
    assert not window_open(now - timedelta(hours=24), now)
    assert not window_open(None, now)


def test_meta_buttons_are_cut_to_three_with_short_titles():
    rows = button_rows(["haan", "nahi", "badlo", "extra"])
    assert len(rows) == 3
    assert button_rows(["a very long button title indeed"])[0]["reply"]["title"] == "a very long button t"


def test_meta_voice_reply_is_sent_as_a_voice_note():
    channel = MetaChannel("t", "123", api_base="http://127.0.0.1:9")
    payload = channel.payload(Outgoing(to_phone="+919812343210", media_url="https://m/x.ogg", media_type="audio"))
    assert payload["to"] == "919812343210"
    assert payload["audio"] == {"link": "https://m/x.ogg", "voice": True}


def test_signed_media_link_names_its_key_until_it_expires():
    clock = Clock(1_000_000)
    signer = MediaSigner("secret", "https://munshi.example.in/", ttl_seconds=60, clock=clock)
    url = signer.url("2026/11/abc.ogg")
    assert url.startswith("https://munshi.example.in/media/")
    token = url.rsplit("/", 1)[1]
    assert signer.verify(token) == "2026/11/abc.ogg"
    clock.now += 61
    with pytest.raises(InvalidMediaToken):
        signer.verify(token)


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "a" + t, lambda t: t.replace(".", "", 1), lambda t: ""])
def test_tampered_media_tokens_are_refused(mangle):
    signer = MediaSigner("secret", "https://m")
    with pytest.raises(InvalidMediaToken):
        signer.verify(mangle(signer.token("2026/11/abc.ogg")))


def test_a_token_signed_with_another_secret_is_refused():
    token = MediaSigner("other", "https://m").token("k.ogg")
    with pytest.raises(InvalidMediaToken):
        MediaSigner("secret", "https://m").verify(token)


def test_local_store_keeps_bytes_and_the_content_type_of_voice_notes(tmp_path):
    store = LocalMediaStore(tmp_path)
    key = store.put(b"OggS...", "audio/ogg")
    stored = store.get(key)
    assert stored.data == b"OggS..." and stored.content_type == "audio/ogg"


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs.ogg", "a/../../b.ogg", ""])
def test_local_store_refuses_keys_that_leave_its_folder(tmp_path, key):
    with pytest.raises(MediaNotFound):
        LocalMediaStore(tmp_path / "media").get(key)


def test_phone_numbers_are_masked_to_country_code_and_last_four_digits():
    assert mask_phone("+919812343210") == "+91******3210"
    assert mask_phone("whatsapp:+919812343210") == "+91******3210"
    assert mask_phone("") == ""
