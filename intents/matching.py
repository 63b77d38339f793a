"""Find the shop's items and parties in a message, in any script.

Matching goes from exact phonetic keys of word sequences (longest first), to keys with a case
ending glued on ("செல்வத்துக்கு", "ઈરફાનભાઈને"), to fuzzy keys (rapidfuzz) for misspellings.
Each mention carries a score: 1.0 exact, 0.9 with an ending, lower when fuzzy.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from intents.translit import word_key
from intents.vocab import HONORIFIC_KEYS, VocabIndex


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    kind: str  # "item" | "foreign" | "party"
    names: frozenset[str]
    score: float

    @property
    def name(self) -> str:
        return sorted(self.names)[0]


def _is_indic(token: str) -> bool:
    return any(0x0900 <= ord(c) <= 0x0D7F for c in token)


def find_mentions(tokens: list[str], blocked: set[int], stop: frozenset[str], index: VocabIndex) -> list[Mention]:
    """Item and party mentions, left to right, never overlapping."""
    keys = [word_key(t) for t in tokens]
    out: list[Mention] = []
    i, n = 0, len(tokens)
    while i < n:
        if i in blocked or tokens[i] in stop or not keys[i]:
            i += 1
            continue
        found = _exact(tokens, keys, i, blocked, stop, index)
        if found is None:
            found = _fuzzy(tokens[i], keys[i], i, index)
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.end
    return out


def _span_ok(tokens: list[str], i: int, j: int, blocked: set[int]) -> bool:
    return all(k not in blocked for k in range(i, j))


def _exact(tokens, keys, i, blocked, stop, index: VocabIndex) -> Mention | None:
    n = len(tokens)
    for size in range(min(index.max_words + 1, n - i), 0, -1):
        j = i + size
        if not _span_ok(tokens, i, j, blocked) or tokens[j - 1] in stop:
            continue
        phrase_keys = keys[i:j]
        if size > 1 and phrase_keys[-1] in HONORIFIC_KEYS:
            pass
        phrase = " ".join(phrase_keys)
        hit = _lookup(phrase, i, j, index, 1.0)
        if hit:
            return hit
        last = phrase_keys[-1]
        if len(last) >= 4 and (_is_indic(tokens[j - 1]) or len(last) >= 6):
            head = " ".join(phrase_keys[:-1])
            for cut in range(len(last) - 1, max(2, len(last) - 8), -1):
                stem = last[:cut]
                if cut < 3 or cut < 0.45 * len(last):
                    break
                hit = _lookup((head + " " + stem).strip(), i, j, index, 0.9)
                if hit:
                    return hit
    return None


def _lookup(phrase: str, i: int, j: int, index: VocabIndex, score: float) -> Mention | None:
    if len(phrase) < 2:
        return None
    party = index.parties.get(phrase)
    item = index.items.get(phrase)
    if party and (not item or len(phrase) >= 3):
        return Mention(i, j, "party", frozenset(party), score)
    if item:
        return Mention(i, j, "item", frozenset(item), score * (1.0 if len(item) == 1 else 0.6))
    foreign = index.foreign.get(phrase)
    if foreign and len(phrase) >= 3:
        return Mention(i, j, "foreign", frozenset([foreign]), score)
    return None


def _fuzzy(token: str, k: str, i: int, index: VocabIndex) -> Mention | None:
    if len(k) < 3:
        return None
    best_party, best = None, 0.0
    for pk, name in index.party_keys:
        if " " in pk or len(pk) < 3 or pk[0] != k[0]:
            continue
        head = k[: len(pk)]
        score = fuzz.ratio(head, pk)
        if score >= 80 and len(k) - len(pk) <= 8 and score > best:
            best_party, best = name, score
    if best_party is not None:
        return Mention(i, i + 1, "party", frozenset([best_party]), 0.75 + best / 1000)
    if len(k) < 4 or not index.item_keys:
        return None
    got = process.extractOne(k, index.item_keys, scorer=fuzz.ratio, score_cutoff=86)
    if got is None:
        return None
    names = index.items[got[0]]
    return Mention(i, i + 1, "item", frozenset(names), 0.7 if len(names) == 1 else 0.4)
