"""Which language a reply is written in: the message's when it is clearly one supported language, else the
conversation's (or the user's); a language the user fixed wins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.conversation.context import TurnContext
from bot.conversation.dialogue import DialogueState
from bot.conversation.messages import InboundMessage
from bot.conversation.turn import _reply_language


@dataclass(frozen=True)
class User:
    language: str = "hi"
    language_locked: bool = False


def _ctx(user: User, last_lang: str | None = None, romanized: bool = False) -> TurnContext:
    inbound = InboundMessage(id=1, channel="web", provider_message_id="x", from_phone="+919800000001",
                             received_at=datetime(2026, 11, 20, tzinfo=UTC))
    return TurnContext(deps=None, inbound=inbound, dialogue=DialogueState(lang=last_lang, romanized=romanized),
                       now=inbound.received_at, user=user)


def test_a_tamil_message_is_answered_in_tamil_though_the_profile_says_hindi():
    assert _reply_language(_ctx(User("hi")), "ta", False, "இன்றைய விற்பனை", "Taml") == ("ta", False)


def test_romanized_hindi_is_answered_in_hinglish():
    assert _reply_language(_ctx(User("hi")), "hi", True, "aaj ki bikri", "Latn") == ("hi", True)


def test_devanagari_is_answered_in_devanagari():
    assert _reply_language(_ctx(User("hi")), "hi", False, "आज की बिक्री", "Deva") == ("hi", False)


def test_one_latin_word_keeps_the_conversations_language():
    assert _reply_language(_ctx(User("hi"), last_lang="hi", romanized=True), "en", False, "ok", "Latn") == ("hi", True)


def test_one_word_in_an_indic_script_keeps_the_conversations_language():
    assert _reply_language(_ctx(User("hi"), last_lang="hi"), "ta", False, "ஆமா", "Taml") == ("hi", False)


def test_a_garbled_transcript_keeps_the_conversations_language():
    ctx = _ctx(User("hi"), last_lang="hi", romanized=True)
    assert _reply_language(ctx, "ta", True, "…terrain moshan, credit", "Latn") == ("hi", True)


def test_an_unsupported_language_or_an_emoji_keeps_the_users_language():
    for text in ("میں نے چینی بیچی", "je voudrais acheter du sucre", "👍👍"):
        assert _reply_language(_ctx(User("ta")), "en", False, text, "Latn") == ("ta", False), text


def test_a_clear_message_in_another_language_switches():
    assert _reply_language(_ctx(User("hi"), last_lang="hi"), "ta", False, "இன்னைக்கு எவ்வளவு விற்பனை", "Taml") == ("ta", False)


def test_a_fixed_language_wins_over_the_message():
    assert _reply_language(_ctx(User("ta", language_locked=True)), "en", False, "today's sales", "Latn") == ("ta", False)
