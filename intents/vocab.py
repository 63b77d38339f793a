"""A shop's own vocabulary (its catalog and parties) and the index the parser matches against.

`ShopVocabulary` is plain data the bot builds from the books; `ShopVocabulary.from_shop_dir`
reads a `../shared/demo` style folder. `index_for(vocab)` joins the catalog onto the generic
lexicon (through names, aliases and phonetic keys) once per vocabulary and caches the result.
"""

from __future__ import annotations

import csv
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from intents.lexicon import concepts
from intents.normalise import normalise
from intents.script import script_of
from intents.translit import key, strict_key

HONORIFICS = (
    "ji bhai bhaiya bhaisahab didi di behen behenji anna annan akka amma appa thambi garu saab sahab sahib aunty "
    "auntie uncle sir madam mam tai dada kaka bhau chacha chachi mausi seth sethji bhabhi ammal annachi wala wale "
    "wali vala vale waale waala जी भाई भैया दीदी बहन बहनजी ताई दादा साहब साब आंटी अंकल सेठ वाले वाला वाली भाभी काका "
    "அண்ணா அண்ணன் அக்கா அம்மா தம்பி சார் அப்பா ஐயா గారు అన్న అక్క అమ్మ ಅವರು ಅಣ್ಣ ಅಕ್ಕ ಅಮ್ಮ ಸಾರ್ ചേട്ടൻ ചേച്ചി "
    "അമ്മ ചേട്ടന് ഭായ് ভাই দিদি দাদা বৌদি কাকু মাসি ভাইয়া ભાઈ બેન બહેન જી કાકા ਜੀ ਭਾਈ ਭੈਣ ਬਾਈ ਵੀਰ ਭਾਜੀ ताई दादा "
    "அவர்கள் ஏஜென்ட்"
).split()
HONORIFIC_KEYS = frozenset(key(normalise(h)) for h in HONORIFICS)


@dataclass(frozen=True)
class VocabItem:
    name: str
    aliases: list[str] = field(default_factory=list)
    unit: str = "pc"
    rate: float | None = None  # the catalog's selling price per unit, when known


@dataclass(frozen=True)
class VocabParty:
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "customer"


