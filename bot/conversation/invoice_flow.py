"""Bill photos in the conversation: a photo becomes a draft purchase card, and the shopkeeper's
"haan" books it, "nahi" drops it, and "total 5420 hai" / "bill number 1234" / "date 2/11/2026" /
"GSTIN ..." correct it first.

The turn (`bot.conversation.turn`) calls `handle_invoice_media(ctx, media, data)` for a photo and
`handle_draft_reply(ctx, text)` while a draft waits; the draft lives in the dialogue state
(`dialogue.invoice_draft`, versioned JSON). Nothing is written until "haan", and then through
`record_purchase_invoice` with the photo's message id, so confirming twice books once.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import intents
from bot.app.observability import get_logger
from bot.conversation.context import TurnContext, render
from bot.conversation.dialogue import State
from bot.conversation.messages import InboundMedia, Reply
from domain.ocr import Field, ImageRejected, InvoiceDraft, read_invoice, recheck
from domain.ocr.dates import parse_date
from domain.ocr.gstin import find_gstins, state_code
from domain.ocr.port import DOCUMENT_TYPES, MAX_IMAGE_BYTES
from tools import TOOLS, directory
from tools.permissions import allowed
from tools.purchase_invoice import unknown_lines

log = get_logger("munshi.invoice")

DRAFT_TTL = timedelta(hours=6)
REQUIRED = ("supplier_name", "invoice_no", "total")
# Our fields -> the catalog's field names (ocr.field.*).
FIELD_LABEL = {
    "supplier_name": "supplier", "supplier_gstin": "gstin", "buyer_gstin": "gstin", "invoice_no": "invoice_no",
    "invoice_date": "date", "total": "total", "taxable": "total", "round_off": "total", "cgst": "tax",
    "sgst": "tax", "igst": "tax", "tax": "tax",
}
# The grand total is asked about before the taxable value that shares its label.
DOUBT_ORDER = ("supplier_name", "supplier_gstin", "invoice_no", "invoice_date", "total", "cgst", "sgst", "igst", "tax",
               "taxable", "round_off", "buyer_gstin")
YES = {"haan", "han", "ha", "haa", "haanji", "ji", "yes", "y", "ok", "okay", "sahi", "sahi hai", "theek", "thik",
       "theek hai", "likh do", "book", "done", "हाँ", "हां", "हा", "जी", "ठीक", "ठीक है", "सही", "ஆமா", "ஆம்", "சரி"}
NO = {"nahi", "nahin", "na", "no", "cancel", "rehne do", "mat", "chhodo", "नहीं", "नही", "ना", "रहने दो", "வேண்டாம்",
      "இல்லை"}
CHANGE = {"badlo", "badal", "change", "edit", "galat", "बदलो", "गलत", "மாற்று", "మార్చు", "বদলাও", "बदला", "બદલો",
          "ಬದಲಿಸಿ", "മാറ്റുക", "ਬਦਲੋ"}

_NUM = r"(?:₹|rs\.?\s*)?([\d,]+(?:\.\d{1,2})?)"
_EDITS: list[tuple[str, re.Pattern[str]]] = [
    ("invoice_no", re.compile(r"(?:bill|invoice|inv|बिल|பில்)\s*(?:no\.?|number|nambar|num|नं\.?|नंबर|संख्या|எண்)?\s*"
                              r"(?:hai|is|:|-|=)?\s*([A-Za-z0-9][A-Za-z0-9/\-]*)", re.IGNORECASE)),
    ("invoice_date", re.compile(r"(?:date|dt|tarikh|tareekh|dinank|दिनांक|तारीख|தேதி)\s*(?:hai|is|:|-|=)?\s*(.+)",
                                re.IGNORECASE)),
    ("supplier_gstin", re.compile(r"(?:gstin|gst\s*no\.?|gst\s*number|gst)\s*(?:hai|is|:|-|=)?\s*([0-9A-Za-z ]{15,22})",
                                  re.IGNORECASE)),
    ("taxable", re.compile(r"(?:taxable|sub\s*total|कर\s*योग्य)\s*(?:value|amount)?\s*(?:hai|is|:|-|=)?\s*" + _NUM,
                           re.IGNORECASE)),
    ("tax", re.compile(r"(?:gst|tax|कर|जीएसटी)\s*(?:amount)?\s*(?:hai|is|:|-|=)?\s*" + _NUM, re.IGNORECASE)),
    ("total", re.compile(r"(?:grand\s*total|total|kul|कुल|மொத்தம்)\s*(?:amount|raashi|rashi|राशि)?\s*(?:hai|is|:|-|=)?\s*"
                         + _NUM, re.IGNORECASE)),
    ("supplier_name", re.compile(r"(?:supplier|party|dukaan|dukan|seller|vendor)\s*(?:name|naam)?\s*(?:hai|is|:|-|=)?"
                                 r"\s*(.+)", re.IGNORECASE)),
]


def _words(text: str) -> str:
    return " ".join(re.sub(r"[!?.,।]+", " ", text.lower()).split())


def _dialogue_act(ctx, text: str, words: str) -> str | None:
    """"confirm" / "cancel" in any of the ten languages: the quick word lists first, then the parser."""
    if words in NO:
        return "cancel"
    if words in YES:
        return "confirm"

    result = intents.parse(text, intents.ShopVocabulary(), today=ctx.today)
    return result.tool if result.tool in ("confirm", "cancel") else None


def _engine(ctx: TurnContext):
    return ctx.deps.ocr


def ocr_engine(ctx):
    """The OCR engine of the services (Tesseract unless the composition root chose another)."""
    return _engine(ctx)


def _allowed(ctx) -> bool:
    return allowed(ctx.user.role, TOOLS["record_purchase_invoice"].permission)


# --- the photo ----------------------------------------------------------------------------

def handle_invoice_media(ctx, media: InboundMedia, data: bytes) -> list[Reply]:
    """A photo of a bill: a draft card to confirm, or a clear reason why not (nothing is written)."""
    content_type = media.content_type.split(";")[0].strip().lower()
    if not _allowed(ctx):
        return [Reply(text=ctx.t("error.permission_denied", role=ctx.user.role))]
    if content_type not in DOCUMENT_TYPES:
        return [Reply(text=ctx.t("error.media_unsupported"))]
    if len(data) > MAX_IMAGE_BYTES:
        return [Reply(text=ctx.t("ocr.too_large"))]
    if not data:
        return [Reply(text=ctx.t("ocr.unreadable"))]
    sha256 = hashlib.sha256(data).hexdigest()
    booked = _already_booked(ctx, sha256)
    if booked is not None:
        return [Reply(text=ctx.t("ocr.duplicate", invoice_no=booked[0], party=booked[1]))]
    try:
        draft = read_invoice(data, _engine(ctx), content_type=content_type, shop_gstin=ctx.shop.gstin, today=ctx.today)
    except ImageRejected as exc:
        key = {"too_large": "ocr.too_large", "unsupported": "error.media_unsupported"}.get(exc.reason, "ocr.unreadable")
        return [Reply(text=ctx.t(key))]
    if not draft.looks_like_invoice():
        return [Reply(text=ctx.t("ocr.not_invoice"))]
    media_key = _stored_key(ctx, media, data) or ctx.deps.media_store.put(data, content_type)

    unknown = unknown_lines(ctx.session_factory, ctx.shop.id, [ln.description for ln in draft.lines])
    ctx.dialogue.invoice_draft = {
        "draft": draft.to_dict(),
        "message_id": ctx.inbound.message_key,
        "created_at": ctx.now.isoformat(),
        "unknown_items": unknown,
        "document": {"sha256": sha256, "content_type": content_type, "size_bytes": len(data), "media_key": media_key,
                     "engine": draft.engine or None},
    }
    ctx.dialogue.state = State.AWAITING_INVOICE_REPLY
    return [Reply(text=card(ctx, draft, unknown))]


def _stored_key(ctx, media: InboundMedia, data: bytes) -> str | None:
    """The media store's key when the photo is already there (the web simulator stores uploads)."""
    if not media.url.startswith("media:"):
        return None
    key = media.url.removeprefix("media:")
    try:
        stored = ctx.deps.media_store.get(key)
    except Exception:  # noqa: BLE001 - not a key of ours: store the bytes afresh
        return None
    return key if stored.data == data else None


