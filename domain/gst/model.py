"""Plain records the returns are built from (read from the books by `domain.store.gst_queries`),
and the problems and notices a return comes back with.

Money is integer paise; quantities are thousandths of the item's own unit; rates basis points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(slots=True)
class GstLine:
    item: str
    hsn: str | None
    unit: str  # the item's own unit
    qty_milli: int
    rate_bp: int
    taxable: int
    cgst: int
    sgst: int
    igst: int
    catalog_rate_bp: int | None = None  # the item's own rate (a composition shop's lines carry 0)

    @property
    def tax(self) -> int:
        return self.cgst + self.sgst + self.igst


@dataclass(slots=True)
class GstDoc:
    """A sale, sale return (credit note), purchase or purchase return with its party and lines."""

    id: int
    type: str
    number: str
    date: date
    total: int
    taxable: int
    cgst: int
    sgst: int
    igst: int
    party: str | None = None
    party_gstin: str | None = None
    party_state: str | None = None
    party_address: str | None = None
    party_city: str | None = None
    party_pincode: str | None = None
    party_phone: str | None = None
    place_said: str | None = None  # the voucher's own place of supply
    reverses: int | None = None
    reversed_by: int | None = None
    lines: list[GstLine] = field(default_factory=list)

    @property
    def live(self) -> bool:
        """Neither undone nor itself an undo: a document that stands."""
        return self.reverses is None and self.reversed_by is None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that makes a return wrong (`code`, with the facts in `detail`)."""

    code: str
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, **self.detail}


@dataclass(frozen=True, slots=True)
class ReturnFile:
    """A return or document as the portal takes it, with what is wrong and what is only noted."""

    form: str
    period: str
    payload: dict[str, Any]
    problems: tuple[Problem, ...] = ()
    notices: tuple[Problem, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)
