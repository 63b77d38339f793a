"""One message taken apart: tokens, cue labels, numbers, units, item and party mentions, time.

The intent modules (`dialogue`, `admin`, `reads`, `writes`) decide from an `Analysis` alone;
building it is the only place that touches the lexicon and the shop's index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from intents.dates import TimeInfo, extract_time
from intents.lexicon import cue_keys, cues, stopwords
from intents.matching import Mention, find_mentions
from intents.numbers import NumberSpan, scan_numbers
from intents.phrases import Hit
from intents.script import script_of
from intents.translit import word_key
from intents.units import unit_of
from intents.vocab import HONORIFIC_KEYS, VocabIndex

_GLUED = re.compile(r"^(\d+(?:\.\d+)?)([^\d.].*)$")
_KEEP_GLUED = re.compile(r"^\d+(?:\.\d+)?(?:k|l|cr|lakh)$")


NAMELIKE_MONEY = frozenset("rupa roopa rooba ruba rubai roobai ruva roova ruvaa".split())


def tokenize(text: str) -> list[str]:
    """Split normalised text into tokens; digits glued to a unit ("2kg", "500g") come apart."""
    out: list[str] = []
    for tok in text.split():
        m = _GLUED.match(tok)
        if m and not _KEEP_GLUED.match(tok) and "-" not in tok:
            out.extend((m.group(1), m.group(2)))
        else:
            out.append(tok)
    return out


@dataclass
class Analysis:
    text: str
    tokens: list[str]
    hits: list[Hit]
    labels: dict[str, list[Hit]]
    numbers: list[NumberSpan]
    units: dict[int, str]
    mentions: list[Mention]
    time: TimeInfo
    index: VocabIndex
    today: date
    covered: set[int] = field(default_factory=set)
    _at: dict[int, set[str]] | None = None
    _unknown: list[int] | None = None

    def has(self, *labels: str) -> bool:
        return any(label in self.labels for label in labels)

    def at(self, i: int) -> set[str]:
        """Labels of the cues covering token i."""
        if self._at is None:
            self._at = {}
            for h in self.hits:
                for j in range(h.start, h.end):
                    self._at.setdefault(j, set()).add(h.label)
        return self._at.get(i, set())

    @property
    def items(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "item"]

    @property
    def foreign(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "foreign"]

    @property
    def parties(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "party"]

    @property
    def question(self) -> bool:
        return self.has("c:q", "c:show")

    def unknown_tokens(self) -> list[int]:
        """Indices of tokens nothing explained: not a cue, number, unit, name or filler."""
        if self._unknown is None:
            stop = stopwords()
            self._unknown = [i for i, t in enumerate(self.tokens)
                             if i not in self.covered and t not in stop and t not in ",?/"
                             and word_key(t) not in HONORIFIC_KEYS]
        return self._unknown


def _keyed_hits(tokens: list[str], hits: list[Hit]) -> list[Hit]:
    """An expense kind spelt in a script its cue list lacks ("పెట్రోల్", "ਪੈਟਰੋਲ"): found by its phonetic key."""
    covered = {i for h in hits for i in range(h.start, h.end)}
    keys = cue_keys()
    out = []
    for i, tok in enumerate(tokens):
        if i in covered or tok.isascii() or len(tok) < 3 or script_of(tok) == "Deva":
            continue  # Devanagari forms are listed in the cues themselves
        label = keys.get(word_key(tok))
        if label:
            out.append(Hit(i, i + 1, label))
    return out


def analyse(text: str, index: VocabIndex, today: date) -> Analysis:
    tokens = tokenize(text)
    hits = cues().find(tokens)
    hits += _keyed_hits(tokens, hits)
    labels: dict[str, list[Hit]] = {}
    for h in hits:
        labels.setdefault(h.label, []).append(h)
    numbers = scan_numbers(tokens)
    # "40 rupa", "aruvathu rooba": money words that are also names count only right after a number
    for n in numbers:
        if n.end < len(tokens) and tokens[n.end] in NAMELIKE_MONEY:
            hit = Hit(n.end, n.end + 1, "c:money")
            hits.append(hit)
            labels.setdefault("c:money", []).append(hit)
    # A weak number word ("do", "so") only counts before a unit, a multiplier or a name.
    units: dict[int, str] = {}
    for i, t in enumerate(tokens):
        u = unit_of(t)
        if u and not (t == "g" and i > 0 and tokens[i - 1] == "parle"):
            units[i] = u
    number_idx = {i for n in numbers for i in range(n.start, n.end)}
    cue_tokens = {i for h in hits if h.label != "x:stop" for i in range(h.start, h.end)}
    # A unit word may sit inside a longer name ("gram flour", "match box") but is never a name alone.
    mentions = find_mentions(tokens, number_idx, stopwords(), index, cue_tokens, units=set(units))
    inside = {i for m in mentions if m.end - m.start > 1 for i in range(m.start, m.end)}
    units = {i: u for i, u in units.items() if i not in inside}
    money_at = {h.start for h in hits if h.label == "c:money"}
    numbers = [n for n in numbers if not n.weak or n.end in units or n.end in money_at
               or any(m.start == n.end for m in mentions)]
    # A lexicon item this shop does not sell only matters when a quantity is said with it.
    qty_edges = {n.end for n in numbers} | {n.start for n in numbers} | {u + 1 for u in units} | set(units)
    mentions = [m for m in mentions if m.kind != "foreign" or m.start in qty_edges or m.end in qty_edges]
    future = "c:future" in labels and "c:past" not in labels
    time = extract_time(text, hits, today, future, tokens)
    month_at = {h.start for h in hits if h.label.startswith("m:") or h.label == "t:dom"}
    numbers = [n for n in numbers if n.end not in month_at and n.start not in time.used]  # "15 november" is a day
    covered = {i for n in numbers for i in range(n.start, n.end)} | set(units)
    covered |= {h.start - 1 for h in hits if h.start in month_at and h.start > 0 and tokens[h.start - 1].isdigit()}
    covered |= time.used
    covered |= {i for m in mentions for i in range(m.start, m.end)}
    covered |= {i for h in hits if h.label != "x:stop" for i in range(h.start, h.end)}
    return Analysis(text, tokens, hits, labels, numbers, units, mentions, time, index, today, covered)
