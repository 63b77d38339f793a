"""Numbers as shopkeepers say them: digits, Indian grouping, "1.5k", number words of the ten
languages, hundreds/thousands/lakhs, and the shop fractions (dedh, dhai, sava, paune, அரை ...).

`scan_numbers(tokens)` finds every number in a token list and never raises; values are
Decimal so money stays exact. Ambiguous words ("do" = two or "give") are marked weak.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

from indic_numtowords import num2words

from intents.lexicon import words
from intents.normalise import normalise
from intents.script import script_of
from intents.translit import latin, strict_key

MAX_NUMBER = Decimal("1e12")
_DIGITS = re.compile(r"^(\d{1,15}(?:\.\d{1,6})?)(k|l|lakh|cr)?$")


@dataclass(frozen=True, slots=True)
class NumberSpan:
    start: int
    end: int  # exclusive
    value: Decimal
    weak: bool = False
    spoken: bool = False  # said in words rather than digits


def _pairs(text: str) -> dict[str, Decimal]:
    parts = text.split()
    return {normalise(parts[i]): Decimal(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}


# The languages whose number words indic-numtowords (AI4Bharat) spells — the speller Munshi's own
# voice reads amounts with — and the round numbers whose compounds have a combining first word.
_SPELLED_LANGS = ("hi", "mr", "bn", "gu", "pa", "ta", "te", "kn", "ml", "or", "as")
_ROUND = (*range(20, 100, 10), *range(100, 1000, 100), *range(1000, 10000, 1000))
_KEY_LETTERS = 5  # a misspelt word is read by its loose key only when the key is this long


def _spellings(number: int, lang: str) -> list[list[str]]:
    """Every way indic-numtowords writes `number` in `lang` (standard, colloquial, glued), as tokens."""
    return [normalise(text).split() for text in num2words(number, lang=lang, variations=True)]


def _spelled(hand: set[str]) -> dict[str, Decimal]:
    """Number words of the Indian languages for 1-99 and the round hundreds and thousands, in every
    variant the speller knows ("இருபத்தைந்து", "இருவத்தி அஞ்சு"), with the combining first word of
    a compound ("இருபத்து" ஐந்து, "நூற்று" ஐம்பது) standing for its round number. Words of the hand
    tables (multipliers, fractions, prefixes) and words two numbers share are left out."""
    found: dict[str, set[Decimal]] = {}
    for lang in _SPELLED_LANGS:
        units = {u[0] for n in range(1, 10) for u in _spellings(n, lang) if len(u) == 1}
        for number in (*range(1, 100), *_ROUND[8:]):
            for tokens in _spellings(number, lang):
                if len(tokens) == 1:
                    found.setdefault(tokens[0], set()).add(Decimal(number))
        for round_number in _ROUND:
            for unit in range(1, 10):
                for tokens in _spellings(round_number + unit, lang):
                    if len(tokens) == 2 and tokens[1] in units:
                        found.setdefault(tokens[0], set()).add(Decimal(round_number))
    return {word: values.pop() for word, values in found.items() if len(values) == 1 and word not in hand}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, Decimal], dict[str, Decimal], frozenset[str]]:
    raw = json.loads(resources.files("intents.lexicon").joinpath("numbers.json").read_text("utf-8"))
    values: dict[str, Decimal] = {}
    for text in raw["values"].values():
        values.update(_pairs(text))
    multipliers, fractions, prefixes = _pairs(raw["multipliers"]), _pairs(raw["fractions"]), _pairs(raw["prefixes"])
    weak = frozenset(normalise(w) for w in raw["weak"].split())
    hand = set(values) | set(multipliers) | set(fractions) | set(prefixes) | weak
    values.update(_spelled(hand))
    return values, multipliers, fractions, prefixes, weak


def number_words() -> dict[str, Decimal]:
    """Every word that is a number by itself (weak ones included: "दो" before "किलो" is two)."""
    return dict(_tables()[0])


def _letters(token: str) -> bool:
    """True for a word of letters and vowel signs only (Indic vowel signs are marks, not letters)."""
    return bool(token) and all(unicodedata.category(c)[0] in "LM" for c in token)


def loose_key(word: str) -> str:
    """The loose key a misspelling shares with the word ("सत्ताइस" = "सत्ताईस", "pachis" = "pachchees")."""
    return strict_key(word if word.isascii() else latin(word))


_VOWELS = re.compile(r"[aeiou]+")
_SKELETON_LETTERS = 4


def _skeleton(word: str) -> str | None:
    """The consonants of a word in an Indic script, marked with the script: "पैंतलिस" and "पैंतालीस"
    differ only in the vowel signs speech recognisers get wrong. None for Latin letters ("fortune"
    is not 14) and for words of fewer than four consonants; Tamil "நூடுல்ஸ்" never meets Hindi 39."""
    consonants = _VOWELS.sub("", loose_key(word))
    if word.isascii() or len(consonants) < _SKELETON_LETTERS:
        return None
    return f"~{script_of(word)}~{consonants}"


def _joined_keys(parts: list[str]) -> set[str]:
    """The keys of a two-word number said as one word, with the first word's last vowel kept or
    elided ("இருவத்தி அஞ்சு" -> "இருவத்தஞ்சு", "ముప్పై ఐదు" -> "ముప్పైఐదు")."""
    first, second = (w if w.isascii() else latin(w) for w in parts)
    return {strict_key(first + second), strict_key(first.rstrip("aeiou") + second)}


def _spoken_keys() -> dict[str, set[tuple[str, Decimal]]]:
    """Loose keys and consonant skeletons of every number word, and the keys of two-word numbers
    joined into one, each with the (kind, value) it stands for."""
    values, multipliers, fractions, prefixes, weak = _tables()
    found: dict[str, set[tuple[str, Decimal]]] = {}
    for kind, table in (("value", values), ("frac", fractions), ("mult", multipliers), ("prefix", prefixes)):
        for word, value in table.items():
            if word in weak:
                continue
            for key in (loose_key(word), _skeleton(word)):
                if key:
                    found.setdefault(key, set()).add((kind, value))
    for lang in _SPELLED_LANGS:
        for number in range(21, 100):
            for tokens in _spellings(number, lang):
                if len(tokens) == 2:
                    for key in _joined_keys(tokens):
                        found.setdefault(key, set()).add(("value", Decimal(number)))
    return found


@lru_cache(maxsize=1)
def _key_tables() -> dict[str, tuple[str, Decimal]]:
    """Keys for misspelt number words in any script; a key two numbers share, or one of a
    multiplier or prefix ("सवा"), is no key."""
    found = _spoken_keys()
    return {key: hits.pop() for key, hits in found.items()
            if len(hits) == 1 and (key[0] == "~" or len(key) >= _KEY_LETTERS)
            and next(iter(hits))[0] in ("value", "frac")}


def _by_key(token: str) -> tuple[str, Decimal] | None:
    keys = _key_tables()
    for key in (loose_key(token), _skeleton(token)):
        if key and key in keys:
            return keys[key]
    return None


def classify(token: str) -> tuple[str, Decimal] | None:
    """('digits'|'value'|'mult'|'frac'|'prefix', value) for a number token, else None."""
    m = _DIGITS.match(token)
    if m:
        try:
            value = Decimal(m.group(1))
        except InvalidOperation:
            return None
        scale = {"k": 1000, "l": 100000, "lakh": 100000, "cr": 10000000}.get(m.group(2) or "", 1)
        return "digits", value * scale
    values, multipliers, fractions, prefixes, _ = _tables()
    for kind, table in (("value", values), ("mult", multipliers), ("frac", fractions), ("prefix", prefixes)):
        if token in table:
            return kind, table[token]
    if _letters(token):
        got = _by_key(token)
        if got is not None:
            return got
    return _glued(token)


@lru_cache(maxsize=65536)
def _glued(token: str) -> tuple[str, Decimal] | None:
    """"पाचशे", "પાંચસો", "dosau": a count written together with its hundred or thousand; "હજારનું",
    "हजाराची": a hundred or thousand with a case ending glued on."""
    if len(token) < 3 or any(c.isdigit() for c in token):
        return None
    values, multipliers = _tables()[0], _tables()[1]
    if not token.isascii():
        for ending in words("number_endings"):
            if token.endswith(ending) and token[: -len(ending)] in multipliers:
                return "mult", multipliers[token[: -len(ending)]]
    for mult, factor in multipliers.items():
        if len(mult) >= 2 and token.endswith(mult) and factor < 100000:
            head = token[: -len(mult)]
            if head in values and values[head] < 100:
                return "value", values[head] * factor
    return None


def is_weak(token: str) -> bool:
    return token in _tables()[4]


def scan_numbers(tokens: list[str]) -> list[NumberSpan]:
    """Every number in `tokens`, left to right, as spans with exact values."""
    spans: list[NumberSpan] = []
    i, n = 0, len(tokens)
    while i < n:
        span = _read(tokens, i)
        if span is None:
            i += 1
            continue
        spans.append(span)
        i = span.end
    return spans


def _continues(current: Decimal, value: Decimal) -> bool:
    """"twenty five", "இருநூத்தி முப்பது": a smaller number fills a round one's zeros."""
    place = Decimal(10) ** len(str(int(value)))
    return current >= place and current % place == 0


