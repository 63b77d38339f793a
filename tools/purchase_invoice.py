"""`record_purchase_invoice`: book a supplier's GST invoice read from a bill photo.

The supplier is matched by GSTIN (then by name) or added with its GSTIN; each line is matched to
the catalog by name, alias or a clear fuzzy match, and unknown items are refused (listed) unless
`add_unknown_items` is set; the voucher takes the invoice's own taxable value and CGST/SGST/IGST,
spread over the lines, so the input tax credit is exactly what the bill says. The photo is kept
with the voucher (documents table). The same supplier's same invoice number is never booked twice
(`duplicate_invoice`), and the same message never posts twice.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator, model_validator
from rapidfuzz import fuzz, process, utils

from domain.books import catalog, parties, shops, vouchers
from domain.books.types import ItemInfo, LineInput, PartyInfo
from domain.errors import InvalidArgument, UnknownItem
from domain.gst import ALL_RATES, addresses, find_state, is_valid_gstin, normalise_gstin, state_of
from domain.money import allocate, paise_to_rupees, rupees_to_paise
from domain.store.documents import DocumentRepository
from tools.args import Amount, Name, Payment, ToolArgs, UnitArg
from tools.common import voucher_date
from tools.context import ToolContext, ToolResult
from tools.present import rupees, voucher_data
from tools.resolve import closest
from tools.spec import spec

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from domain.store.uow import SqlUnitOfWork

SLABS = ALL_RATES  # the GST master's rates
TOKEN_ACCEPT = 90  # token_set_ratio: "Tata Salt 1kg" -> "Tata Salt" 100; must also beat the runner-up by 10
_SIZE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:kg|g|gm|l|ltr|ml|pc|pcs)\b", re.IGNORECASE)


class InvoiceLine(ToolArgs):
    """One line of the bill as printed."""

    description: Name = Field(description="the item as the bill names it")
    item: Name | None = Field(None, description="the shop's catalog name when the user said which item it is")
    qty: Decimal = Field(gt=0, le=Decimal(1_000_000), description="quantity in `unit`")
    unit: UnitArg | None = Field(None, description="the bill's unit, else the item's catalog unit")
    taxable: Amount = Field(description="the line's taxable value in rupees (before GST)")
    gst_rate: Decimal | None = Field(None, ge=0, le=40, description="GST percent printed for the line")
    hsn: str | None = Field(None, pattern=r"^\d{2,8}$", description="HSN code printed for the line")


class DocumentRef(ToolArgs):
    """The photo the invoice was read from, as the media store keeps it."""

    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    content_type: str = Field(max_length=64)
    size_bytes: int = Field(ge=0)
    media_key: str | None = Field(None, max_length=512)
    engine: str | None = Field(None, max_length=32)


class RecordPurchaseInvoice(ToolArgs):
    """Book a supplier's GST invoice (read from a bill photo): purchase voucher with the bill's own
    taxable value and CGST/SGST/IGST as input tax, the supplier matched by GSTIN or added, items
    matched to the catalog (unknown ones refused unless `add_unknown_items`), stock in, photo kept."""

    supplier: Name = Field(description="the supplier's name as printed")
    supplier_gstin: str | None = Field(None, description="the supplier's GSTIN (15 characters)")
    invoice_no: Name = Field(max_length=40, description="the supplier's invoice number")
    invoice_date: dt.date | None = Field(None, description="the invoice date, YYYY-MM-DD")
    lines: list[InvoiceLine] = Field(default_factory=list, description="the bill's item lines")
    taxable: Amount | None = Field(None, description="the bill's total taxable value, rupees")
    cgst: Decimal | None = Field(None, ge=0, description="total CGST, rupees")
    sgst: Decimal | None = Field(None, ge=0, description="total SGST/UTGST, rupees")
    igst: Decimal | None = Field(None, ge=0, description="total IGST, rupees")
    round_off: Decimal | None = Field(None, gt=-1, lt=1, description="the bill's round-off, rupees (under ₹1), booked to the round-off account")
    total: Amount | None = Field(None, description="the bill's grand total, rupees")
    payment: Payment = Field("credit", description="how the bill is settled; a supplier's bill is on credit by default")
    add_unknown_items: bool = Field(False, description="add items the catalog lacks instead of refusing")
    buyer_gstin: str | None = Field(None, description="the buyer's (the shop's) GSTIN as printed on the bill")
    tax_as_printed: bool = Field(False, description="book the bill's CGST/SGST/IGST even when they contradict "
                                                    "its GSTINs (after the user confirmed)")
    document: DocumentRef | None = Field(None, description="the stored photo of the bill")
    extracted: dict[str, Any] | None = Field(None, description="what OCR read (kept with the photo)")

    @field_validator("supplier_gstin")
    @classmethod
    def _gstin(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return value.strip().upper().replace(" ", "")

    @model_validator(mode="after")
    def _something_to_book(self) -> RecordPurchaseInvoice:
        if not self.lines and self.total is None and self.taxable is None:
            raise ValueError("give the bill's lines or its total")
        return self


# --- matching -----------------------------------------------------------------------------

def match_item(description: str, items: list[ItemInfo]) -> tuple[ItemInfo | None, tuple[str, ...]]:
    """The catalog item a bill's line means (exact name or alias, near miss, or the catalog name
    contained in a longer description), and suggestions when there is none."""
    key = " ".join(description.lower().split())
    for item in items:
        if key == item.name.lower() or key in (a.lower() for a in item.aliases):
            return item, ()
    match, suggestions = closest(description, items)
    if match is not None:
        return match, suggestions
    bare = _SIZE.sub("", description).strip() or description
    choices = {i: [item.name, *item.aliases] for i, item in enumerate(items)}
    flat = [(name, i) for i, names in choices.items() for name in names]
    if not flat:
        return None, suggestions
    scored = process.extract(bare, [n for n, _ in flat], scorer=fuzz.token_set_ratio, processor=utils.default_process,
                             limit=None)
    best: dict[int, float] = {}
    for _name, score, index in scored:
        owner = flat[index][1]
        best[owner] = max(best.get(owner, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if ranked and ranked[0][1] >= TOKEN_ACCEPT and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= 10):
        return items[ranked[0][0]], suggestions
    return None, suggestions


def unknown_lines(session_factory: sessionmaker[Session], shop_id: int, descriptions: list[str]) -> list[str]:
    """The descriptions no catalog item matches (read-only; the bot asks about them first)."""
    from domain.store.uow import SqlUnitOfWork

    with SqlUnitOfWork(session_factory) as uow:
        items = catalog.list_items(uow, shop_id)
    return [d for d in descriptions if match_item(d, items)[0] is None]


def _supplier(uow: SqlUnitOfWork, shop_id: int, name: str, gstin: str | None) -> tuple[PartyInfo, bool]:
    """(the supplier, whether it was added now): by GSTIN, then by name, else added."""
    clean = normalise_gstin(gstin) if gstin else None
    every = parties.list_parties(uow, shop_id)
    if clean:
        for party in every:
            if party.gstin == clean:
                return party, False
    match, _ = closest(name, every, 90)
    if match is not None and (clean is None or match.gstin in (None, clean)):
        if clean and match.gstin is None:  # the bill tells its GSTIN, and so its state (IGST or CGST+SGST)
            addresses.record_gstin(uow, shop_id, match.id, clean)
            match = parties.find_party(uow, shop_id, match.name)
        return match, False
    base = " ".join(name.split())
    taken = {p.name.lower() for p in every}
    final = base if base.lower() not in taken else f"{base} {clean[:2] if clean else ''}".strip()
    if final.lower() in taken:
        final = f"{base} ({clean})" if clean else f"{base} (supplier)"
    return parties.add_party(uow, shop_id, name=final, kind="supplier", gstin=clean), True


def _weights(amounts: list[int]) -> list[int]:
    return amounts if any(amounts) else [1] * len(amounts)


# --- the use case -------------------------------------------------------------------------

def tax_contradiction(supplier_gstin: str | None, destination: str | None, cgst: Decimal | None,
                      sgst: Decimal | None, igst: Decimal | None) -> str | None:
    """Why the printed tax cannot be right for the two states: IGST within one state, or CGST/SGST
    across states (None when it fits, or when a state is unknown)."""
    origin = state_of(supplier_gstin) if is_valid_gstin(supplier_gstin) else None
    if origin is None or destination is None:
        return None
    split = (cgst or 0) + (sgst or 0)
    if origin == destination and (igst or 0) > 0:
        return "igst_on_intra_state"
    if origin != destination and split > 0:
        return "cgst_sgst_on_inter_state"
    return None


def _read(extracted: dict[str, Any] | None, name: str) -> str | None:
    value = ((extracted or {}).get(name) or {}).get("value")
    return str(value).strip().upper() if value else None


def bill_destination(args: RecordPurchaseInvoice, shop_state: str) -> str:
    """Where the bill says the goods go: its place of supply, else its buyer's GSTIN (given or as
    read from the photo), else the shop's own state."""
    said = _read(args.extracted, "place_of_supply")
    if said and find_state(said):
        return str(find_state(said))
    for gstin in (args.buyer_gstin, _read(args.extracted, "buyer_gstin")):
        if is_valid_gstin(gstin):
            return str(state_of(gstin))
    return shop_state


