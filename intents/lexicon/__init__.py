"""The multilingual kirana lexicon shipped in `intents/lexicon/items.tsv`.

Each concept ("sugar", "toor dal") carries its names in ten languages and their usual
romanizations. Every form is compared through its phonetic key (`translit.key`), so a Hindi
form also stands for its spelling in any other Indic script. The lexicon is generic: a shop's
catalog items are joined to concepts at runtime by `vocab.py`, never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from intents.normalise import normalise
from intents.phrases import PhraseSet, load_phrases
from intents.translit import word_key

COLUMNS = ("concept", "en", "hi", "latn", "mr", "gu", "pa", "bn", "ta", "te", "kn", "ml")


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    english: tuple[str, ...]
    latin: tuple[str, ...]  # English names and romanizations
    forms: tuple[str, ...]  # every name in every script


def _split(cell: str) -> list[str]:
    return [f.strip().casefold() for f in cell.split("|") if f.strip()]


@lru_cache(maxsize=1)
def concepts() -> tuple[Concept, ...]:
    """Every concept of the lexicon, in file order."""
    text = resources.files("intents.lexicon").joinpath("items.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t") + [""] * len(COLUMNS)
        name = cells[0].strip()
        english = _split(cells[1])
        latin = english + _split(cells[3])
        forms = [f for cell in cells[1:len(COLUMNS)] for f in _split(cell)]
        out.append(Concept(name, tuple(english), tuple(dict.fromkeys(latin)), tuple(dict.fromkeys(forms))))
    return tuple(out)


@lru_cache(maxsize=1)
def cues() -> PhraseSet:
    """The grammar's cue phrases (`intents/lexicon/cues.tsv`)."""
    text = resources.files("intents.lexicon").joinpath("cues.tsv").read_text("utf-8")
    return load_phrases(text, normalise)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words that are never an item or a party name on their own."""
    text = resources.files("intents.lexicon").joinpath("cues.tsv").read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        if "\t" not in line or line.startswith("#"):
            continue
        label, rest = line.split("\t", 1)
        if label.startswith(("c:", "p:", "d:", "P:", "x:", "w:", "L:")) and label not in ("c:itemword",):
            for phrase in rest.split("|"):
                phrase = normalise(phrase.strip().rstrip("=*"))
                if phrase and " " not in phrase:
                    words.add(phrase)
    return frozenset(words)


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, frozenset[str]]:
    text = resources.files("intents.lexicon").joinpath("words.tsv").read_text("utf-8")
    out: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, rest = line.split("\t", 1)
        out[name.strip()] = frozenset(rest.split())
    return out


def words(name: str) -> frozenset[str]:
    """A closed word list of `lexicon/words.tsv` (raises KeyError for a list that is not there)."""
    return _word_lists()[name]


KEYED_LABELS = ("k:",)  # expense kinds: mostly loanwords (petrol, light bill, godown) spelt in every script


@lru_cache(maxsize=1)
def cue_keys() -> dict[str, str]:
    """Phonetic key -> label for the one-word cues of the expense kinds, so that a word spelt in a script the
    lexicon does not list ("పెట్రోల్", "ਪੈਟਰੋਲ") still finds its kind through its key (`translit.word_key`)."""
    text = resources.files("intents.lexicon").joinpath("cues.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if "\t" not in line or line.startswith("#"):
            continue
        label, rest = line.split("\t", 1)
        if not label.startswith(KEYED_LABELS):
            continue
        for phrase in rest.split("|"):
            phrase = normalise(phrase.strip().rstrip("=*"))
            if phrase and " " not in phrase and len(phrase) >= 4:
                k = word_key(phrase)
                if len(k) >= 4:
                    out.setdefault(k, label.strip())
    return out
