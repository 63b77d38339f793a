"""Phonetic keys that let words in any script be compared with each other.

`latin(word)` transliterates Indic letters to plain Latin (each Brahmic block maps onto
Devanagari by its code offset, then indic-transliteration's sanscript spells it in Harvard-Kyoto).
`key(text)` folds a word in any script to a loose phonetic key: "चीनी", "cheeni", "chini" and
"சீனி" share one; so do "Selvam" and "செல்வம்". Keys are only for comparison, never shown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indic_transliteration import sanscript

_BLOCK_STARTS = (0x0980, 0x0A00, 0x0A80, 0x0B00, 0x0B80, 0x0C00, 0x0C80, 0x0D00)
# Letters without a Devanagari twin in Harvard-Kyoto, and Tamil/Malayalam specials.
_DEVA_FIX = str.maketrans({
    "ऱ": "र", "ऴ": "ल", "ऩ": "न", "ॐ": "ओ", "ॲ": "ए", "ऑ": "ओ", "ॉ": "ो", "ॅ": "े",
    "ॆ": "े", "ॊ": "ो", "ऎ": "ए", "ऒ": "ओ", "ँ": "ं", "ॖ": "", "ॗ": "ौ",
})
# Malayalam chillu letters are whole consonants with a built-in virama.
_CHILLU = {"ൺ": "ण्", "ൻ": "न्", "ർ": "र्", "ൽ": "ल्", "ൾ": "ळ्", "ൿ": "क्"}
# Gurmukhi addak doubles the next consonant and tippi/bindi are nasal marks.
_GURMUKHI = {"ੱ": "", "ੰ": "ं", "ਂ": "ं", "ੴ": "ओ"}
_HK_LOWER = str.maketrans({"A": "a", "I": "i", "U": "u", "R": "ri", "M": "n", "H": "", "z": "sh", "S": "sh",
                           "T": "t", "D": "d", "N": "n", "G": "n", "J": "n", "L": "l", "~": "", "'": "",
                           "E": "e", "O": "o"})


def _to_devanagari(word: str) -> str:
    out = []
    for ch in word:
        if ch in _CHILLU:
            out.append(_CHILLU[ch])
            continue
        if ch in _GURMUKHI:
            out.append(_GURMUKHI[ch])
            continue
        cp = ord(ch)
        if 0x0980 <= cp <= 0x0D7F:
            base = max(b for b in _BLOCK_STARTS if b <= cp)
            out.append(chr(cp - base + 0x0900))
        else:
            out.append(ch)
    return "".join(out).translate(_DEVA_FIX)


@lru_cache(maxsize=65536)
def latin(word: str) -> str:
    """Plain lower-case Latin spelling of an Indic word (Latin words pass through)."""
    if not any(0x0900 <= ord(c) <= 0x0D7F for c in word):
        return word.lower()
    hk = sanscript.transliterate(_to_devanagari(word), sanscript.DEVANAGARI, sanscript.HK)
    if _schwa_script(word):
        hk = drop_schwa(hk)
    hk = hk.translate(_HK_LOWER).lower()
    return re.sub(r"[^a-z0-9 ]", "", hk)


_PHONEME = re.compile(r"ai|au|[aAiIuUeoR]|kh|gh|ch|jh|Th|Dh|th|dh|ph|bh|[kgGcjJTDNtdnpbmyrlvzsSh]|.")
_HK_VOWELS = frozenset(["a", "A", "i", "I", "u", "U", "e", "o", "ai", "au", "R"])


def drop_schwa(hk: str) -> str:
    """Hindi-style schwa deletion on Harvard-Kyoto text: the final inherent 'a' after a consonant
    goes, then, right to left, an inherent 'a' between VC and CV ("sarasoM" -> "sarsoM")."""
    ph = _PHONEME.findall(hk)
    cons = [p not in _HK_VOWELS and p.isalpha() and p not in ("M", "H") for p in ph]
    if len(ph) >= 3 and ph[-1] == "a" and cons[-2]:
        ph, cons = ph[:-1], cons[:-1]
    for i in range(len(ph) - 3, 1, -1):
        if (ph[i] == "a" and cons[i - 1] and not cons[i - 2] and ph[i - 2] in _HK_VOWELS
                and cons[i + 1] and ph[i + 2] in _HK_VOWELS):
            del ph[i]
            del cons[i]
    return "".join(ph)


_FOLDS = (
    (re.compile(r"a?oya"), "ava"), (re.compile(r"ksh|x|tc(?=[aeiou])"), "ks"), (re.compile(r"sh|ch|s|c"), "c"), (re.compile(r"ph|f"), "p"),
    (re.compile(r"([kgtdpbjc])h"), r"\1"), (re.compile(r"w|bh"), "v"), (re.compile(r"z|j"), "c"),
    (re.compile(r"q"), "k"), (re.compile(r"g"), "k"), (re.compile(r"d"), "t"), (re.compile(r"b"), "p"),
    (re.compile(r"h"), ""), (re.compile(r"ee|ii|ie|y(?=[^aeiou]|$)"), "i"), (re.compile(r"oo|uu|ou"), "u"),
    (re.compile(r"aa"), "a"), (re.compile(r"ai|ay|ei"), "e"), (re.compile(r"au|ow"), "o"),
    (re.compile(r"(.)\1+"), r"\1"),
)




def _schwa_script(word: str) -> bool:
    """Scripts of languages that drop the inherent vowel inside words (Hindi, Gujarati, ...)."""
    return any(0x0900 <= ord(c) <= 0x0AFF for c in word)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The loose phonetic key of one word in any script."""
    text = latin(word)
    text = re.sub(r"[^a-z0-9]", "", text)
    if not text or text.isdigit():
        return text
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


