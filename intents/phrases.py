"""A fast matcher for multilingual cue phrases over a token list.

A phrase is words separated by spaces. A word ending in `*` matches any token it begins
(Indic words of three letters or more get the `*` implicitly, since case endings glue on:
"महीने" matches "महीनेकी"); a word ending in `=` only matches exactly. Phrases are indexed by
their first word's opening characters, so matching costs little per token.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    label: str


_CHILLU = frozenset("\u0d7a\u0d7b\u0d7c\u0d7d\u0d7e\u0d7f")
_DRAVIDIAN_U = frozenset("\u0bc1\u0c41\u0cc1\u0d41")  # Tamil, Telugu, Kannada, Malayalam vowel sign u
_VIRAMAS = frozenset("\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d")


def _compile_word(word: str) -> tuple[str, bool]:
    if word.endswith("="):
        return word[:-1], False
    star = word.endswith("*")
    word = word.rstrip("*")
    indic = any(0x0900 <= ord(c) <= 0x0D7F for c in word)
    if indic and len(word) >= 4 and word[-1] in _CHILLU:
        return word[:-1], True  # Malayalam "ഒക്ടോബർ" -> "ഒക്ടോബറിലെ"
    if indic and len(word) >= 4 and word[-1] in _DRAVIDIAN_U:
        return word[:-1], True  # "ಖರ್ಚು" -> "ಖರ್ಚಾಯಿತು": the closing u gives way to endings
    if indic and len(word) >= 5 and word[-1] in _VIRAMAS:
        # a closing consonant gives way to an ending: "லாபம்" -> "லாபமா", "மாசம்" -> "மாசத்துல"
        return word[:-2], True
    return word, star or (indic and len(word) >= 3)


class PhraseSet:
    """Phrases with labels; `find(tokens)` returns every hit, longest first at each start."""

    def __init__(self) -> None:
        self._exact: dict[str, list[tuple[tuple[tuple[str, bool], ...], str]]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[tuple[tuple[str, bool], ...], str]]] = defaultdict(list)
        self._cache: dict[str, list[tuple[tuple[tuple[str, bool], ...], str]]] = {}

    def add(self, phrase: str, label: str) -> None:
        self._cache.clear()
        words = tuple(_compile_word(w) for w in phrase.split())
        if not words or not words[0][0]:
            return
        first, is_prefix = words[0]
        if is_prefix:
            self._prefix[first[:2]].append((words, label))
        else:
            self._exact[first].append((words, label))

    def _starting(self, tok: str) -> list[tuple[tuple[tuple[str, bool], ...], str]]:
        """Phrases whose first word matches `tok` (cached per token: words repeat across messages)."""
        got = self._cache.get(tok)
        if got is None:
            got = list(self._exact.get(tok, ()))
            for words, label in self._prefix.get(tok[:2], ()):
                if tok.startswith(words[0][0]):
                    got.append((words, label))
            if len(self._cache) > 50000:
                self._cache.clear()
            self._cache[tok] = got
        return got

    def find(self, tokens: list[str]) -> list[Hit]:
        hits: list[Hit] = []
        n = len(tokens)
        for i, tok in enumerate(tokens):
            for words, label in self._starting(tok):
                end = i + len(words)
                if end > n:
                    continue
                ok = True
                for k in range(1, len(words)):
                    w, pre = words[k]
                    t = tokens[i + k]
                    if not (t.startswith(w) if pre else t == w):
                        ok = False
                        break
                if ok:
                    hits.append(Hit(i, end, label))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        return hits

def load_phrases(text: str, normalise: Callable[[str], str] = str) -> PhraseSet:
    """Build a PhraseSet from `label<TAB>phrase | phrase ...` lines (`#` starts a comment)."""
    phrases = PhraseSet()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "\t" not in line:
            continue
        label, rest = line.split("\t", 1)
        for phrase in rest.split("|"):
            words = [normalise(w[:-1]) + w[-1] if w[-1:] in "*=" else normalise(w) for w in phrase.split()]
            phrases.add(" ".join(w for w in words if w.strip("*=")), label.strip())
    return phrases
