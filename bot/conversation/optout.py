"""STOP and START from people who are not users of a shop (customers Munshi reminded): STOP in any
of the ten languages means never message this number again; START undoes it. Answered in the
language the word was written in."""

from __future__ import annotations

import unicodedata

from bot.conversation.context import TurnContext
from bot.store import scheduling
from intents import detect_language
from locales.languages import base_language

STOP_WORDS = frozenset({
    "stop", "unsubscribe", "stop karo", "band karo", "बंद", "बंद करो", "रोको", "நிறுத்து", "நிறுத்துங்கள்",
    "ఆపు", "ఆపండి", "বন্ধ", "বন্ধ করুন", "थांबवा", "बंद करा", "બંધ", "બંધ કરો", "ನಿಲ್ಲಿಸಿ", "ನಿಲ್ಲಿಸು",
    "നിർത്തുക", "നിർത്തൂ", "ਬੰਦ", "ਬੰਦ ਕਰੋ",
})
START_WORDS = frozenset({
    "start", "subscribe", "shuru", "chalu karo", "शुरू", "शुरू करो", "चालू", "தொடங்கு", "ప్రారంభించు",
    "শুরু", "सुरू", "सुरू करा", "શરૂ", "શરૂ કરો", "ಪ್ರಾರಂಭಿಸಿ", "ആരംഭിക്കുക", "ਸ਼ੁਰੂ", "ਸ਼ੁਰੂ ਕਰੋ",
})


def _said(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().strip(" .!।").split())


def handle(ctx: TurnContext, text: str) -> bool:
    """Answer STOP or START from someone who is not a user of any shop; False for anything else."""
    said = _said(text)
    if said not in STOP_WORDS and said not in START_WORDS:
        return False
    phone = ctx.inbound.from_phone
    with ctx.session_factory() as session:
        if said in STOP_WORDS:
            scheduling.opt_out(session, phone, ctx.now)
        else:
            scheduling.opt_in(session, phone)
        session.commit()
    detected = detect_language(text)
    ctx.lang, ctx.romanized = base_language(detected.lang or "en"), bool(detected.romanized)
    ctx.say("optout.stopped" if said in STOP_WORDS else "optout.started", name="Munshi", stop="STOP", start="START")
    return True
