"""The languages Munshi answers in, their catalog ids, and which one a reply is written in.

Ten languages, plus romanized Hindi (Hinglish) as a catalog of its own (`hi_Latn`). The reply
language follows what the user writes unless they fixed one with `set_language`.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "hi", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa")
HINGLISH = "hi_Latn"
CATALOG_IDS: tuple[str, ...] = (*LANGUAGES, HINGLISH)

# Each language's own name, as a user would pick it ("language.set" shows this).
NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "hi": "हिन्दी",
    HINGLISH: "Hinglish",
    "ta": "தமிழ்",
    "te": "తెలుగు",
    "bn": "বাংলা",
    "mr": "मराठी",
    "gu": "ગુજરાતી",
    "kn": "ಕನ್ನಡ",
    "ml": "മലയാളം",
    "pa": "ਪੰਜਾਬੀ",
}

# Languages whose romanized form gets a Latin-script catalog back; only Hindi has one.
_ROMANIZED_CATALOGS = {"hi": HINGLISH}


class UnsupportedLanguage(ValueError):
    """A language code that has no catalog."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.lang = lang


def catalog_id(lang: str, romanized: bool = False) -> str:
    """The catalog for a language code ("hi", romanized -> "hi_Latn"; "hi_Latn" is accepted too)."""
    code = (lang or "").strip().replace("-", "_")
    if code == HINGLISH or code.lower() == HINGLISH.lower():
        return HINGLISH
    code = code.split("_")[0].lower()
    if code not in LANGUAGES:
        raise UnsupportedLanguage(lang)
    if romanized:
        return _ROMANIZED_CATALOGS.get(code, code)
    return code


def base_language(lang: str) -> str:
    """The ISO 639-1 code of a catalog id ("hi_Latn" -> "hi")."""
    return (lang or "").replace("-", "_").split("_")[0].lower()


def choose_reply_language(
    user_lang: str | None,
    language_locked: bool,
    detected_lang: str | None,
    romanized: bool = False,
) -> str:
    """The catalog id a reply is written in.

    A user who fixed a language with `set_language` always gets it (Hindi-fixed users writing in
    Latin letters still get Hinglish, as that is still Hindi). Otherwise the language of the
    message wins when it was detected and is one of ours; else the profile's; else English.
    `romanized` is whether the message was written in Latin letters.
    """
    profile = _known(user_lang)
    detected = _known(detected_lang)
    if detected is not None:
        detected = base_language(detected)
    if language_locked and profile:
        if base_language(profile) == "hi" and detected == "hi":
            return catalog_id("hi", romanized=romanized)
        return profile
    if detected:
        return catalog_id(detected, romanized=romanized)
    return profile or "en"


def _known(lang: str | None) -> str | None:
    if not lang:
        return None
    try:
        return catalog_id(lang)
    except UnsupportedLanguage:
        return None
