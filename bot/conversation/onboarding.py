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
from bot.conversation.messages import Reply
from bot.conversation.replies import render_outcome
from domain.errors import DuplicateShop
from domain.places import is_place, state_from_text
from intents import detect_language, parse
from intents.profile import GSTIN, VPA
from intents.vocab import ShopVocabulary
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


def handle(ctx, heard: str | None = None) -> None:
    """One step of onboarding for `ctx` (a `bot.conversation.context.TurnContext` whose sender has no user
    yet); `heard` is a voice note's transcript, answered as if typed."""

    dialogue = ctx.dialogue
    text = (heard or ctx.inbound.text or ctx.inbound.button_payload or "").strip()
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
        if not name or _is_greeting(name):
            ctx.say("onboarding.ask_shop_name")
            return
        dialogue.onboarding["shop_name"] = name
        dialogue.state = State.ONBOARDING_LANGUAGE
        ctx.say("onboarding.ask_language")
        return
    if dialogue.state is State.ONBOARDING_LANGUAGE:
        chosen = parse_language(text)
        if chosen is None and is_skip(text):
            chosen = (dialogue.lang or "en", dialogue.romanized)
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
    if owner and not is_person_name(owner, dialogue.onboarding.get("shop_name", "")):
        ctx.say("onboarding.owner_not_name")
        return
    if not owner:
        ctx.say("onboarding.ask_owner_name")
        return
    shop, user = _create_shop(ctx, dialogue.onboarding["shop_name"], owner, dialogue.onboarding.get("language", "en"))
    ctx.shop, ctx.user = shop, user
    dialogue.onboarding = {}
    dialogue.state = State.IDLE
    log.info("shop_onboarded", shop_id=shop.id)
    ctx.say("onboarding.done", shop=shop.name)
    _ask_profile(ctx, "state")


# Words that make a name a shop's, not a person's.
SHOP_WORDS = ("store", "stores", "kirana", "general", "traders", "trading", "mart", "shop", "enterprises", "agency",
              "agencies", "supermarket", "provision", "provisions", "bhandar", "dukaan", "dukan", "emporium",
              "स्टोर", "स्टोर्स", "किराना", "भंडार", "दुकान", "ट्रेडर्स", "ஸ்டோர்", "ஸ்டோர்ஸ்", "கடை", "மளிகை",
              "స్టోర్", "దుకాణం", "স্টোর", "দোকান", "ভান্ডার", "दुकान", "સ્ટોર", "ದುಕಾನ", "ಸ್ಟೋರ್", "സ്റ്റോർ", "ਸਟੋਰ")


def _is_greeting(text: str) -> bool:

    return parse(text, ShopVocabulary()).tool == "greeting"


def is_person_name(name: str, shop_name: str = "") -> bool:
    """Whether an answer to "your name?" can be a person's name: not a city or a state, not the shop's
    name or a name with a shop's word in it, not a greeting, no digits."""

    words = unicodedata.normalize("NFC", name).casefold().split()
    if any(ch.isdigit() for ch in name) or is_place(name) or _is_greeting(name):
        return False
    if shop_name and name.casefold().strip() == shop_name.casefold().strip():
        return False
    return not any(w.strip(".,") in SHOP_WORDS for w in words)


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


# ---------------------------------------------------------------- the profile, after the shop exists

PROFILE_STEPS = ("state", "gst", "gstin", "upi")
SKIP_WORDS = ("baad mein", "baad me", "bad me", "bad mein", "baadme", "later", "skip", "not now", "abhi nahi",
              "बाद में", "बाद मे", "अभी नहीं", "பிறகு", "அப்புறம்", "aprom", "apram", "piragu", "తర్వాత", "পরে",
              "नंतर", "પછી", "ನಂತರ", "പിന്നീട്", "ਬਾਅਦ ਵਿੱਚ", "ਬਾਅਦ ਚ", "chhodo", "chodo", "रहने दो")
SCHEME_WORDS = {
    "regular": ("1", "regular", "रेगुलर", "ரெகுலர்", "normal", "registered"),
    "composition": ("2", "composition", "कंपोजिशन", "कंपोज़िशन", "காம்போசிஷன்", "compo"),
    "unregistered": ("3", "no", "nahi", "nahin", "नहीं", "unregistered", "not registered", "registered nahi",
                     "illa", "இல்லை", "none", "no gst", "gst nahi", "nope", "ledu", "లేదు", "না", "नाही", "ના",
                     "ಇಲ್ಲ", "ഇല്ല", "ਨਹੀਂ", "वेंडाम्", "வேண்டாம்"),
}
_QUESTIONS = {"state": "onboarding.ask_state", "gst": "onboarding.ask_gst", "gstin": "onboarding.ask_gstin",
              "upi": "onboarding.ask_upi"}
