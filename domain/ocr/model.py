"""What OCR read and what we understood of it: words, lines, fields with confidences, the draft.

`InvoiceDraft` is plain data with exact money (Decimal) and a versioned JSON form (`to_dict` /
`from_dict`) so the bot can keep it in the dialogue state while the shopkeeper checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

DRAFT_VERSION = 1

# Fields of the draft, by the kind of value they hold (for JSON and for edits).
TEXT_FIELDS = ("supplier_name", "supplier_gstin", "buyer_gstin", "invoice_no", "place_of_supply")
DATE_FIELDS = ("invoice_date",)
MONEY_FIELDS = ("taxable", "cgst", "sgst", "igst", "cess", "tax", "round_off", "total")
ALL_FIELDS = TEXT_FIELDS + DATE_FIELDS + MONEY_FIELDS

# Below this a field is shown as "in doubt" and asked about.
DOUBT_BELOW = 0.6


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word with its box (pixels: left, top, width, height) and confidence 0..1."""

    text: str
    confidence: float
    left: int = 0
    top: int = 0
    width: int = 0
    height: int = 0


@dataclass(frozen=True, slots=True)
class TextLine:
    """A visual line: its words left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0

    @property
    def height(self) -> int:
        heights = sorted(w.height for w in self.words)
        return heights[len(heights) // 2] if heights else 0


@dataclass(frozen=True, slots=True)
class OcrResult:
    """What an engine read: lines of words (Tesseract) and/or structured fields (Textract)."""

    engine: str
    lines: tuple[TextLine, ...] = ()
    structured: dict[str, Any] | None = None  # engine-mapped fields, see domain.ocr.textract_map
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @classmethod
    def from_text(cls, text: str, engine: str = "text", confidence: float = 0.9) -> OcrResult:
        """Build a result from plain text (fixtures, PDFs with a text layer); one word per token."""
        lines = []
        for row, raw in enumerate(text.splitlines()):
            tokens = raw.split()
            if tokens:
                lines.append(
                    TextLine(tuple(Word(t, confidence, left=i * 50, top=row * 30, width=40, height=20)
                                   for i, t in enumerate(tokens)))
                )
        return cls(engine=engine, lines=tuple(lines))


@dataclass(slots=True)
class Field:
    """One extracted value, the text it came from, and how sure we are (0..1)."""

    value: Any = None
    confidence: float = 0.0
    raw: str | None = None
    edited: bool = False  # set by the user in chat: fully trusted

    @property
    def present(self) -> bool:
        return self.value is not None


@dataclass(slots=True)
class DraftLine:
    """One item row of the bill; money in rupees (Decimal), `taxable` before tax."""

    description: str
    qty: Decimal | None = None
    unit: str | None = None
    rate: Decimal | None = None
    taxable: Decimal | None = None
    hsn: str | None = None
    gst_rate: Decimal | None = None
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class Problem:
    """One failed check: a stable code, the fields it puts in doubt, and the numbers behind it."""

    code: str
    fields: tuple[str, ...]
    detail: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class InvoiceDraft:
    """Everything read from one bill, each field with a confidence, and every check that failed."""

    supplier_name: Field = field(default_factory=Field)
    supplier_gstin: Field = field(default_factory=Field)
    buyer_gstin: Field = field(default_factory=Field)
    invoice_no: Field = field(default_factory=Field)
    invoice_date: Field = field(default_factory=Field)
    place_of_supply: Field = field(default_factory=Field)  # two-digit state code
    taxable: Field = field(default_factory=Field)
    cgst: Field = field(default_factory=Field)
    sgst: Field = field(default_factory=Field)
    igst: Field = field(default_factory=Field)
    cess: Field = field(default_factory=Field)
    tax: Field = field(default_factory=Field)  # the printed total tax, when there is one
    round_off: Field = field(default_factory=Field)
    total: Field = field(default_factory=Field)
    lines: list[DraftLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    engine: str = ""
    text: str = ""

    def get(self, name: str) -> Field:
        if name not in ALL_FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    @property
    def tax_total(self) -> Decimal | None:
        """CGST + SGST + IGST + cess when any is known, else the printed total tax."""
        parts = [self.get(n).value for n in ("cgst", "sgst", "igst", "cess") if self.get(n).present]
        if parts:
            return sum(parts, Decimal(0))
        return self.tax.value

    @property
    def taxable_value(self) -> Decimal | None:
        """The printed taxable value, else the sum of the lines, else total minus tax."""
        if self.taxable.present:
            return self.taxable.value
        if self.lines and all(line.taxable is not None for line in self.lines):
            return sum((line.taxable for line in self.lines if line.taxable is not None), Decimal(0))
        tax = self.tax_total
        if self.total.present and tax is not None:
            return self.total.value - tax - (self.round_off.value or Decimal(0))
        return None

    def doubtful_fields(self) -> list[str]:
        """Fields a check put in doubt or read with low confidence, in display order."""
        named = {f for p in self.problems for f in p.fields}
        out = []
        for name in ALL_FIELDS:
            f = self.get(name)
            if f.edited:
                continue
            if name in named or (f.present and f.confidence < DOUBT_BELOW):
                out.append(name)
        return out

    def looks_like_invoice(self) -> bool:
        """At least an amount and one identifying field (number, date, GSTIN or supplier)."""
        has_amount = self.total.present or self.taxable.present or bool(self.lines)
        has_id = any(self.get(n).present for n in ("invoice_no", "invoice_date", "supplier_gstin"))
        return has_amount and has_id

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": DRAFT_VERSION, "engine": self.engine}
        for name in ALL_FIELDS:
            f = self.get(name)
            out[name] = {"value": _dump(f.value), "confidence": round(f.confidence, 3), "raw": f.raw,
                         "edited": f.edited}
        out["lines"] = [
            {"description": ln.description, "qty": _dump(ln.qty), "unit": ln.unit, "rate": _dump(ln.rate),
             "taxable": _dump(ln.taxable), "hsn": ln.hsn, "gst_rate": _dump(ln.gst_rate),
             "confidence": round(ln.confidence, 3)}
            for ln in self.lines
        ]
        out["problems"] = [{"code": p.code, "fields": list(p.fields), "detail": dict(p.detail)}
                           for p in self.problems]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InvoiceDraft:
        if data.get("version") != DRAFT_VERSION:
            raise ValueError(f"unknown draft version {data.get('version')!r}")
        draft = cls(engine=data.get("engine", ""))
        for name in ALL_FIELDS:
            raw = data.get(name) or {}
            value = raw.get("value")
            if value is not None:
                if name in MONEY_FIELDS:
                    value = Decimal(value)
                elif name in DATE_FIELDS:
                    value = date.fromisoformat(value)
            setattr(draft, name, Field(value, float(raw.get("confidence", 0.0)), raw.get("raw"),
                                       bool(raw.get("edited", False))))
        draft.lines = [
            DraftLine(description=ln["description"], qty=_dec(ln.get("qty")), unit=ln.get("unit"),
                      rate=_dec(ln.get("rate")), taxable=_dec(ln.get("taxable")), hsn=ln.get("hsn"),
                      gst_rate=_dec(ln.get("gst_rate")), confidence=float(ln.get("confidence", 0.0)))
            for ln in data.get("lines", [])
        ]
        draft.problems = [Problem(p["code"], tuple(p["fields"]), dict(p.get("detail", {})))
                          for p in data.get("problems", [])]
        return draft


def _dump(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