def _check_tax(uow: SqlUnitOfWork, ctx: ToolContext, args: RecordPurchaseInvoice) -> None:
    """A bill whose printed tax contradicts its GSTINs is refused before it is booked (unless the
    user confirmed it as printed): the input tax credit would be wrong."""
    if args.tax_as_printed:
        return
    destination = bill_destination(args, shops.get_shop(uow, ctx.shop_id).state_code)
    reason = tax_contradiction(args.supplier_gstin, destination, args.cgst, args.sgst, args.igst)
    if reason:
        raise InvalidArgument("tax", reason)


def record_purchase_invoice(uow: SqlUnitOfWork, ctx: ToolContext, args: RecordPurchaseInvoice) -> ToolResult:
    on = voucher_date(ctx, args.invoice_date)
    _check_tax(uow, ctx, args)
    supplier, supplier_added = _supplier(uow, ctx.shop_id, args.supplier, args.supplier_gstin)
    items = catalog.list_items(uow, ctx.shop_id)
    resolved: list[ItemInfo] = []
    unknown: list[str] = []
    added: list[str] = []
    for line in args.lines:
        item = None
        if line.item:
            item, _ = match_item(line.item, items)
        if item is None:
            item, _ = match_item(line.description, items)
        if item is None and args.add_unknown_items:
            cost = (line.taxable / line.qty).quantize(Decimal("0.01"))
            item = catalog.add_item(uow, ctx.shop_id, name=line.description, unit=line.unit or "pc", cost=cost,
                                    hsn=line.hsn, gst_rate=line.gst_rate if line.gst_rate in SLABS else Decimal(0))
            items.append(item)
            added.append(item.name)
        if item is None:
            unknown.append(line.description)
        else:
            resolved.append(item)
    if unknown:
        raise UnknownItem(", ".join(unknown), ())

    taxes = {k: getattr(args, k) for k in ("cgst", "sgst", "igst")}
    lines: list[LineInput] = []
    if args.lines:
        line_paise = [rupees_to_paise(line.taxable) for line in args.lines]
        taxable_paise = rupees_to_paise(args.taxable) if args.taxable is not None else sum(line_paise)
        taxable_split = allocate(taxable_paise, _weights(line_paise))
        rates = [line.gst_rate if line.gst_rate is not None else item.gst_rate
                 for line, item in zip(args.lines, resolved, strict=True)]
        tax_weights = _weights([int(p * r) for p, r in zip(taxable_split, rates, strict=True)])
        shares = {k: allocate(rupees_to_paise(v), tax_weights) if v is not None else None for k, v in taxes.items()}
        for n, (line, item) in enumerate(zip(args.lines, resolved, strict=True)):
            explicit = {k: (paise_to_rupees(s[n]) if s is not None else None) for k, s in shares.items()}
            if all(v is None for v in explicit.values()):
                explicit = {}
            lines.append(LineInput(item=item.name, qty=line.qty, unit=line.unit or item.unit,
                                   taxable=paise_to_rupees(taxable_split[n]), gst_rate=rates[n], **explicit))
        posted = vouchers.post_purchase(uow, ctx.shop_id, user_id=ctx.user_id, on=on, lines=lines, party=supplier.name,
                                        payment=args.payment, invoice_no=args.invoice_no,
                                        source_message_id=ctx.message_id, round_off=args.round_off)
    else:
        tax = sum((v for v in taxes.values() if v is not None), Decimal(0))
        if args.taxable is not None:
            amount = args.taxable + tax
        else:
            assert args.total is not None  # the input model requires lines, a taxable value or a total
            amount = args.total - (args.round_off or Decimal(0))
        slab: Decimal | None = None
        if args.taxable:
            effective = tax * 100 / args.taxable
            slab = min(SLABS, key=lambda s: abs(s - effective))
            if abs(args.taxable * slab / 100 - tax) > Decimal(1):
                raise InvalidArgument("tax", "not_a_single_gst_rate")
        posted = vouchers.post_purchase(uow, ctx.shop_id, user_id=ctx.user_id, on=on, amount=amount, gst_rate=slab,
                                        party=supplier.name, payment=args.payment, invoice_no=args.invoice_no,
                                        source_message_id=ctx.message_id, round_off=args.round_off)
    document_id = None
    if args.document is not None:
        doc = DocumentRepository(uow.session).add(
            ctx.shop_id, sha256=args.document.sha256, content_type=args.document.content_type,
            size_bytes=args.document.size_bytes, media_key=args.document.media_key, voucher_id=posted.id,
            source_message_id=ctx.message_id, engine=args.document.engine, extracted=args.extracted or {},
        )
        document_id = doc.id
    data = voucher_data(posted)
    data.update(supplier_added=supplier_added, items_added=added, document_id=document_id,
                supplier_gstin=supplier.gstin)
    if args.round_off:
        data["round_off"] = rupees(args.round_off)  # booked: the voucher total is the printed grand total
    return ToolResult(data=data, voucher=posted.number)


SPECS = (spec("record_purchase_invoice", RecordPurchaseInvoice, "purchases", record_purchase_invoice, money=True),)