@dataclass
class ShopVocabulary:
    items: list[VocabItem] = field(default_factory=list)
    parties: list[VocabParty] = field(default_factory=list)
    learnable: frozenset[str] = frozenset()  # items of the lexicon the shop has not catalogued yet

    @classmethod
    def from_shop_dir(cls, path: str | Path) -> ShopVocabulary:
        """Read `catalog.csv` and `parties.csv` of a demo-style shop folder."""
        folder = Path(path)
        items, parties = [], []
        with open(folder / "catalog.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                items.append(VocabItem(row["name"].strip(), _aliases(row.get("aliases")), (row.get("unit") or "pc").strip(),
                                       _rate(row.get("rate"))))
        parties_file = folder / "parties.csv"
        if parties_file.exists():
            with open(parties_file, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    parties.append(VocabParty(row["name"].strip(), _aliases(row.get("aliases")),
                                              (row.get("kind") or "customer").strip()))
        return cls(items=items, parties=parties)

    @classmethod
    def from_mapping(cls, data: dict) -> ShopVocabulary:
        """Build from the tools package's `vocabulary()` plain data."""
        return cls(
            items=[VocabItem(i["name"], list(i.get("aliases") or []), i.get("unit") or "pc", _rate(i.get("rate")))
                   for i in data.get("items", [])],
            parties=[VocabParty(p["name"], list(p.get("aliases") or []), p.get("kind") or "customer")
                     for p in data.get("parties", [])],
        )

    def fingerprint(self) -> str:
        return json.dumps([[(i.name, tuple(i.aliases), i.unit, i.rate) for i in self.items],
                           [(p.name, tuple(p.aliases), p.kind) for p in self.parties]], ensure_ascii=False)


def _rate(cell) -> float | None:
    try:
        value = float(cell)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def _aliases(cell: str | None) -> list[str]:
    return [a.strip() for a in (cell or "").split("|") if a.strip()]


@dataclass
class VocabIndex:
    """Phonetic keys of every way to name a catalog item or a party, for the matcher."""

    items_by_script: dict[str, dict[str, set[str]]]  # script -> loose key of its forms -> names
    foreign_by_script: dict[str, dict[str, str]]
    items: dict[str, set[str]]  # loose key of any form -> catalog item names
    items_latin: dict[str, set[str]]  # strict key of a romanized form -> names
    raw_items: dict[str, set[str]]  # normalised form as written -> names
    foreign: dict[str, str]  # loose key -> lexicon concept this catalog does not sell
    foreign_latin: dict[str, str]  # strict key of a romanized form -> such a concept
    units: dict[str, str]  # catalog item -> unit
    rates: dict[str, float]  # catalog item -> selling price per unit (items with one)
    parties: dict[str, set[str]]  # party key -> canonical names
    party_kind: dict[str, str]
    party_keys: list[tuple[str, str]]  # (key, name) for prefix and fuzzy matching
    item_keys: list[str]
    max_words: int
    skeletons: dict[str, set[tuple[int, str]]] = field(default_factory=dict)  # skeleton -> (form length, name)


_SKEL_DROP = re.compile(r"[aeiouy]")


def skeleton(word: str) -> str:
    """The consonants of a romanized word, as misspellings keep them ("tamater", "tamatar" -> "tmtr";
    "hldi", "haldi" -> "hld"): aspiration, nasals before a consonant and doubled letters drop out."""
    w = word.lower().replace("z", "j").replace("w", "v").replace("q", "k").replace("ph", "f")
    w = re.sub(r"(?<=[^aeiouh\s])h", "", w)
    w = re.sub(r"n(?=[^aeiouyn\s])", "", w)
    w = _SKEL_DROP.sub("", w)
    return re.sub(r"(.)\1+", r"\1", w)


def _strip_honorifics(k: str) -> str:
    words = k.split()
    while len(words) > 1 and words[-1] in HONORIFIC_KEYS:
        words.pop()
    return " ".join(words)


class _KeyTable:
    """Phrase key -> names, where a stronger source (catalog name > alias > lexicon) shadows a weaker."""

    def __init__(self) -> None:
        self.names: dict[str, set[str]] = {}
        self.strength: dict[str, int] = {}

    def add(self, k: str, name: str, level: int) -> None:
        if not k or self.strength.get(k, 0) > level:
            return
        if self.strength.get(k, 0) < level:
            self.names[k] = set()
        self.names.setdefault(k, set()).add(name)
        self.strength[k] = level


def _is_indic(text: str) -> bool:
    return any(0x0900 <= ord(c) <= 0x0D7F for c in text)


def build_index(vocab: ShopVocabulary) -> VocabIndex:
    loose, latin = _KeyTable(), _KeyTable()
    by_script: dict[str, _KeyTable] = {}
    latin_loose = _KeyTable()
    units = {i.name: i.unit for i in vocab.items}
    raw_items: dict[str, set[str]] = {}

    def add(form: str, name: str, level: int) -> None:
        raw = normalise(form)
        if not raw:
            return
        raw_items.setdefault(raw, set()).add(name)
        k = key(raw)
        loose.add(k, name, level)
        if _is_indic(raw):
            by_script.setdefault(script_of(raw), _KeyTable()).add(k, name, level)
        else:
            latin.add(strict_key(raw), name, level)
            latin_loose.add(k, name, level)

    catalog_strict: dict[str, str] = {}
    for item in vocab.items:
        for form in [item.name, *item.aliases]:
            add(form, item.name, 3 if form == item.name else 2)
            catalog_strict.setdefault(strict_key(normalise(form)), item.name)
    foreign = _KeyTable()
    foreign_latin = _KeyTable()
    foreign_script: dict[str, _KeyTable] = {}
    for concept in concepts():
        targets = {catalog_strict[k] for k in (strict_key(normalise(f)) for f in concept.latin) if k in catalog_strict}
        if len(targets) == 1:
            target = targets.pop()
            for form in concept.forms:
                add(form, target, 1)
        elif not targets:
            for form in concept.forms:
                raw = normalise(form)
                foreign.add(key(raw), concept.name, 1)
                if not _is_indic(raw):
                    foreign_latin.add(strict_key(raw), concept.name, 1)
                    foreign_script.setdefault("Latn", _KeyTable()).add(key(raw), concept.name, 1)
                else:
                    foreign_script.setdefault(script_of(raw), _KeyTable()).add(key(raw), concept.name, 1)
    parties: dict[str, set[str]] = {}
    kinds = {}
    for party in vocab.parties:
        kinds[party.name] = party.kind
        forms = [party.name, *party.aliases]
        for form in forms:
            k = key(normalise(form))
            for variant in {k, _strip_honorifics(k)}:
                if variant and variant not in HONORIFIC_KEYS:
                    parties.setdefault(variant, set()).add(party.name)
        first = key(normalise(party.name)).split()
        if len(first) > 1 and len(first[0]) >= 3:
            parties.setdefault(first[0], set()).add(party.name)
    max_words = max([len(k.split()) for k in list(loose.names) + list(foreign.names) + list(parties)] or [1])
    return VocabIndex(
        items_by_script={**{sc: t.names for sc, t in by_script.items()}, "Latn": latin_loose.names},
        foreign_by_script={sc: {k: next(iter(v)) for k, v in t.names.items()} for sc, t in foreign_script.items()},
        items=loose.names, items_latin=latin.names, raw_items=raw_items,
        foreign={k: next(iter(v)) for k, v in foreign.names.items() if k not in loose.names},
        foreign_latin={k: next(iter(v)) for k, v in foreign_latin.names.items() if k not in latin.names},
        units=units, rates={i.name: i.rate for i in vocab.items if i.rate}, parties=parties, party_kind=kinds,
        party_keys=sorted(((k, next(iter(v))) for k, v in parties.items() if len(v) == 1), key=lambda kv: -len(kv[0])),
        item_keys=[k for k in loose.names if len(k) >= 5], max_words=max_words, skeletons=_skeletons(latin.names))


def _skeletons(latin: dict[str, set[str]]) -> dict[str, set[tuple[int, str]]]:
    out: dict[str, set[tuple[int, str]]] = {}
    for form, names in latin.items():
        if form.isascii() and form.count(" ") <= 1:
            sk = " ".join(skeleton(w) for w in form.split())
            if len(sk.replace(" ", "")) >= 3 and all(sk.split()):
                out.setdefault(sk, set()).update((len(form), name) for name in names)
    return out


_CACHE: dict[str, VocabIndex] = {}
_LOCK = threading.Lock()


def index_for(vocab: ShopVocabulary) -> VocabIndex:
    """The cached index of a vocabulary (rebuilt only when its content changes)."""
    cached = getattr(vocab, "_index", None)
    if cached is not None:
        return cached
    fp = vocab.fingerprint()
    with _LOCK:
        index = _CACHE.get(fp)
        if index is None:
            if len(_CACHE) > 64:
                _CACHE.clear()
            index = _CACHE[fp] = build_index(vocab)
    try:
        object.__setattr__(vocab, "_index", index)
    except AttributeError:
        pass
    return index
