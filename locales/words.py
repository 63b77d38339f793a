"""Amounts in words for invoices: "Rupees Two Lakh Forty-Five Thousand Only".

English (lakh/crore, num2words' en_IN), Hindi (Devanagari, from the table of Hindi number words
below, as no maintained library spells Hindi numbers), and Bengali and Telugu through num2words.
Kannada is left out on purpose: num2words 0.5.14 spells 2,45,000 as "two one lakh ...". Romanized
Hindi invoices use the English words, as Indian invoices do. Other languages raise
`AmountInWordsUnsupported`; the caller then prints the English words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from indic_numtowords import num2words as indic_num2words
from num2words import num2words

from locales.formats import round_to_paise
from locales.languages import HINGLISH, catalog_id

WORDS_LANGUAGES: tuple[str, ...] = ("en", "hi", HINGLISH, "bn", "te")


class AmountInWordsUnsupported(ValueError):
    """No trustworthy way to spell amounts in this language."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.lang = lang


class NegativeAmount(ValueError):
    """Invoices spell amounts of zero or more only."""


_HI_0_99 = (
    "शून्य एक दो तीन चार पाँच छह सात आठ नौ "
    "दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस "
    "बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस "
    "तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस "
    "चालीस इकतालीस बयालीस तैंतालीस चौवालीस पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास "
    "पचास इक्यावन बावन तिरपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ "
    "साठ इकसठ बासठ तिरसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर "
    "सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी "
    "अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी "
    "नब्बे इक्यानबे बानबे तिरानबे चौरानबे पचानबे छियानबे सत्तानबे अट्ठानबे निन्यानबे"
).split()
assert len(_HI_0_99) == 100


def hindi_number_words(n: int) -> str:
    """A whole number in Hindi words with Indian grouping: 245000 -> दो लाख पैंतालीस हज़ार."""
    if n < 0:
        raise NegativeAmount(n)
    if n < 100:
        return _HI_0_99[n]
    parts: list[str] = []
    crore, n = divmod(n, 10_000_000)
    lakh, n = divmod(n, 100_000)
    thousand, n = divmod(n, 1000)
    hundred, rest = divmod(n, 100)
    if crore:
        parts += [hindi_number_words(crore), "करोड़"]
    if lakh:
        parts += [_HI_0_99[lakh], "लाख"]
    if thousand:
        parts += [_HI_0_99[thousand], "हज़ार"]
    if hundred:
        parts += [_HI_0_99[hundred], "सौ"]
    if rest:
        parts.append(_HI_0_99[rest])
    return " ".join(parts)


def _english(n: int) -> str:
    text = num2words(n, lang="en_IN").replace(",", "")
    words = [w for w in text.split() if w != "and"]
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words)


def _split(amount: Any) -> tuple[int, int]:
    value = round_to_paise(amount)
    if value < 0:
        raise NegativeAmount(str(value))
    rupees = int(value)
    paise = int((value - Decimal(rupees)) * 100)
    return rupees, paise


def amount_in_words(amount: Any, lang: str = "en") -> str:
    """The amount spelt out for an invoice, rupees and paise, in the language's usual form."""
    locale = catalog_id(lang)
    rupees, paise = _split(amount)
    if locale in ("en", HINGLISH):
        text = "Rupees " + _english(rupees)
        if paise:
            text += " and " + _english(paise) + " Paise"
        return text + " Only"
    if locale == "hi":
        text = hindi_number_words(rupees) + " रुपये"
        if paise:
            text += " और " + hindi_number_words(paise) + " पैसे"
        return text + " मात्र"
    if locale == "bn":
        text = num2words(rupees, lang="bn") + " টাকা"
        if paise:
            text += " " + num2words(paise, lang="bn") + " পয়সা"
        return text + " মাত্র"
    if locale == "te":
        text = num2words(rupees, lang="te") + " రూపాయలు"
        if paise:
            text += " " + num2words(paise, lang="te") + " పైసలు"
        return " ".join((text + " మాత్రమే").split())
    raise AmountInWordsUnsupported(lang)


# Languages spelt by indic-numtowords for invoices: (rupees, paise, "only"). Kannada stays out,
# as above (its thousands come out in the genitive).
_INDIC_WORDS = {
    "ta": ("ரூபாய்", "பைசா", "மட்டும்"), "mr": ("रुपये", "पैसे", "फक्त"), "gu": ("રૂપિયા", "પૈસા", "પૂરા"),
    "ml": ("രൂപ", "പൈസ", "മാത്രം"), "pa": ("ਰੁਪਏ", "ਪੈਸੇ", "ਸਿਰਫ਼"),
}


def _indic_words(amount: Any, lang: str) -> str:
    rupee, paisa, only = _INDIC_WORDS[lang]
    rupees, paise = _split(amount)
    text = f"{indic_num2words(rupees, lang=lang)} {rupee}"
    if paise:
        text += f" {indic_num2words(paise, lang=lang)} {paisa}"
    return " ".join(f"{text} {only}".replace("\u200c", "").split())


def local_amount_in_words(amount: Any, lang: str) -> str | None:
    """The amount in words in the language when it is not English and can be spelt, else None
    (an invoice then carries the English words alone)."""
    locale = catalog_id(lang)
    if locale in ("en", HINGLISH):
        return None
    try:
        return _indic_words(amount, locale) if locale in _INDIC_WORDS else amount_in_words(amount, lang)
    except (AmountInWordsUnsupported, NegativeAmount):
        return None
