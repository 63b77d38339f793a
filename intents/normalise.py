"""Normalise a shopkeeper's message before anything reads it.

Guarantees: Unicode NFC, nukta and zero-width joiners removed, native digits of every Indic
script turned into ASCII digits, punctuation spaced out, Latin lower-cased, common misspellings
fixed. The result only ever contains letters, marks, ASCII digits, `.,-/%@₹?` and single spaces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-digit code points of the scripts we read; the nine that follow are consecutive.
_ZEROS = (0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66)
_DIGITS = {z + i: str(i) for z in _ZEROS for i in range(10)}
_NUKTAS = {0x093C, 0x09BC, 0x0A3C, 0x0ABC, 0x0B3C, 0x0CBC}
_DROP = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD}
_TABLE: dict[int, str | None] = {**_DIGITS, **dict.fromkeys(_NUKTAS | _DROP)}
# Danda, double danda, quotes and other separators become spaces.
_TABLE[ord(":")] = ","
_TABLE[ord(";")] = ","
for _ch in "।॥|\"'`“”‘’!()[]{}<>*~^=+_#&\\…":
    _TABLE[ord(_ch)] = " "
# Precomposed nukta letters decompose under NFD; composing them back after dropping the nukta
# leaves the plain letter (ज़ -> ज, ਸ਼ -> ਸ).
_NUKTA_LETTERS = {
    "क़": "क", "ख़": "ख", "ग़": "ग", "ज़": "ज", "ड़": "ड", "ढ़": "ढ", "फ़": "फ", "य़": "य",
    "ਖ਼": "ਖ", "ਗ਼": "ਗ", "ਜ਼": "ਜ", "ਫ਼": "ਫ", "ਲ਼": "ਲ", "ਸ਼": "ਸ", "ড়": "ড", "ঢ়": "ঢ", "য়": "য",
}

_SPACE_PUNCT = re.compile(r"\s*([,?/₹@])\s*")
_FRACTION = re.compile(r"(?<![\d/])\b([1-3]) ?/ ?([24])\b(?![/\d])")
_MULTI_SPACE = re.compile(r"\s+")
_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_DASH = re.compile(r"(?<![a-z0-9])-|-(?![a-z0-9])")
_COMMA_NUMBER = re.compile(r"(?<=\d),(?=\d)")
# "২টো ডিম", "3টা সাবান": a Bengali counting suffix on a numeral says nothing more than the numeral
_CLASSIFIER = re.compile(r"(?<=\d) ?(?:টা|টি|টো|টে|খানা|খানি)(?![\u0980-\u09ff])")

# Common misspellings and spelling variants, Latin only, whole words.
MISSPELLINGS = {
    "udhar": "udhaar", "udar": "udhaar", "udhr": "udhaar", "uddhar": "udhaar", "udhari": "udhaar",
    "chini": "cheeni", "cheene": "cheeni", "shakar": "shakkar", "suger": "sugar", "shuger": "sugar",
    "recieved": "received", "recived": "received", "recevied": "received", "payed": "paid",
    "purchse": "purchase", "purcahse": "purchase", "puchase": "purchase", "sael": "sale",
    "kharida": "kharida", "kharidaa": "kharida", "khareeda": "kharida", "khareedi": "kharidi",
    "becha": "becha", "bechaa": "becha", "bechha": "becha", "beecha": "becha",
    "kitnaa": "kitna", "kitana": "kitna", "kitne": "kitne", "kithna": "kitna",
    "paisa": "paise", "paisay": "paise", "rupay": "rupaye", "rupye": "rupaye", "rupee": "rupees",
    "rs.": "rs", "rupya": "rupaye", "rupe": "rupaye", "rupai": "rupaye", "ruppai": "rupaye",
    "rupiye": "rupaye", "rupees.": "rupees", "ruppees": "rupees", "rupess": "rupees",
    "litre": "litre", "liter": "litre", "ltr": "litre", "lit": "litre", "litres": "litre", "liters": "litre",
    "kilo": "kilo", "kilos": "kilo", "kgs": "kg", "killo": "kilo",
    "hazar": "hazaar", "hajar": "hazaar", "hazzar": "hazaar", "hajaar": "hazaar", "hazaar": "hazaar",
    "thousend": "thousand", "thousnd": "thousand", "hundread": "hundred",
    "stok": "stock", "stcok": "stock", "prise": "price", "pric": "price",
    "gpay": "gpay", "g-pay": "gpay", "googlepay": "gpay", "phonpe": "phonepe", "fonepe": "phonepe",
    "paytym": "paytm", "payment": "payment", "pement": "payment", "paymnt": "payment",
    "mahina": "mahine", "mahinay": "mahine", "hafta": "hafte", "haftay": "hafte",
    "pichle": "pichhle", "pichla": "pichhle", "pichhla": "pichhle", "pichhli": "pichhle", "pichli": "pichhle",
}
_WORD = re.compile(r"[a-z][a-z.\-]*")
# GST forms spelt out in Indic scripts read as their Latin names.
_ACRONYMS = {"जीएसटीआर": "gstr", "जी एस टी आर": "gstr", "ஜிஎஸ்டிஆர்": "gstr", "ਜੀਐਸਟੀਆਰ": "gstr", "જીએસટીઆર": "gstr",
             "జీఎస్టీఆర్": "gstr", "ಜಿಎಸ್ಟಿಆರ್": "gstr", "ജിഎസ്ടിആർ": "gstr", "জিএসটিআর": "gstr",
             "सीएमपी": "cmp", "சிஎம்பி": "cmp", "3बी": "3b", "३बी": "3b"}


def _fix_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return MISSPELLINGS.get(word, word)


_HALVES = {"one": "1.5", "two": "2.5", "three": "3.5", "four": "4.5", "five": "5.5"}
_AND_A_HALF = re.compile(r"\b(one|two|three|four|five) and a half\b")
_HALF_A = re.compile(r"\bhalf an? ")
_A_UNIT = re.compile(r"\b(?<!half )an? (dozen|kilo|kg|litre|liter|packet|pack|box|bag|piece)\b")  # "a dozen eggs"


_ONES = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), 1)}
_TENS = {w: i for i, w in enumerate(("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
                                     ).split(), 10)} | {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
# "sold for one forty", "at two fifty": spoken English prices say the hundreds and the rest as two numbers
_SPOKEN_PRICE = re.compile(r"\b(for|at|rs|rupees|₹|price|paid|total|is|of) (one|two|three|four|five|six|seven|eight|nine) "
                           r"(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty"
                           r"|forty|fifty|sixty|seventy|eighty|ninety)(?: (one|two|three|four|five|six|seven|eight|nine))?\b"
                           r"(?! (?:hundred|thousand|kg|kilo|kilos|g|grams|litre|litres|packets?|pieces?|pcs))")


def _spoken_price(match: re.Match[str]) -> str:
    tens = _TENS[match.group(3)] + (_ONES[match.group(4)] if match.group(4) and _TENS[match.group(3)] >= 20 else 0)
    if match.group(4) and _TENS[match.group(3)] < 20:
        return match.group(0)
    return f"{match.group(1)} {_ONES[match.group(2)] * 100 + tens}"


def _fraction(match: re.Match[str]) -> str:
    """"1/2 kilo" -> "0.5 kilo"; only halves and quarters, so dates like 15/11 stay dates."""
    num, den = int(match.group(1)), int(match.group(2))
    if num >= den:
        return match.group(0)
    return str(num / den)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Return the canonical form of `text` that every later stage reads. Kept per text: a shop's index
    is rebuilt whenever its catalog changes, and normalises the lexicon's same five thousand forms
    (about 20,000 calls) each time."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    for composed, plain in _NUKTA_LETTERS.items():
        if composed in text:
            text = text.replace(composed, plain)
    text = text.translate(_TABLE).casefold()
    text = _COMMA_NUMBER.sub("", text)
    text = _CLASSIFIER.sub("", text)
    text = _FRACTION.sub(_fraction, text)
    text = _AND_A_HALF.sub(lambda m: _HALVES[m.group(1)], text)
    text = _HALF_A.sub("half ", text)
    text = _A_UNIT.sub(r"1 \1", text)
    text = _SPOKEN_PRICE.sub(_spoken_price, text)
    text = _DOT.sub(" ", text)
    text = _DASH.sub(" ", text)
    text = _SPACE_PUNCT.sub(r" \1 ", text)
    text = _MULTI_SPACE.sub(" ", text).strip()
    text = _WORD.sub(_fix_word, text)
    for native, latin in _ACRONYMS.items():
        if native in text:
            text = text.replace(native, latin)
    return text
