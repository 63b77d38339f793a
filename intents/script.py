"""Which script a message is written in and which of the ten languages it is.

`detect_language(text)` never raises: a message with no letters is English in Latin script.
Devanagari is Hindi unless Marathi words outnumber Hindi ones; Latin text is Hindi
(Hinglish), Tamil (Tanglish) or English by counting marker words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from intents.normalise import normalise

BLOCKS = (  # (first code point, last, ISO 15924 code, language)
    (0x0900, 0x097F, "Deva", "hi"),
    (0x0980, 0x09FF, "Beng", "bn"),
    (0x0A00, 0x0A7F, "Guru", "pa"),
    (0x0A80, 0x0AFF, "Gujr", "gu"),
    (0x0B80, 0x0BFF, "Taml", "ta"),
    (0x0C00, 0x0C7F, "Telu", "te"),
    (0x0C80, 0x0CFF, "Knda", "kn"),
    (0x0D00, 0x0D7F, "Mlym", "ml"),
)
SCRIPT_LANG = {code: lang for _, _, code, lang in BLOCKS}


@dataclass(frozen=True, slots=True)
class Detected:
    lang: str
    script: str
    romanized: bool
    clear: bool = True  # enough words of one supported language to switch the reply language to it


MARATHI = frozenset(
    "आहे आहेत झाली झाला किती केले केली केला आणि विकली विकला नाही हो बरोबर शिल्लक साखर तांदूळ दिली दिला "
    "भरले भरला करा द्या मला आम्ही तुम्ही काय कसा कशी गेल्या मागील महिन्यात आठवड्यात उधारीवर दाखवा सांगा "
    "पाहिजे घेतले घेतला विकत ताई दादा आज्जी झाले पैसे दोन विकले कांदे कांदा आहेत तूप "
    "दिले दिलं दिलेत घेतली घेतलं केलं झालं आणले आणली आणला नेले नेली पाचशे कडून साठी दुकानाचं दुकानाचे भाडं "
    "पगार उधारीवर उधारी रुपयांचे रुपयाचे किलोला लिटरला गेले गेला गेली मिळाले मिळाला केले ह्या या आठवड्याचा "
    "महिन्याचा तोटा शिल्लक किंमत बटाटे तांदळाचे साखरेचा भावाने".split()
)
HINDI_DEVA = frozenset(
    "है हैं हुआ हुई कितना कितनी कितने और का की के को से में ने दो दी दिया दिए था थी थे बताओ करो कर "
    "नहीं हाँ हां क्या बेचा बेची बिका बिकी खरीदा लो दे".split()
)
TANGLISH = frozenset(
    "evlo evvalavu irukku iruku enna ennaa ku kku la kitta vithen vitthen vithu vithuchu vitten sollu solunga "
    "pannu pannunga panni pannanum panninen anna akka amma thambi vanakkam nethu neththu indha intha maasam "
    "kadan kadanla panam kuduthen koduthen kuduthaanga koduthanga vaanginen vaangi vanginen vandhuchu "
    "vanthuchu aachu achu illa venda vendam seri sari aama aamaa romba konjam thool ennai arisi paruppu "
    "sakkarai uppu muttai paal thayir vengayam thakkali kilo ku nu naan yaaru yaarukellam tharanum varanum "
    "selavu vaaram eppadi enga appa inniki innaiku innikku kallapetti anuppu thengai kadalai".split()
)
HINGLISH = frozenset(
    "is hai hain ka ki ke ko se mein me ne aur kya kitna kitni kitne karo kar do diya diye di becha bechi beche "
    "bika biki bike bik kharida kharidi kharide liya li lo wala wale wali udhaar udhar khate khata bhai ji "
    "didi bhaiya nahi nahin haan han haa theek thik sahi kal aaj parso bikri kharcha kharch batao bata dikhao "
    "dikha hua hui tha thi the hafte mahine pichhle agle paise rupaye rupay bacha bachi baaki baki jama mila "
    "mile aaya aayi gaye gaya hazaar sau lakh dedh dhai adha aadha paav sava paune saadhe cheeni chawal "
    "aata atta tel doodh dahi namaste rehne dena lena chahiye sabse zyada jyada abhi toh suno mujhe mujhse "
    "baat hisaab bhej wapas vapas ginti bhada kiraya bijli".split()
)
ENGLISH = frozenset(
    "the a an of to for from and are was were what which how much many sold sell sale sales bought buy "
    "purchase purchased paid pay received receive stock price rate show me list total this last month week "
    "year today yesterday items item with on by at per add new change set undo entry please send bill "
    "profit loss expenses expense spent owe owes dues pending customers suppliers who running low top "
    "hello hi help use yes no cancel okay ok".split()
)
_LATIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=16384)
def script_of(text: str) -> str:
    """The dominant script of `text`: an Indic script if it has any Indic letters, else Latn."""
    counts: dict[str, int] = {}
    for ch in text:
        cp = ord(ch)
        if 0x0900 <= cp <= 0x0D7F:
            for first, last, code, _ in BLOCKS:
                if first <= cp <= last:
                    counts[code] = counts.get(code, 0) + 1
                    break
    if not counts:
        return "Latn"
    return max(counts, key=counts.__getitem__)


def _latin_language(words: list[str]) -> str:
    ta = sum(w in TANGLISH for w in words)
    hi = sum(w in HINGLISH for w in words)
    en = sum(w in ENGLISH for w in words)
    if ta > hi and ta >= en and ta > 0:
        return "ta"
    if hi > 0 and hi >= en:
        return "hi"
    if ta > 0 and ta >= en:
        return "ta"
    return "en"


_UNSUPPORTED = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF),  # Arabic (Urdu)
                (0x0400, 0x04FF), (0x0B00, 0x0B7F), (0x0D80, 0x0DFF), (0x0E00, 0x0E7F), (0x4E00, 0x9FFF))
_FOREIGN_LATIN = frozenset("à â ç é è ê ë î ï ô û ù ü ÿ œ æ ä ö ß ñ".split())


def _unsupported_letters(text: str) -> int:
    return sum(1 for ch in text if any(lo <= ord(ch) <= hi for lo, hi in _UNSUPPORTED) or ch in _FOREIGN_LATIN)


def _latin_clear(words: list[str], lang: str) -> bool:
    """Two or more words, at least two of them marker words of `lang`, and more markers of it than of
    any other: "terrain moshan credit" (no markers), "ok" (one word) or French are not clear."""
    if len(words) < 2:
        return False
    marks = {"ta": sum(w in TANGLISH for w in words), "hi": sum(w in HINGLISH for w in words),
             "en": sum(w in ENGLISH for w in words)}
    best = marks[lang]
    return best >= 2 and all(best > n for other, n in marks.items() if other != lang) and 2 * best >= len(words) * 0.5


@lru_cache(maxsize=4096)
def _detect_normalised(text: str) -> Detected:
    script = script_of(text)
    foreign = _unsupported_letters(text)
    if script == "Latn":
        words = _LATIN_WORD.findall(text)
        lang = _latin_language(words)
        letters = sum(len(w) for w in words)
        clear = foreign * 4 < max(1, letters) and _latin_clear(words, lang)
        return Detected(lang, "Latn", lang != "en", clear)
    lang = SCRIPT_LANG.get(script, "hi")
    words = text.split()
    native = [w for w in words if script_of(w) == script]
    clear = len(native) >= 2 and foreign * 4 < sum(len(w) for w in native)
    if script == "Deva":
        mr = sum(w in MARATHI for w in words) + sum(w.endswith(("ला", "ची", "चा", "चे")) for w in words)
        hi = sum(w in HINDI_DEVA for w in words)
        if mr > hi:
            lang = "mr"
        clear = clear and mr != hi  # Devanagari with no word telling Hindi from Marathi keeps the language
    return Detected(lang, script, False, clear)


def detect_language(text: str) -> Detected:
    """Detect the language and script of a raw message (normalises it first)."""
    return detect_normalised(normalise(text or ""))


def detect_normalised(text: str) -> Detected:
    """Detect on text that has already been through `normalise` (cheaper, cached)."""
    return _detect_normalised(text[:2000])
