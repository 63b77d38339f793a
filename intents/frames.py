"""Frames declared as data (`lexicon/frames.tsv`): a tool, the cue labels and facts it needs and
forbids, its slots and a base weight. Loaded once and checked against the cue labels of
`cues.tsv`, the facts and fillers below, and the tool contract of `lexicon/tools.tsv`.

A fact is a named, pure question about an `Analysis` ("?q": is it asked?). A filler turns an
`Analysis` into one argument and how well the name it rests on matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources

from intents.analysis import Analysis
from intents.lexicon import words
from intents.scoring import MARGIN, Candidate, Score
from intents.slots import category, item, period

_FORM = re.compile(r"\b(?:gstr ?-? ?(1|3b)|(cmp) ?-? ?0?8|r ?-? ?(1)|(3b))\b")
_TOP_N = re.compile(r"\btop (\d{1,2})\b|\b(\d{1,2}) (?:top|best|sabse)")
_MONTH_OR_QUARTER = re.compile(r"^\d{4}-(\d\d|Q\d)$")
_VERBS = ("c:give", "c:recv", "c:settle", "c:sell", "c:buy", "c:came", "c:return")


def _q(a: Analysis) -> bool:
    return a.question or a.text.endswith("?")


def _amount(a: Analysis) -> bool:
    return any(not n.weak and n.value >= 10 for n in a.numbers)


def _gst_form(a: Analysis) -> bool:
    return bool(_FORM.search(a.text)) and (a.has("c:gst", "c:make", "c:show") or "gstr" in a.text or "cmp" in a.text
                                           or "return" in a.tokens)


def _forecast(a: Analysis) -> bool:
    wanted_ahead = a.has("c:want") and _q(a) and bool(a.items) and not a.parties and not _amount(a) and \
        a.time.date is not None and a.time.date > a.today  # "naalaiku evlo paal venum": need, for a day ahead
    said = "forecast" in a.tokens
    if not (a.time.forecast_days is not None or (a.has("c:forecast") and a.has("c:future")) or said or wanted_ahead):
        return False
    return not a.parties and (_q(a) or a.has("c:future") or said
                              or (a.has("c:forecast") and not a.units and not _amount(a)))


def _chit_chat_ahead(a: Analysis) -> bool:
    """"bete ki shaadi hai agle mahine": a time word in chit-chat asks nothing."""
    return item(a)[0] is None and not (_q(a) or a.has("c:future")) and len(a.unknown_tokens()) >= 2


FACTS: dict[str, Callable[[Analysis], bool]] = {
    "?q": _q,
    "?amount": _amount,
    "?party": lambda a: bool(a.parties),
    "?item": lambda a: bool(a.items),
    "?one_item": lambda a: len(a.items) == 1,
    "?foreign": lambda a: bool(a.foreign),
    "?period": lambda a: a.time.period is not None,
    "?numbers": lambda a: bool(a.numbers),
    "?units": lambda a: bool(a.units),
    "?unknown": lambda a: bool(a.unknown_tokens()),
    "?few_unknown": lambda a: len(a.unknown_tokens()) <= 1,
    "?category": lambda a: category(a) is not None,
    "?verb": lambda a: a.has(*_VERBS),
    "?party_and_numbers": lambda a: bool(a.parties) and bool(a.numbers),
    "?top_word": lambda a: "top" in a.tokens,
    "?dues_of_all": lambda a: a.has("c:whoall") and a.has("p:credit", "c:dues"),
    "?gst_form": _gst_form,
    "?unit_then_q": lambda a: any("c:q" in a.at(i) or "c:q" in a.at(i + 1) for i in a.units),
    "?exists": lambda a: any(t in words("exists") for t in a.tokens),
    "?bare_topic": lambda a: not a.unknown_tokens() and not a.numbers and not a.items and not a.parties,
    "?forecast": _forecast,
    "?chit_chat_ahead": _chit_chat_ahead,
}


def _receivable_words(a: Analysis) -> bool:
    """More words for money coming in than going out (a tie reads as money coming in)."""
    return len(a.labels.get("c:recvble", [])) >= len(a.labels.get("c:payable", [])) > 0


def _dues_kind(a: Analysis, default: str | None):
    return ("payable" if a.has("c:payable") and not _receivable_words(a) else "receivable"), 1.0


def _dues_kind_of_party(a: Analysis, default: str | None):
    return ("payable" if a.has("c:payable", "c:suppword") and not _receivable_words(a) else "receivable"), 1.0


def _top_n(a: Analysis, default: str | None):
    m = _TOP_N.search(a.text)
    if m:
        return int(m.group(1) or m.group(2)), 1.0
    small = [n for n in a.numbers if not n.weak and 1 <= n.value <= 50 and n.value == int(n.value)]
    return (int(small[0].value) if len(small) == 1 else None), 1.0


def _gst_form_name(a: Analysis, default: str | None):
    g = _FORM.search(a.text).groups()
    return ("CMP08" if g[1] else ("GSTR3B" if (g[0] == "3b" or g[3]) else "GSTR1")), 1.0


def _gst_return_period(a: Analysis, default: str | None):
    """A return is for a month (`YYYY-MM`) or a quarter; "is mahine ka" names the month, else the last one."""
    first = a.today.replace(day=1)
    said = a.time.period
    if said in ("this_month", "last_month"):
        month = first if said == "this_month" else first - timedelta(days=1)
        return f"{month.year:04d}-{month.month:02d}", 1.0
    if isinstance(said, str) and _MONTH_OR_QUARTER.match(said):
        return said, 1.0
    prev = first - timedelta(days=1)
    return f"{prev.year:04d}-{prev.month:02d}", 1.0


def _forecast_days(a: Analysis, default: str | None):
    if a.time.forecast_days:
        return a.time.forecast_days, 1.0
    if a.time.date is not None and (a.time.date - a.today).days == 1:
        return 1, 1.0  # "naalaikku evvalavu paal thevai": for tomorrow
    return None, 1.0


def _named_item(a: Analysis, default: str | None):
    return a.items[0].name, a.items[0].score


FILLERS: dict[str, Callable[[Analysis, str | None], tuple[object, float]]] = {
    "period": lambda a, default: (period(a, default), 1.0),
    "item": lambda a, default: item(a),
    "forecast_item": lambda a, default: item(a),
    "named_item": _named_item,
    "party": lambda a, default: (a.parties[0].name, a.parties[0].score),
    "category": lambda a, default: (category(a), 1.0),
    "dues_kind": _dues_kind,
    "dues_kind_of_party": _dues_kind_of_party,
    "top_n": _top_n,
    "gst_form": _gst_form_name,
    "gst_return_period": _gst_return_period,
    "forecast_days": _forecast_days,
}


@dataclass(frozen=True)
class Frame:
    name: str
    tool: str
    needs: tuple[tuple[str, ...], ...]  # every group must hold; a group holds when any of its terms does
    forbids: tuple[str, ...]
    slots: tuple[tuple[str, str, str | None], ...]  # (argument, filler, default)
    weight: float

    def holds(self, a: Analysis, facts: dict[str, bool]) -> bool:
        labels = a.labels
        for group in self.needs:
            for term in group:
                if (term in labels) if term[0] not in "?!" else _term(a, term, facts):
                    break
            else:
                return False
        for term in self.forbids:
            if (term in labels) if term[0] not in "?!" else _term(a, term, facts):
                return False
        return True

    def fill(self, a: Analysis) -> Candidate | None:
        if self.tool == "-":
            return None
        args: dict = {}
        match = 1.0
        for arg, filler, default in self.slots:
            value, quality = FILLERS[filler](a, default)
            match *= quality
            if value is not None:
                args[arg] = value
        return Candidate(self.name, self.tool, args, Score(self.weight, match))


def _term(a: Analysis, term: str, facts: dict[str, bool]) -> bool:
    if term.startswith("!"):
        return not _term(a, term[1:], facts)
    if term.startswith("?"):
        if term not in facts:
            facts[term] = FACTS[term](a)
        return facts[term]
    return term in a.labels


def _terms(cell: str) -> list[str]:
    return [] if cell.strip() in ("", "-") else cell.split()


def _slots(cell: str) -> tuple[tuple[str, str, str | None], ...]:
    out = []
    for part in _terms(cell.replace(",", " ")):
        arg, _, filler = part.partition("=")
        filler, _, default = filler.partition(":")
        out.append((arg, filler, default or None))
    return tuple(out)


def tool_contract() -> dict[str, tuple[str, frozenset[str]]]:
    """The tools the parser may answer with: name -> (kind, its arguments)."""
    text = resources.files("intents.lexicon").joinpath("tools.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t") + [""]
            out[cells[0]] = (cells[1], frozenset(cells[2].split()))
    return out


def parse_frames(text: str, labels: set[str], tools: dict[str, tuple[str, frozenset[str]]]) -> tuple[Frame, ...]:
    """Frames from `frames.tsv` text, each checked: known terms, tool, arguments and fillers."""
    frames = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, tool, needs, forbids, slots, weight = line.split("\t")
        frame = Frame(name, tool, tuple(tuple(t.split("|")) for t in _terms(needs)), tuple(_terms(forbids)),
                      _slots(slots), float(weight))
        _check(frame, number, labels, tools)
        frames.append(frame)
    return tuple(frames)


def _check(frame: Frame, number: int, labels: set[str], tools: dict) -> None:
    where = f"frames.tsv line {number} ({frame.name})"
    for term in [t for group in frame.needs for t in group] + list(frame.forbids):
        bare = term.lstrip("!")
        if bare not in FACTS and bare not in labels:
            raise ValueError(f"{where}: no cue label or fact {bare!r}")
    if frame.tool == "-":
        return
    if frame.tool not in tools:
        raise ValueError(f"{where}: no tool {frame.tool!r} in tools.tsv")
    for arg, filler, _ in frame.slots:
        if arg not in tools[frame.tool][1]:
            raise ValueError(f"{where}: {frame.tool} takes no argument {arg!r}")
        if filler not in FILLERS:
            raise ValueError(f"{where}: no filler {filler!r}")
    if not 0.0 < frame.weight <= 1.0:
        raise ValueError(f"{where}: a weight in (0, 1]")


def cue_labels() -> set[str]:
    text = resources.files("intents.lexicon").joinpath("cues.tsv").read_text("utf-8")
    return {line.split("\t", 1)[0].strip() for line in text.splitlines()
            if "\t" in line and not line.startswith("#")}


@lru_cache(maxsize=1)
def read_frames() -> tuple[Frame, ...]:
    text = resources.files("intents.lexicon").joinpath("frames.tsv").read_text("utf-8")
    return parse_frames(text, cue_labels(), tool_contract())


def frames_holding(a: Analysis, frames: tuple[Frame, ...]) -> list[Candidate]:
    """The first frame that holds, filled, then every later one that could score near it (up to a
    frame that says "no read")."""
    facts: dict[str, bool] = {}
    out: list[Candidate] = []
    floor = 0.0
    for frame in frames:
        if frame.weight < floor or not frame.holds(a, facts):
            continue
        got = frame.fill(a)
        if got is None:
            break
        if not out:
            floor = got.score.value - MARGIN
        out.append(got)
    return out


DIRECTIONS = frozenset({"back", "out", "in", "verb", "party", "-"})


@dataclass(frozen=True)
class WriteFrame:
    """A write frame: its cue terms as a read frame's, the tools it may give, its slots and direction."""

    terms: Frame
    tools: tuple[str, ...]
    slots: tuple[str, ...]
    direction: str

    @property
    def name(self) -> str:
        return self.terms.name

    @property
    def weight(self) -> float:
        return self.terms.weight