_GENITIVE = {"ke": "ka", "ki": "ka", "ta": "ka", "ti": "ka", "te": "ka", "ca": "ka", "ci": "ka", "ce": "ka", "kaa": "ka",
             "no": "ka", "ni": "ka", "nun": "ka", "na": "ka"}


_STRICT = (
    (re.compile(r"ksh|x"), "ks"), (re.compile(r"sh"), "s"), (re.compile(r"ph"), "f"), (re.compile(r"w"), "v"),
    (re.compile(r"z"), "j"), (re.compile(r"q"), "k"), (re.compile(r"([kgtdpbjc])h"), r"\1"),
    (re.compile(r"ee|ii|ie|y(?=[^aeiou]|$)"), "i"), (re.compile(r"oo|uu|ou"), "u"), (re.compile(r"aa"), "a"),
    (re.compile(r"ai|ay|ei"), "e"), (re.compile(r"au|ow"), "o"), (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=65536)
def strict_key(text: str) -> str:
    """A key for comparing two romanized spellings: spelling variants fold, voicing does not
    ("cheeni" = "chini", but "joke" != "coke")."""
    words = []
    for word in text.lower().split():
        word = re.sub(r"[^a-z0-9]", "", word)
        for pattern, repl in _STRICT:
            word = pattern.sub(repl, word)
        if word:
            words.append(word)
    keys = words
    if len(keys) > 2:
        keys = [keys[0], *(_GENITIVE.get(k, k) for k in keys[1:-1]), keys[-1]]
    return " ".join(keys)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The loose phonetic key of a phrase: its words' keys joined by single spaces (inside a phrase
    the genitive particles ka/ke/ki, दा/दी, चा/ची, નો/ની are one)."""
    keys = [k for k in (word_key(w) for w in text.split()) if k]
    if len(keys) > 2:
        keys = [keys[0], *(_GENITIVE.get(k, k) for k in keys[1:-1]), keys[-1]]
    return " ".join(keys)


_DISPLAY = (("A", "a"), ("I", "i"), ("U", "u"), ("R", "ri"), ("M", "n"), ("H", ""), ("z", "sh"), ("S", "sh"),
            ("ch", "chh"), ("c", "ch"), ("T", "t"), ("D", "d"), ("N", "n"), ("G", "n"), ("J", "n"), ("L", "l"),
            ("~", ""), ("'", ""))


def display_latin(phrase: str) -> str:
    """A readable Indian-style romanization of a name said in any script ("முத்து" -> "Muthu")."""
    words = []
    for word in phrase.split():
        if not any(0x0900 <= ord(c) <= 0x0D7F for c in word):
            words.append(word[:1].upper() + word[1:])
            continue
        tamil = any(0x0B80 <= ord(c) <= 0x0BFF for c in word)
        word = word.replace("\u09ce", "\u09a4\u09cd")  # Bengali khanda ta (বিশ্বজিৎ) is a dead t
        hk = sanscript.transliterate(_to_devanagari(word), sanscript.DEVANAGARI, sanscript.HK)
        if tamil:
            hk = hk.replace("tt", "th").replace("NT", "nd").replace("Gk", "ng")
            hk = re.sub(r"(?<![tT])t(?![h])", "th", hk) if "th" not in hk else hk
            # Tamil letters voice between vowels (முருகன் Murugan) and ச reads s (செல்வம் Selvam)
            hk = re.sub(r"(?<=[aAiIuUeEoO])k(?=[aAiIuUeEoO])", "g", hk)
            hk = re.sub(r"(?<=[aAiIuUeEoO])T(?=[aAiIuUeEoO])", "D", hk)
            hk = re.sub(r"(?<=\w{3})(?:ey|Ay)$", "ai", hk)  # எண்ணெய் reads "ennai", as shops write it
            hk = hk.replace("cc", "\0").replace("Jc", "nj").replace("c", "s").replace("\0", "cc")
        if _schwa_script(word):
            hk = drop_schwa(hk)
        for a, b in _DISPLAY:
            hk = hk.replace(a, b)
        hk = re.sub(r"[^a-zA-Z]", "", hk).lower()
        if hk:
            words.append(hk[:1].upper() + hk[1:])
    return " ".join(words)