def _already_booked(ctx, sha256: str) -> tuple[str, str] | None:
    """(invoice number, supplier) when this very photo already booked a voucher of this shop."""
    extracted = directory.booked_photo(ctx.session_factory, ctx.shop.id, sha256)
    if extracted is None:
        return None
    return ((extracted.get("invoice_no") or {}).get("value") or "?",
            (extracted.get("supplier_name") or {}).get("value") or "?")


def card(ctx, draft: InvoiceDraft, unknown: list[str]) -> str:
    """The draft as one message: the summary line, the fields in doubt, unknown items, the question."""
    t = ctx.t
    tax = draft.tax_total
    taxable = draft.taxable_value
    lines = [t("ocr.card", supplier=draft.supplier_name.value or "?", invoice_no=draft.invoice_no.value or "?",
               date=t.date(draft.invoice_date.value) if draft.invoice_date.present else "?",
               taxable=t.money(taxable) if taxable is not None else "?", tax=t.money(tax) if tax is not None else "?",
               count=len(draft.lines))]
    asked: set[str] = set()
    doubts = sorted(draft.doubtful_fields(), key=lambda n: DOUBT_ORDER.index(n) if n in DOUBT_ORDER else 99)
    for name in [*(n for n in REQUIRED if not draft.get(n).present), *doubts]:
        label = FIELD_LABEL.get(name)
        if label is None or label in asked:
            continue
        asked.add(label)
        lines.append(t("ocr.field_doubt", field=t(f"ocr.field.{label}"), value=_shown(ctx, draft, name)))
    if unknown:
        lines.append(t("ocr.unknown_items", items=", ".join(unknown)))
    lines.append(t("ocr.ask_confirm"))
    return "\n".join(lines)


