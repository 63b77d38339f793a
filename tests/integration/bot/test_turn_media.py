"""The turn's media branches: a voice note becomes a text turn shown back as "🎙️ Suna: …" and is
answered with a voice note too; bad audio and refused media get their own polite replies.

Speech-to-text is a fake engine that hears a fixed sentence; audio conversion and text-to-speech
(espeak-ng, ffmpeg) are the real ones.
"""

from __future__ import annotations

import shutil

import pytest

from bot.conversation.messages import InboundMedia
from locales import translator
from tests.integration.bot.turn_fixtures import message

pytestmark = pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("ffmpeg")),
                                reason="needs espeak-ng and ffmpeg")

HINGLISH = translator("hi", romanized=True)
HINDI = translator("hi")


class HearsFixedWords:
    """A speech-to-text engine that always hears the same words."""

    engine = "fake"
    languages = ("hi", "en", "ta")

    def __init__(self, text: str, lang: str = "hi", confidence: float = 0.9) -> None:
        self.text, self.lang, self.confidence = text, lang, confidence
        self.calls = []

    def transcribe(self, clip, lang_hint=None, languages=(), vocabulary=(), *, vocabulary_key=None):
        from voice import Transcript

        self.calls.append((lang_hint, tuple(vocabulary)))
        return Transcript(text=self.text, lang=self.lang, confidence=self.confidence, engine=self.engine)


@pytest.fixture
def voice_note() -> bytes:
    from voice import build_tts, to_ogg_opus

    return to_ogg_opus(build_tts("espeak").synthesize("do kilo cheeni", "hi"))


def _voice_message(data: bytes, text: str = ""):
    return message(text, media=[InboundMedia(url="media:x", content_type="audio/ogg; codecs=opus", voice=True)],
                   media_bytes=[data])


def test_a_voice_note_is_heard_answered_in_text_and_spoken_back(make_services, demo_db, voice_note):
    services = make_services(stt=HearsFixedWords("2 kilo cheeni Ramesh ko udhaar"))
    replies = services.turn.handle(_voice_message(voice_note))
    texts = [r.text for r in replies if r.text]
    # the words are romanized, the reply stays in the user's Hindi: a transcript never switches it
    assert texts[0] == HINDI("voice.heard", text="2 kilo cheeni Ramesh ko udhaar")
    assert "Ramesh Kumar" in texts[1] and "₹88" in texts[1]
    audio = [r for r in replies if r.media_type == "audio"]
    assert len(audio) == 1
    assert services.media_store.get(audio[0].media_key).data[:4] == b"OggS"
    assert "Ramesh Kumar" in services.stt.calls[0][1]  # the shop's names help the engine
    assert services.stt.calls[0][0] == "hi"  # the language is the user's, not guessed


def test_a_new_numbers_first_voice_note_sets_its_language_for_the_welcome(make_services, demo_db, voice_note):
    services = make_services(stt=HearsFixedWords("नमस्ते, मेरी दुकान का हिसाब रखना है"))
    note = message("", phone="+919811100077", media=[InboundMedia(url="media:x", content_type="audio/ogg", voice=True)],
                   media_bytes=[voice_note])  # fmt: skip
    replies = services.turn.handle(note)
    texts = [r.text for r in replies if r.text]
    assert texts[0] == HINDI("voice.heard", text="नमस्ते, मेरी दुकान का हिसाब रखना है")
    assert texts[1:] == [HINDI("onboarding.welcome"), HINDI("onboarding.ask_shop_name")]
    assert services.stt.calls[0][0] is None  # nothing known of the number: the engine chooses among all


def test_english_words_in_a_hindi_users_note_are_answered_in_hindi(make_services, demo_db, voice_note):
    services = make_services(stt=HearsFixedWords("how much did we sell today", lang="en"))
    replies = services.turn.handle(_voice_message(voice_note))
    texts = [r.text for r in replies if r.text]
    assert texts[0] == HINDI("voice.heard", text="how much did we sell today")
    assert all(r.text == HINDI("voice.heard", text="how much did we sell today") or
               any("\u0900" <= ch <= "\u097f" for ch in r.text) for r in replies if r.text)


def test_a_doubtfully_heard_sale_is_asked_back_before_it_is_booked(make_services, demo_db, voice_note):
    services = make_services(stt=HearsFixedWords("2 kilo cheeni Ramesh ko udhaar", confidence=0.45))
    replies = services.turn.handle(_voice_message(voice_note))
    texts = [r.text for r in replies if r.text]
    assert texts[0] == HINDI("voice.heard", text="2 kilo cheeni Ramesh ko udhaar")
    assert any(HINDI("word.yes") in (r.buttons or []) for r in replies), texts  # "confirm.ask"


def test_a_corrupt_voice_note_is_answered_with_its_reason(make_services, demo_db):
    services = make_services(stt=HearsFixedWords("never heard"))
    replies = services.turn.handle(_voice_message(b"OggS this is not audio at all" * 20))
    assert [r.text for r in replies] in ([HINGLISH("voice.corrupt")], [translator("hi")("voice.corrupt")],
                                         [HINGLISH("voice.unsupported")], [translator("hi")("voice.unsupported")])


def test_media_the_worker_refused_as_too_large_gets_a_polite_reply(services):
    inbound = message("", media=[InboundMedia(url="media:x", content_type="image/jpeg")], media_bytes=[b""],
                      media_errors=["too_large"])
    replies = services.turn.handle(inbound)
    assert [r.text for r in replies] in ([translator("hi")("error.media_too_large")],
                                         [HINGLISH("error.media_too_large")])


def test_a_voice_reply_is_only_added_when_the_user_spoke(services):
    replies = services.turn.handle(message("2 kilo cheeni Ramesh ko udhaar"))
    assert replies and all(r.media_type != "audio" for r in replies)


def test_a_user_who_chose_voice_replies_hears_typed_answers_too(services):
    from domain.books.shops import find_user_by_phone, set_user_voice_replies
    from domain.store.uow import SqlUnitOfWork
    from tests.integration.bot.turn_fixtures import SHARMA_OWNER

    with SqlUnitOfWork(services.session_factory) as uow:
        user = find_user_by_phone(uow, SHARMA_OWNER)
        set_user_voice_replies(uow, user.shop_id, user.id, True)
        uow.commit()
    replies = services.turn.handle(message("aaj ki bikri kitni hui"))
    assert any(r.media_type == "audio" for r in replies)
    assert any(r.text and r.media_type is None for r in replies)
