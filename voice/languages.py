"""The ten languages Munshi speaks, as each speech engine names them, and a script check.

`LANGUAGES` maps ISO codes to Transcribe codes, Polly codes (hi, en only), espeak-ng voices and
scripts; `script_matches` tells a transcript in the wrong script (Hindi written in Arabic letters).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from voice.errors import LanguageNotSupported


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as in TOOLS.md
    transcribe: str  # Amazon Transcribe LanguageCode
    espeak_voice: str
    script: str  # ISO 15924 code of the script the language is written in
    polly: str | None = None  # Polly LanguageCode, only where Polly has an Indian voice


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("hi", "hi-IN", "hi", "Deva", polly="hi-IN"),
        Language("en", "en-IN", "en", "Latn", polly="en-IN"),
        Language("ta", "ta-IN", "ta", "Taml"),
        Language("te", "te-IN", "te", "Telu"),
        Language("bn", "bn-IN", "bn", "Beng"),
        Language("mr", "mr-IN", "mr", "Deva"),
        Language("gu", "gu-IN", "gu", "Gujr"),
        Language("kn", "kn-IN", "kn", "Knda"),
        Language("ml", "ml-IN", "ml", "Mlym"),
        Language("pa", "pa-IN", "pa", "Guru"),
    )
}

# Unicode blocks of the scripts we meet: (first code point, last code point, ISO 15924 code).
_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "Latn"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0xA8E0, 0xA8FF, "Deva"),
)


def language(code: str) -> Language:
    """The language with this ISO code (a region suffix such as `hi-IN` is accepted)."""
    key = (code or "").split("-", 1)[0].split("_", 1)[0].lower()
    try:
        return LANGUAGES[key]
    except KeyError:
        raise LanguageNotSupported(code) from None


def char_script(char: str) -> str | None:
    """The ISO 15924 script of one letter or mark; None for digits, spaces, punctuation, symbols."""
    if not unicodedata.category(char).startswith(("L", "M")):
        return None
    point = ord(char)
    for first, last, script in _BLOCKS:
        if first <= point <= last:
            return script
    return "Zyyy"


def script_counts(text: str) -> Counter[str]:
    return Counter(s for s in map(char_script, text) if s is not None)


def script_of(text: str) -> str | None:
    """The script most letters of `text` are written in; None when it has no letters."""
    counts = script_counts(text)
    return counts.most_common(1)[0][0] if counts else None


def script_matches(text: str, lang: str) -> bool:
    """True when `text` is written in the language's own script, or in Latin letters (romanized
    Hindi, Tanglish, English words are fine for the parser); False for any other script."""
    found = script_of(text)
    return found is None or found in {language(lang).script, "Latn"}
