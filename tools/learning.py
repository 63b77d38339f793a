"""What a write names that the shop's books do not know yet: items not in its catalog (with the
starting unit, HSN and GST rate of the generic kirana master when the item is one of its concepts)
and a party not among its customers or suppliers (with the near-duplicates it may really mean).

`whats_new(session_factory, shop_id, tool, args)` only reads; the bot asks the user about what it
returns before anything is booked, then adds the items and the party with `add_item`/`add_party`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process, utils

from domain.books import catalog, parties
from domain.books.packs import PACK_UNITS, pack_size
from domain.catalog_master import master_entry
from domain.errors import IncompatibleUnits, InvalidUnit, UnknownItem, UnknownParty
from domain.store.uow import SqlUnitOfWork
from domain.units import compatible
from tools.resolve import PARTY_ACCEPT, closest

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

# Tools whose items and party must be known to the books before they run.
ITEM_TOOLS = frozenset({"record_sale", "record_purchase", "record_sale_return", "adjust_stock", "set_price",
                        "set_pack_size"})
PARTY_TOOLS = frozenset({"record_sale", "record_purchase", "record_sale_return", "record_payment_in",
                         "record_payment_out", "set_opening_balance", "set_party_details"})
SUPPLIER_SIDE = frozenset({"record_purchase", "record_payment_out"})
BULK_UNITS = ("bag", "box")  # a new item said in these is kept loose, and the bag's size is asked
SIMILAR = 72  # WRatio of a new name to an existing party worth asking about ("Ramu" ~ "Ramasamy")
MAX_SIMILAR = 2


@dataclass
class NewItem:
    item: str
    unit: str
    hsn: str | None = None
    gst_rate: Decimal | None = None
    known_word: bool = False  # one of the kirana master's items (else a word the bot has never seen)
    priceless: bool = False  # already in the catalog, but with no selling price to sell it at

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "unit": self.unit, "hsn": self.hsn,
                "gst_rate": str(self.gst_rate) if self.gst_rate is not None else None, "known_word": self.known_word,
                "priceless": self.priceless}


@dataclass
class NewPack:
    """A line said in a bag, box or pack of an item kept in another unit, whose size the shop never said."""

    item: str
    unit: str  # the pack said: bag, box, pack
    item_unit: str

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "unit": self.unit, "item_unit": self.item_unit}


@dataclass
class News:
    items: list[NewItem] = field(default_factory=list)
    packs: list[NewPack] = field(default_factory=list)
    party: str | None = None
    kind: str = "customer"
    similar: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.items and not self.packs and self.party is None


def _lines(tool: str, args: dict) -> list[dict]:
    if tool in ("adjust_stock", "set_price", "set_pack_size"):
        unit = args.get("qty_unit") if tool == "set_pack_size" else args.get("unit")
        return [{"item": args.get("item"), "unit": unit}] if args.get("item") else []
    return [line for line in args.get("items") or [] if isinstance(line, dict) and line.get("item")]


def _new_item(name: str, said_unit: str | None) -> NewItem:
    entry = master_entry(name)
    if entry is None:
        return NewItem(item=name, unit=said_unit or "pc")
    unit = entry.unit
    try:
        if said_unit and not compatible(said_unit, entry.unit) and said_unit not in BULK_UNITS:
            unit = said_unit  # "1 packet chai patti": sold by the packet (a bori of rice is asked about)
    except (IncompatibleUnits, InvalidUnit):
        unit = said_unit or entry.unit
    return NewItem(item=name, unit=unit, hsn=entry.hsn, gst_rate=entry.gst_rate, known_word=True)


def _needs_pack(said: str, unit: str) -> bool:
    try:
        return said in PACK_UNITS and not compatible(said, unit)
    except (IncompatibleUnits, InvalidUnit):
        return False


def _similar(name: str, names: list[str]) -> list[str]:
    hits = process.extract(name, names, scorer=fuzz.WRatio, processor=utils.default_process,
                           limit=MAX_SIMILAR, score_cutoff=SIMILAR)
    return [hit[0] for hit in hits]


def whats_new(session_factory: sessionmaker[Session], shop_id: int, tool: str, args: dict) -> News:
    news = News()
    with SqlUnitOfWork(session_factory) as uow:
        if tool in ITEM_TOOLS:
            every = catalog.list_items(uow, shop_id)
            seen: set[str] = set()
            for line in _lines(tool, args):
                name = str(line["item"]).strip()
                if name.casefold() in seen:
                    continue
                seen.add(name.casefold())
                try:
                    found = catalog.find_item(uow, shop_id, name)
                except UnknownItem:
                    found = closest(name, every)[0]
                said = line.get("unit")
                if found is None:
                    new = _new_item(name, said)
                    news.items.append(new)
                    if said in BULK_UNITS and _needs_pack(said, new.unit):
                        news.packs.append(NewPack(new.item, said, new.unit))
                    continue
                if said and _needs_pack(said, found.unit) and pack_size(uow, shop_id, found.id, said) is None:
                    news.packs.append(NewPack(found.name, said, found.unit))
                elif tool == "record_sale" and found.rate.paise == 0 and not (line.get("rate") or line.get("amount")):
                    news.items.append(NewItem(item=found.name, unit=found.unit, known_word=True, priceless=True))
        party = args.get("party")
        if tool in PARTY_TOOLS and isinstance(party, str) and party.strip():
            try:
                parties.find_party(uow, shop_id, party)
            except UnknownParty:
                people = parties.list_parties(uow, shop_id)
                if closest(party, people, PARTY_ACCEPT)[0] is None:
                    news.party = party.strip()
                    supplier = tool in SUPPLIER_SIDE or args.get("kind") == "supplier"
                    news.kind = "supplier" if supplier else "customer"
                    news.similar = _similar(party, [p.name for p in people])
    return news