EXAMPLE_VPA = "ramesh@okaxis"


def _ask_profile(ctx, step: str) -> None:
    ctx.dialogue.onboarding = {"profile": step}
    if step == "upi":
        ctx.say(_QUESTIONS[step], vpa=EXAMPLE_VPA)
    else:
        ctx.say(_QUESTIONS[step])


def _next_step(step: str, scheme: str | None = None) -> str | None:
    if step == "gst" and scheme == "unregistered":
        return "upi"
    index = PROFILE_STEPS.index(step) + 1
    return PROFILE_STEPS[index] if index < len(PROFILE_STEPS) else None


def _advance(ctx, step: str, scheme: str | None = None) -> None:
    nxt = _next_step(step, scheme)
    if nxt is None:
        ctx.dialogue.onboarding = {}
        ctx.say("onboarding.finished", vpa=EXAMPLE_VPA)
        ctx.say("help.text")
        return
    _ask_profile(ctx, nxt)


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().strip(" .!?,।").split())


def is_skip(text: str) -> bool:
    words = _words(text)
    return any(words == w or words.startswith(w + " ") or words.endswith(" " + w) for w in SKIP_WORDS)


def parse_scheme(text: str) -> str | None:
    """The scheme a short answer names; a longer message ("2 kilo cheeni becha") is no answer, and a
    digit counts only alone."""
    words = _words(text)
    tokens = set(words.split())
    if len(tokens) > 4:
        return None
    for scheme, names in SCHEME_WORDS.items():  # the whole answer, or a phrase of it ("registered nahi")
        if words in names or any(n in words for n in names if " " in n):
            return scheme
    for scheme, names in SCHEME_WORDS.items():
        if any(n in tokens for n in names if " " not in n and not n.isdigit()):
            return scheme
    return None


def profile_step(ctx, text: str) -> bool:
    """One answer to a profile question of a shop that exists; False when `text` is no answer to it
    (it is then handled as any message, and the question waits to be resumed)."""
    step = (ctx.dialogue.onboarding or {}).get("profile")
    if step not in PROFILE_STEPS or ctx.user is None or ctx.user.role != "owner":
        return False
    if is_skip(text):
        _advance(ctx, step)
        return True
    handler = {"state": _answer_state, "gst": _answer_gst, "gstin": _answer_gstin, "upi": _answer_upi}[step]
    return handler(ctx, text)


def resume(ctx) -> None:
    """Ask the waiting profile question again, once, after a message that did not answer it."""
    onboarding = ctx.dialogue.onboarding or {}
    step = onboarding.get("profile")
    asking = ctx.dialogue.learning is not None or ctx.dialogue.pending is not None
    if step in PROFILE_STEPS and not onboarding.get("nudged") and not asking and ctx.user is not None and (
            ctx.user.role == "owner"):
        _ask_profile(ctx, step)
        ctx.dialogue.onboarding["nudged"] = "1"


def _update(ctx, **fields) -> bool:
    outcome = ctx.run_tool("set_shop_profile", fields, message_id=f"{ctx.inbound.message_key}:profile")
    if outcome.ok:

        ctx.replies.append(Reply(text=render_outcome(outcome, ctx.lang, ctx.romanized, today=ctx.today,
                                                     undo_hint=False)))
    return bool(outcome.ok)


def _answer_state(ctx, text: str) -> bool:

    found = state_from_text(text)
    if found is None:
        return False
    _update(ctx, state=text)
    _advance(ctx, "state")
    return True


def _answer_gst(ctx, text: str) -> bool:
    scheme = parse_scheme(text)
    if scheme is None:
        return False
    _update(ctx, gst_scheme=scheme)
    _advance(ctx, "gst", scheme)
    return True


def _answer_gstin(ctx, text: str) -> bool:

    found = GSTIN.search(text)
    if found is None:
        return False
    if not _update(ctx, gstin=found.group(1).upper()):
        ctx.say("onboarding.bad_gstin")
        return True
    _advance(ctx, "gstin")
    return True


def _answer_upi(ctx, text: str) -> bool:

    found = VPA.search(text)
    if found is None:
        if "@" in text:
            ctx.say("onboarding.bad_upi", vpa=EXAMPLE_VPA)
            return True
        return False
    if not _update(ctx, upi_id=found.group(1)):
        ctx.say("onboarding.bad_upi", vpa=EXAMPLE_VPA)
        return True
    _advance(ctx, "upi")
    return True