def _read(tokens: list[str], start: int) -> NumberSpan | None:
    total, current = Decimal(0), Decimal(0)
    seen = False
    spoken = False
    offset = Decimal(0)
    i = start
    last_kind = ""
    while i < len(tokens):
        got = classify(tokens[i])
        if got is None:
            break
        kind, value = got
        if kind == "prefix":
            if seen:
                break
            offset += value
            i += 1
            last_kind = kind
            continue
        if kind == "digits":
            if seen and last_kind != "prefix":
                break
            current += value
        elif kind in ("value", "frac"):
            if seen and last_kind in ("value", "frac", "digits") and not (
                    kind == last_kind == "value" and _continues(current, value)):
                break
            current += value
            spoken = True
        else:  # multiplier
            current = current or Decimal(1)
            if offset and not total:
                current, offset = current + offset, Decimal(0)
            current *= value
            if value >= 1000:
                total += current
                current = Decimal(0)
            spoken = True
        seen = True
        last_kind = kind
        i += 1
        if total + current > MAX_NUMBER:
            return None
    if not seen:
        if offset and offset < 0:  # "paune" alone: three quarters
            return NumberSpan(start, i, Decimal("0.75"), spoken=True)
        if offset > 0 and i > start:  # "sava" alone: one and a quarter
            return NumberSpan(start, i, 1 + offset, spoken=True)
        return None
    value = total + current + offset
    weak = i - start == 1 and is_weak(tokens[start])
    return NumberSpan(start, i, value, weak=weak, spoken=spoken)
