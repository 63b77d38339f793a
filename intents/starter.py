"""A shop's starting vocabulary: its own catalog joined with the lexicon's kirana items it has not
catalogued yet, so that "2 किलो चीनी बेची" in an empty shop is understood as a sale of Sugar.

`with_lexicon(vocab, units)` returns a new `ShopVocabulary` whose extra items are named by
`starter_name(concept)`; `starter_concepts(vocab)` says which names those are (item -> concept), so
the bot can ask before anything is booked against an item the shop has not confirmed once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping

from intents.lexicon import Concept, concepts
from intents.normalise import normalise
from intents.translit import key, strict_key
from intents.vocab import ShopVocabulary, VocabItem


def starter_name(concept: str) -> str:
    """The catalog name a lexicon concept gets in a shop ("toor dal" -> "Toor Dal")."""
    return concept.strip().title()


def _covered(vocab: ShopVocabulary) -> tuple[set[str], set[str]]:
    names = {strict_key(normalise(i.name)) for i in vocab.items}
    forms = {strict_key(normalise(f)) for i in vocab.items for f in (i.name, *i.aliases)}
    return names, forms


def starter_concepts(vocab: ShopVocabulary) -> dict[str, str]:
    """Lexicon items the shop has not catalogued: their starter name -> concept."""
    names, forms = _covered(vocab)
    out = {}
    for concept in concepts():
        keys = {strict_key(normalise(f)) for f in concept.latin}
        if keys & forms or strict_key(normalise(starter_name(concept.name))) in names:
            continue
        out[starter_name(concept.name)] = concept.name
    return out


def _forms(concept: Concept) -> list[str]:
    """A concept's names, less short Latin-letter ones no Indic name shares ("cell" for a battery would
    otherwise be read inside a name such as "செல்வம்")."""
    indic = {key(normalise(f)) for f in concept.forms if not f.isascii()}
    return [f for f in concept.forms if not f.isascii() or len(key(normalise(f))) >= 4 or key(normalise(f)) in indic]


_CACHE: dict[str, ShopVocabulary] = {}
_LOCK = threading.Lock()
MAX_CACHED = 64


def with_lexicon(vocab: ShopVocabulary, units: Mapping[str, str] | None = None) -> ShopVocabulary:
    """`vocab` plus every lexicon item it lacks (its forms as aliases, its usual unit from `units`); the
    same object for the same shop vocabulary, so the parser's index of it is built once."""
    units = units or {}
    cache_key = vocab.fingerprint() + json.dumps(sorted(units.items()))
    with _LOCK:
        cached = _CACHE.get(cache_key)
    if cached is not None:
        return cached
    joined = _join(vocab, units)
    with _LOCK:
        if len(_CACHE) >= MAX_CACHED:
            _CACHE.clear()
        _CACHE[cache_key] = joined
    return joined


def _join(vocab: ShopVocabulary, units: Mapping[str, str]) -> ShopVocabulary:
    by_name = {c.name: c for c in concepts()}
    extra = [
        VocabItem(name, [f for f in _forms(by_name[concept]) if f.casefold() != name.casefold()],
                  units.get(concept, "pc"), None)
        for name, concept in starter_concepts(vocab).items()
    ]
    return ShopVocabulary(items=[*vocab.items, *extra], parties=list(vocab.parties),
                          learnable=frozenset(item.name for item in extra))
