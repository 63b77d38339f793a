"""Onboarding of an unknown number: a short guided dialogue that opens a shop.

Shop name -> reply language (the ten, or Hinglish) -> owner's name -> the shop is created with its
chart of accounts and the sender as its owner, then a welcome with a hint of what to try. Each
answer is kept in the dialogue state, so a dropped or retried message resumes where it stood.
"""

from __future__ import annotations

import re
import unicodedata

from indic_transliteration import detect, sanscript

from bot.app.observability import get_logger
from bot.conversation.dialogue import State
from domain.errors import DuplicateShop
from intents import detect_language
from tools import directory

log = get_logger("munshi.onboarding")

MAX_NAME = 80

# The home state a new shop defaults to, by the language its owner chose (GST place of supply);
# a shop elsewhere corrects it later. English-speaking shops default to Delhi.
DEFAULT_STATE_CODE = {
    "hi": "09", "en": "07", "ta": "33", "te": "36", "bn": "19", "mr": "27", "gu": "24", "kn": "29", "ml": "32",
    "pa": "03",
}

# What a new user may answer to "which language?": codes, English names, native names, Hinglish.
_LANGUAGE_WORDS = {
    "en": ("en", "english", "angrezi", "angrezi"),
    "hi": ("hi", "hindi", "हिन्दी", "हिंदी"),
    "ta": ("ta", "tamil", "தமிழ்", "tamizh"),
    "te": ("te", "telugu", "తెలుగు"),
    "bn": ("bn", "bengali", "bangla", "বাংলা"),
    "mr": ("mr", "marathi", "मराठी"),
    "gu": ("gu", "gujarati", "ગુજરાતી"),
    "kn": ("kn", "kannada", "ಕನ್ನಡ"),
    "ml": ("ml", "malayalam", "മലയാളം"),
    "pa": ("pa", "punjabi", "panjabi", "ਪੰਜਾਬੀ"),
}
_HINGLISH_WORDS = ("hinglish", "roman hindi", "hindi english", "hi_latn")


def parse_language(answer: str) -> tuple[str, bool] | None:
    """(language code, romanized) for an answer to the language question, or None."""
    words = unicodedata.normalize("NFC", answer).strip().lower().strip(".!?,")
    if not words:
        return None
    if words in _HINGLISH_WORDS or "hinglish" in words:
        return "hi", True
    for token in [words, *re.split(r"[\s,/]+", words)]:
        for code, names in _LANGUAGE_WORDS.items():
            if token in names:
                return code, False
    return None


def slugify(name: str, phone: str) -> str:
    """A URL-safe slug of the shop's name; names in Indic scripts fall back to the phone's last digits."""

    text = unicodedata.normalize("NFC", name)
    if not text.isascii():
        try:
            text = sanscript.transliterate(text, detect.detect(text), sanscript.ITRANS)
        except Exception:  # noqa: BLE001 - a slug is cosmetic; the fallback below always works
            pass
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48]
    return slug or f"shop-{phone[-4:]}"


def handle(ctx) -> None:
    """One step of onboarding for `ctx` (a `bot.conversation.turn.TurnContext` whose sender has no user yet)."""

    dialogue = ctx.dialogue
    text = (ctx.inbound.text or ctx.inbound.button_payload or "").strip()
    if dialogue.state not in (State.ONBOARDING_SHOP_NAME, State.ONBOARDING_LANGUAGE, State.ONBOARDING_OWNER_NAME):
        # First contact: greet in the language they wrote in, then ask for the shop's name.
        detected = detect_language(text) if text else None
        ctx.lang = _known(detected.lang if detected else None) or "en"
        ctx.romanized = bool(detected and detected.romanized and ctx.lang == "hi")
        dialogue.lang, dialogue.romanized = ctx.lang, ctx.romanized
        dialogue.onboarding = {}
        dialogue.state = State.ONBOARDING_SHOP_NAME
        ctx.say("onboarding.welcome")
        ctx.say("onboarding.ask_shop_name")
        return
    if dialogue.state is State.ONBOARDING_SHOP_NAME:
        name = _clean_name(text)
        if not name:
            ctx.say("onboarding.ask_shop_name")
            return
        dialogue.onboarding["shop_name"] = name
        dialogue.state = State.ONBOARDING_LANGUAGE
        ctx.say("onboarding.ask_language")
        return
    if dialogue.state is State.ONBOARDING_LANGUAGE:
        chosen = parse_language(text)
        if chosen is None:
            ctx.say("onboarding.ask_language")
            return
        lang, romanized = chosen
        dialogue.onboarding["language"] = lang
        ctx.lang, ctx.romanized = lang, romanized
        dialogue.lang, dialogue.romanized = lang, romanized
        dialogue.state = State.ONBOARDING_OWNER_NAME
        ctx.say("onboarding.ask_owner_name")
        return
    owner = _clean_name(text) or _clean_name(ctx.inbound.profile_name or "")
    if not owner:
        ctx.say("onboarding.ask_owner_name")
        return
    shop, user = _create_shop(ctx, dialogue.onboarding["shop_name"], owner, dialogue.onboarding.get("language", "en"))
    ctx.shop, ctx.user = shop, user
    dialogue.onboarding = {}
    dialogue.state = State.IDLE
    log.info("shop_onboarded", shop_id=shop.id)
    ctx.say("onboarding.done", shop=shop.name)
    ctx.say("help.text")


def _create_shop(ctx, shop_name: str, owner_name: str, lang: str):
    phone = ctx.inbound.from_phone
    base = slugify(shop_name, phone)
    for slug in (base, f"{base}-{phone[-4:]}", f"{base}-{phone[-8:]}"):
        try:
            return directory.open_shop(
                ctx.session_factory, name=shop_name, slug=slug, state_code=DEFAULT_STATE_CODE.get(lang, "07"),
                owner_name=owner_name, owner_phone=phone, language=lang, now=ctx.now,
            )
        except DuplicateShop:
            continue
    raise DuplicateShop(base)


def _clean_name(text: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", text).split())
    return name[:MAX_NAME] if len(name) >= 2 else ""


def _known(lang: str | None) -> str | None:
    return lang if lang in DEFAULT_STATE_CODE else None
