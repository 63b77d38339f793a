"""Finding the item or party a tool names: exact name, alias, case-insensitive (the domain's
`find_item`/`find_party`), then a near miss with rapidfuzz at a high cutoff and a clear margin
over the runner-up. A miss raises UnknownItem/UnknownParty with the closest names as suggestions.

Only the shop's own catalog and parties are ever searched: another shop's names are unknown here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from rapidfuzz import fuzz, process, utils

from domain.books import catalog, parties
from domain.books.types import ItemInfo, PartyInfo
from domain.errors import UnknownItem, UnknownParty

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

# fuzz.ratio: "Suger" -> "Sugar" 80, "Tomatoes" -> "Tomato" 86, "Basmatti Rice" -> "Basmati Rice" 96.
ITEM_ACCEPT = 80
# People's names are stricter: "Ramesh" vs "Rajesh" scores 83 and they are different customers.
PARTY_ACCEPT = 90
MARGIN = 10  # the best must beat the next different entry by this much, else we ask back
SUGGEST = 70  # WRatio for suggestions ("rice" suggests "Rice" and "Basmati Rice") ...
SUGGEST_SPREAD = 20  # ... within this many points of the best one
MAX_SUGGESTIONS = 3

T = TypeVar("T", ItemInfo, PartyInfo)


def _names(entry: ItemInfo | PartyInfo) -> Iterable[str]:
    yield entry.name
    yield from entry.aliases


def closest(query: str, entries: Sequence[T], accept: float = ITEM_ACCEPT) -> tuple[T | None, tuple[str, ...]]:
    """(the entry a near miss clearly means or None, the canonical names closest to `query`)."""
    choices: list[str] = []
    owners: list[T] = []
    for entry in entries:
        for name in _names(entry):
            choices.append(name)
            owners.append(entry)
    if not choices or not query.strip():
        return None, ()
    scored = process.extract(query, choices, scorer=fuzz.ratio, processor=utils.default_process, limit=None)
    best: dict[int, float] = {}
    for _name, score, index in scored:
        key = owners[index].id
        best[key] = max(best.get(key, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    by_id = {e.id: e for e in entries}
    match = None
    if ranked and ranked[0][1] >= accept and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= MARGIN):
        match = by_id[ranked[0][0]]
    suggested: dict[int, float] = {}
    for _name, score, index in process.extract(
        query, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=None, score_cutoff=SUGGEST
    ):
        key = owners[index].id
        suggested[key] = max(suggested.get(key, 0.0), score)
    order = sorted(suggested.items(), key=lambda kv: (-kv[1], by_id[kv[0]].name))
    order = [kv for kv in order if kv[1] >= order[0][1] - SUGGEST_SPREAD]
    return match, tuple(by_id[key].name for key, _ in order[:MAX_SUGGESTIONS])


def resolve_item(uow: SqlUnitOfWork, shop_id: int, name: str) -> ItemInfo:
    try:
        return catalog.find_item(uow, shop_id, name)
    except UnknownItem:
        pass
    match, suggestions = closest(name, catalog.list_items(uow, shop_id))
    if match is not None:
        return match
    raise UnknownItem(name, suggestions)


def resolve_party(uow: SqlUnitOfWork, shop_id: int, name: str, kind: str | None = None) -> PartyInfo:
    """The party `name` means; with `kind`, suggestions of that kind come first."""
    try:
        return parties.find_party(uow, shop_id, name)
    except UnknownParty:
        pass
    every = parties.list_parties(uow, shop_id)
    match, suggestions = closest(name, every, PARTY_ACCEPT)
    if match is not None:
        return match
    if kind is not None:
        kinds = {p.name: p.kind for p in every}
        suggestions = tuple(sorted(suggestions, key=lambda s: kinds.get(s) != kind))
    raise UnknownParty(name, suggestions)
