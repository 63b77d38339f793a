"""Reply text made ready to be spoken: amounts, numbers and units in words, Indian style; no markup.

"₹2,45,000" -> "दो लाख पैंतालीस हज़ार रुपये" / "two lakh forty five thousand rupees" (indic-numtowords,
lakh and crore grouping); "2 kg" -> "two kilo"; emoji, *bold* marks and links dropped. `to_ssml`
wraps the result for Polly.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

from indic_numtowords import num2words

from voice.languages import language, script_of

_LARGEST = 999_999_999  # indic-numtowords spells up to 99 crore
_RUPEES = {
    "hi": ("रुपये", "पैसे"), "en": ("rupees", "paise"), "ta": ("ரூபாய்", "பைசா"),
    "te": ("రూపాయలు", "పైసలు"), "bn": ("টাকা", "পয়সা"), "mr": ("रुपये", "पैसे"),
    "gu": ("રૂપિયા", "પૈસા"), "kn": ("ರೂಪಾಯಿ", "ಪೈಸೆ"), "ml": ("രൂപ", "പൈസ"), "pa": ("ਰੁਪਏ", "ਪੈਸੇ"),
}  # fmt: skip
_POINT = {
    "hi": "दशमलव", "en": "point", "ta": "புள்ளி", "te": "పాయింట్", "bn": "দশমিক", "mr": "दशांश",
    "gu": "દશાંશ", "kn": "ದಶಮಾಂಶ", "ml": "ദശാംശം", "pa": "ਦਸ਼ਮਲਵ",
}  # fmt: skip

_AMOUNT = re.compile(r"(?:₹|\bRs\.?|\bINR)\s?(\d[\d,]*)(?:\.(\d{1,2}))?(?!\d)", re.IGNORECASE)
# A number standing alone; digits inside identifiers (SI/2026-27/0042, 02/11/2026, GSTINs) are left.
_NUMBER = re.compile(r"(?<![\w./-])(\d{1,3}(?:,\d{2,3})+|\d+)(?:\.(\d+))?(?![\w/-])")
_UNIT = re.compile(r"(\d)\s?(kgs?|Kgs?|KGS?|gms?|g|ltrs?|l|L|ml|pcs?)\b")
_UNIT_WORDS = {
    "Latn": {"kg": "kilo", "g": "gram", "l": "litre", "ml": "millilitre", "pc": "piece"},
    "Deva": {"kg": "किलो", "g": "ग्राम", "l": "लीटर", "ml": "मिलीलीटर", "pc": "पीस"},
}
_LINK = re.compile(r"https?://\S+|upi://\S+|www\.\S+", re.IGNORECASE)
_FORMATTING = re.compile(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)")
_PAUSES = str.maketrans({"·": ",", "•": ",", "|": ",", "—": ",", "–": ","})
_DROP = frozenset({"\ufe0f", "\ufe0e", "\u20e3"})


def number_words(value: int, lang: str) -> str:
    """A whole number in words in the language, Indian grouping (lakh, crore); digits past 99 crore."""
    code = language(lang).code
    if value < 0:
        return "minus " + number_words(-value, code)
    if value > _LARGEST:
        return str(value)
    return str(num2words(value, lang=code)).strip()


def decimal_words(whole: str, fraction: str, lang: str) -> str:
    """"1.5" -> "one point five": the whole part in words, then each fractional digit."""
    code = language(lang).code
    digits = " ".join(number_words(int(d), code) for d in fraction)
    return f"{number_words(int(whole), code)} {_POINT[code]} {digits}"


def _amount_words(rupees: str, paise: str | None, lang: str) -> str:
    code = language(lang).code
    rupee_word, paise_word = _RUPEES[code]
    words = f"{number_words(int(rupees.replace(',', '')), code)} {rupee_word}"
    if paise and int(paise.ljust(2, "0")):
        words += f" {number_words(int(paise.ljust(2, '0')), code)} {paise_word}"
    return words


def _unit_words(text: str, lang: str) -> str:
    """"2 kg" -> "2 kilo" (or "2 किलो" in Devanagari text): engines spell out "kg" letter by letter."""
    script = script_of(text) or "Latn"
    words = _UNIT_WORDS.get(script, _UNIT_WORDS["Latn"])

    def unit(match: re.Match) -> str:
        abbreviation = match.group(2).lower().rstrip("s")
        key = {"gm": "g", "ltr": "l"}.get(abbreviation, abbreviation)
        return f"{match.group(1)} {words[key]}"

    return _UNIT.sub(unit, text)


def _strip_symbols(text: str) -> str:
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in _DROP or category in ("So", "Cs", "Co", "Cn") or (category == "Sk" and ord(char) > 0x2000):
            continue
        kept.append(char)
    return "".join(kept)


def speakable(text: str, lang: str) -> str:
    """The reply text as it should be spoken in `lang`: amounts and numbers in words, no emoji,
    no formatting marks, no links, one line per sentence group."""
    code = language(lang).code
    text = _LINK.sub("", text)
    text = _FORMATTING.sub("", text)
    text = _strip_symbols(text).translate(_PAUSES)
    text = _AMOUNT.sub(lambda m: _amount_words(m.group(1), m.group(2), code), text)
    text = _unit_words(text, code)

    def number(match: re.Match) -> str:
        whole = match.group(1).replace(",", "")
        if match.group(2):
            return decimal_words(whole, match.group(2), code)
        try:
            return number_words(int(Decimal(whole)), code)
        except InvalidOperation:
            return match.group(0)

    text = _NUMBER.sub(number, text)
    text = re.sub(r"[ \t]+([,.;:!?])", r"\1", text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line.strip(" ,.:;-"))


def to_ssml(text: str, lang: str, *, pause_ms: int = 350) -> str:
    """Polly SSML: the speakable text, escaped, a short pause between lines."""
    lines = [escape(line) for line in speakable(text, lang).splitlines()]
    return "<speak>" + f'<break time="{pause_ms}ms"/>'.join(lines) + "</speak>"


def plain_length(ssml: str) -> int:
    """Characters Polly bills for an SSML text: everything outside the tags."""
    return len(re.sub(r"<[^>]+>", "", ssml))
