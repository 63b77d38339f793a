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
from intents.translit import key

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


@dataclass(frozen=True)
class VocabParty:
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "customer"


@dataclass
class ShopVocabulary:
    items: list[VocabItem] = field(default_factory=list)
    parties: list[VocabParty] = field(default_factory=list)

    @classmethod
    def from_shop_dir(cls, path: str | Path) -> ShopVocabulary:
        """Read `catalog.csv` and `parties.csv` of a demo-style shop folder."""
        folder = Path(path)
        items, parties = [], []
        with open(folder / "catalog.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                items.append(VocabItem(row["name"].strip(), _aliases(row.get("aliases")), (row.get("unit") or "pc").strip()))
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
            items=[VocabItem(i["name"], list(i.get("aliases") or []), i.get("unit") or "pc") for i in data.get("items", [])],
            parties=[VocabParty(p["name"], list(p.get("aliases") or []), p.get("kind") or "customer")
                     for p in data.get("parties", [])],
        )

    def fingerprint(self) -> str:
        return json.dumps([[(i.name, tuple(i.aliases), i.unit) for i in self.items],
                           [(p.name, tuple(p.aliases), p.kind) for p in self.parties]], ensure_ascii=False)


def _aliases(cell: str | None) -> list[str]:
    return [a.strip() for a in (cell or "").split("|") if a.strip()]


@dataclass
class VocabIndex:
    """Phonetic keys of every way to name a catalog item or a party, for the matcher."""

    items: dict[str, set[str]]  # phrase key -> catalog item names
    raw_items: dict[str, set[str]]  # normalised phrase as written -> catalog item names
    item_strength: dict[str, int]  # phrase key -> 2 catalog name/alias, 1 lexicon form
    foreign: dict[str, str]  # phrase key -> lexicon concept name not in this catalog
    units: dict[str, str]  # catalog item -> unit
    parties: dict[str, set[str]]  # party key -> canonical names
    party_kind: dict[str, str]
    party_keys: list[tuple[str, str]]  # (key, name) for prefix and fuzzy matching
    item_keys: list[str]
    max_words: int


def _strip_honorifics(k: str) -> str:
    words = k.split()
    while len(words) > 1 and words[-1] in HONORIFIC_KEYS:
        words.pop()
    return " ".join(words)


def build_index(vocab: ShopVocabulary) -> VocabIndex:
    items: dict[str, set[str]] = {}
    strength: dict[str, int] = {}
    units = {i.name: i.unit for i in vocab.items}

    raw_items: dict[str, set[str]] = {}

    def add(form: str, name: str, level: int) -> None:
        raw = normalise(form)
        if raw:
            raw_items.setdefault(raw, set()).add(name)
        k = key(raw)
        if not k:
            return
        if strength.get(k, 0) > level:
            return
        if strength.get(k, 0) < level:
            items[k] = set()
        items.setdefault(k, set()).add(name)
        strength[k] = level

    catalog_keys: dict[str, str] = {}
    for item in vocab.items:
        for form in [item.name, *item.aliases]:
            add(form, item.name, 3 if form == item.name else 2)
            catalog_keys.setdefault(key(normalise(form)), item.name)
    foreign: dict[str, str] = {}
    for concept in concepts():
        latin_keys = {key(normalise(f)) for f in concept.latin}
        targets = {catalog_keys[k] for k in latin_keys if k in catalog_keys}
        if len(targets) == 1:
            target = targets.pop()
            for form in concept.forms:
                add(form, target, 1)
        elif not targets:
            for form in concept.forms:
                k = key(normalise(form))
                if k and k not in catalog_keys:
                    foreign.setdefault(k, concept.name)
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
    max_words = max([len(k.split()) for k in list(items) + list(foreign) + list(parties)] or [1])
    return VocabIndex(items, raw_items, strength, foreign, units, parties, kinds,
                      sorted(((k, next(iter(v))) for k, v in parties.items() if len(v) == 1), key=lambda kv: -len(kv[0])),
                      [k for k in items if len(k) >= 4], max_words)


_CACHE: dict[str, VocabIndex] = {}
_LOCK = threading.Lock()
_WS = re.compile(r"\s+")


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
