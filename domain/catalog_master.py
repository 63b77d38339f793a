"""The starting facts of a generic kirana item: the unit it is usually sold in, its HSN and GST rate.

Keyed by the lexicon's concept name ("sugar", "toor dal"); a new shop's item learned from chat takes
these until the shop says otherwise. `master_entry(concept)` is None for a concept not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class MasterEntry:
    concept: str
    unit: str
    hsn: str
    gst_rate: Decimal


@lru_cache(maxsize=1)
def master() -> dict[str, MasterEntry]:
    text = resources.files("domain").joinpath("catalog_master.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        concept, unit, hsn, rate = line.split("\t")[:4]
        out[concept] = MasterEntry(concept, unit, hsn, Decimal(rate))
    return out


def master_entry(concept: str) -> MasterEntry | None:
    return master().get(concept.strip().casefold())


def display_name(concept: str) -> str:
    """A catalog name for a concept ("toor dal" -> "Toor Dal", "parle-g" -> "Parle-G")."""
    return concept.strip().title()
