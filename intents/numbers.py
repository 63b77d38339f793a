"""Numbers as shopkeepers say them: digits, Indian grouping, "1.5k", number words of the ten
languages, hundreds/thousands/lakhs, and the shop fractions (dedh, dhai, sava, paune, அரை ...).

`scan_numbers(tokens)` finds every number in a token list and never raises; values are
Decimal so money stays exact. Ambiguous words ("do" = two or "give") are marked weak.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

from intents.lexicon import words
from intents.normalise import normalise
from intents.translit import strict_key

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


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, Decimal], dict[str, Decimal], frozenset[str]]:
    raw = json.loads(resources.files("intents.lexicon").joinpath("numbers.json").read_text("utf-8"))
    values: dict[str, Decimal] = {}
    for text in raw["values"].values():
        values.update(_pairs(text))
    multipliers, fractions, prefixes = _pairs(raw["multipliers"]), _pairs(raw["fractions"]), _pairs(raw["prefixes"])
    weak = frozenset(normalise(w) for w in raw["weak"].split())
    return values, multipliers, fractions, prefixes, weak


@lru_cache(maxsize=1)
def _key_tables() -> dict[str, tuple[str, Decimal]]:
    """Loose keys of Latin number words of four letters or more, for misspellings."""
    values, multipliers, fractions, prefixes, _ = _tables()
    out: dict[str, tuple[str, Decimal]] = {}
    for kind, table in (("value", values), ("frac", fractions)):
        for word, value in table.items():
            if word.isascii() and len(word) >= 5:
                out.setdefault(strict_key(word), (kind, value))
    return out


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
    if token.isascii() and len(token) >= 5 and token.isalpha():
        got = _key_tables().get(strict_key(token))
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