def _shown(ctx, draft: InvoiceDraft, name: str) -> str:
    if name in ("cgst", "sgst", "igst", "tax"):
        value = draft.tax_total
        return ctx.t.money(value) if value is not None else "?"
    f = draft.get(name)
    if f.value is None:
        return "?"
    if isinstance(f.value, Decimal):
        return ctx.t.money(f.value)
    if name == "invoice_date":
        return ctx.t.date(f.value)
    return str(f.value)


# --- the replies while a draft waits ------------------------------------------------------

def handle_draft_reply(ctx, text: str) -> list[Reply] | None:
    """haan / nahi / an edit for the waiting draft; None when the text is about something else."""
    pending = ctx.dialogue.invoice_draft
    if not pending:
        return None
    words = _words(text)
    created = datetime.fromisoformat(pending["created_at"])
    if ctx.now - created > DRAFT_TTL:
        _clear(ctx)
        return [Reply(text=ctx.t("confirm.expired"))]
    draft = InvoiceDraft.from_dict(pending["draft"])
    act = _dialogue_act(ctx, text, words)
    if act == "cancel":
        _clear(ctx)
        return [Reply(text=ctx.t("confirm.cancelled"))]
    if act == "confirm":
        return _book(ctx, pending, draft)
    if words in CHANGE:
        return [Reply(text=card(ctx, draft, pending.get("unknown_items", [])))]
    edited = apply_edit(draft, text)
    if edited is None:
        return None
    name, shown = edited
    recheck(draft, today=ctx.today, shop_gstin=ctx.shop.gstin)
    pending["draft"] = draft.to_dict()
    ctx.dialogue.invoice_draft = dict(pending)
    label = ctx.t(f"ocr.field.{FIELD_LABEL.get(name, 'total')}")
    applied = ctx.t("ocr.edit_applied", field=label, value=_shown(ctx, draft, name) if name != "tax" else shown)
    return [Reply(text=applied + "\n" + card(ctx, draft, pending.get("unknown_items", [])))]