def parse_write_frames(text: str, labels: set[str], tools: dict[str, tuple[str, frozenset[str]]]) -> tuple[WriteFrame, ...]:
    frames = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, tool, needs, forbids, slots, direction, weight = line.split("\t")
        terms = Frame(name, "-", tuple(tuple(t.split("|")) for t in _terms(needs)), tuple(_terms(forbids)), (),
                      float(weight))
        _check(terms, number, labels, tools)
        frame = WriteFrame(terms, tuple(tool.split("|")), tuple(_terms(slots.replace(",", " "))),
                           direction)
        where = f"write_frames.tsv line {number} ({name})"
        if direction not in DIRECTIONS:
            raise ValueError(f"{where}: no direction {direction!r}")
        for t in frame.tools:
            if t != "-" and (t not in tools or tools[t][0] != "write"):
                raise ValueError(f"{where}: no write {t!r} in tools.tsv")
            if t != "-" and not set(frame.slots) & tools[t][1] and frame.slots:
                raise ValueError(f"{where}: {t} takes none of {frame.slots}")
        if frame.tools != ("-",) and not 0.0 < frame.weight <= 1.0:
            raise ValueError(f"{where}: a weight in (0, 1]")
        frames.append(frame)
    return tuple(frames)


@lru_cache(maxsize=1)
def write_frames() -> tuple[WriteFrame, ...]:
    text = resources.files("intents.lexicon").joinpath("write_frames.tsv").read_text("utf-8")
    return parse_write_frames(text, cue_labels(), tool_contract())