def _money(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if value >= 0 else None


def apply_edit(draft: InvoiceDraft, text: str) -> tuple[str, str] | None:
    """Apply one correction said in chat; (the field changed, the value as said), or None."""
    for name, pattern in _EDITS:
        m = pattern.search(text)
        if not m:
            continue
        raw = m.group(1).strip()
        if name == "invoice_no":
            if raw.lower() in ("hai", "is", "number", "no", "date", "dt", "tarikh", "dinank"):
                continue
            draft.invoice_no = Field(raw, 1.0, text, edited=True)
        elif name == "invoice_date":
            value = parse_date(raw)
            if value is None:
                continue
            draft.invoice_date = Field(value, 1.0, text, edited=True)
        elif name == "supplier_gstin":
            reads = [g for g in find_gstins(raw) if g.valid]
            if not reads:
                continue
            draft.supplier_gstin = Field(reads[0].value, 1.0, text, edited=True)
        elif name == "supplier_name":
            draft.supplier_name = Field(raw.strip(" .'\""), 1.0, text, edited=True)
        else:
            amount = _money(raw)
            if amount is None:
                continue
            if name == "tax":
                _set_tax(draft, amount, text)
            else:
                setattr(draft, name, Field(amount, 1.0, text, edited=True))
        return name, raw
    return None


def _set_tax(draft: InvoiceDraft, tax: Decimal, text: str) -> None:
    """A total GST said in chat: IGST for an inter-state bill, else half CGST and half SGST."""
    supplier_state = state_code(draft.supplier_gstin.value)
    buyer_state = draft.place_of_supply.value or state_code(draft.buyer_gstin.value)
    inter = draft.igst.present or (supplier_state is not None and buyer_state is not None and supplier_state != buyer_state)
    draft.tax = Field(tax, 1.0, text, edited=True)
    if inter:
        draft.igst = Field(tax, 1.0, text, edited=True)
        draft.cgst, draft.sgst = Field(), Field()
    else:
        half = (tax / 2).quantize(Decimal("0.01"))
        draft.cgst = Field(half, 1.0, text, edited=True)
        draft.sgst = Field(tax - half, 1.0, text, edited=True)
        draft.igst = Field()


def _clear(ctx) -> None:
    ctx.dialogue.invoice_draft = None
    if ctx.dialogue.state is State.AWAITING_INVOICE_REPLY:
        ctx.dialogue.state = State.IDLE


def tool_args(draft: InvoiceDraft, pending: dict[str, Any]) -> dict[str, Any]:
    """The `record_purchase_invoice` arguments for a confirmed draft (JSON-able)."""
    # Lines read without a quantity are left out; the tool spreads the bill's own taxable value and
    # tax over the rest, so the voucher's money and input tax are the bill's even when a line was
    # misread (the card showed that doubt and the user said haan).
    lines = [ln for ln in draft.lines if ln.qty is not None and ln.qty > 0 and ln.taxable is not None and ln.taxable > 0]
    args: dict[str, Any] = {
        "supplier": draft.supplier_name.value,
        "invoice_no": draft.invoice_no.value,
        "payment": "credit",
        "add_unknown_items": True,  # the card listed them and the user said haan
        "document": pending.get("document"),
        "extracted": draft.to_dict(),
    }
    if draft.supplier_gstin.present and not any(p.code == "gstin_invalid" and "supplier_gstin" in p.fields
                                                for p in draft.problems):
        args["supplier_gstin"] = draft.supplier_gstin.value
    if draft.invoice_date.present:
        args["invoice_date"] = draft.invoice_date.value.isoformat()
    taxable = draft.taxable_value
    if taxable is not None and taxable > 0:
        args["taxable"] = str(taxable)
    for name in ("cgst", "sgst", "igst", "round_off", "total"):
        f = draft.get(name)
        if f.present:
            args[name] = str(f.value)
    if "cgst" not in args and "sgst" not in args and "igst" not in args and draft.tax.present:
        args["igst" if draft.place_of_supply.value and draft.place_of_supply.value != state_code(
            draft.supplier_gstin.value) else "cgst"] = str(draft.tax.value)
    if lines:
        args["lines"] = [
            {"description": ln.description[:120], "qty": str(ln.qty), "unit": ln.unit, "taxable": str(ln.taxable),
             "gst_rate": str(ln.gst_rate) if ln.gst_rate is not None else None,
             "hsn": ln.hsn}
            for ln in lines
        ]
    return args


def _book(ctx, pending: dict[str, Any], draft: InvoiceDraft) -> list[Reply]:
    missing = [n for n in REQUIRED if not draft.get(n).present]
    if missing:
        t = ctx.t
        return [Reply(text="\n".join(t("ocr.field_doubt", field=t(f"ocr.field.{FIELD_LABEL[n]}"), value="?")
                                     for n in missing))]
    args = tool_args(draft, pending)
    outcome = ctx.run_tool("record_purchase_invoice", args, message_id=pending["message_id"])
    if (not outcome.ok and args.get("lines") and outcome.error is not None and outcome.error.code == "invalid_arguments"
            and outcome.error.details.get("reason") == "incompatible_units"):
        # the bill counts an item in a unit its catalog entry cannot convert (bags of a kg item):
        # book the bill's money and tax without the stock lines rather than not at all
        args.pop("lines")
        outcome = ctx.run_tool("record_purchase_invoice", args, message_id=pending["message_id"])
    if outcome.ok:
        _clear(ctx)
        ctx.dialogue.last_voucher = outcome.voucher or ctx.dialogue.last_voucher
        return [Reply(text=ctx.t("ocr.booked", voucher=outcome.voucher) + "\n" + ctx.t("undo.hint"))]
    if outcome.error is not None and outcome.error.code == "duplicate_invoice":
        _clear(ctx)
        details = outcome.error.details
        return [Reply(text=ctx.t("ocr.duplicate", invoice_no=details.get("invoice_no", draft.invoice_no.value),
                                 party=details.get("party", draft.supplier_name.value)))]

    if outcome.error is not None:
        log.info("invoice_refused", code=outcome.error.code, details=str(outcome.error.details)[:300])
    return [Reply(text=render(ctx, outcome))]
