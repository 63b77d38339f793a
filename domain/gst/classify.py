"""Where a sale or credit note goes in GSTR-1 (gst.md §1.3), and the number formats the portal
takes: amounts as JSON numbers with 2 decimals, dates dd-mm-yyyy, periods MMYYYY.

Sections: `b2b` (buyer with a GSTIN), `b2cl` (unregistered, inter-state, invoice above the Rule
59(4) limit), `b2cs` (every other unregistered supply); credit notes go to `cdnr` (registered),
`cdnur` (B2CL-type) or are netted into `b2cs`. Nil-rated lines go to `nil` whatever the section.
"""

from __future__ import annotations

from datetime import date

from domain.gst.master import b2cl_limit_paise, is_valid_gstin, place_of_supply
from domain.gst.model import GstDoc

B2B, B2CL, B2CS, CDNR, CDNUR = "b2b", "b2cl", "b2cs", "cdnr", "cdnur"
SALE_TYPES = ("sale", "sale_return")
PURCHASE_TYPES = ("purchase", "purchase_return")


def amount(paise: int) -> float:
    """Paise as the portal's rupee number (2 decimals; float of an exact quotient prints exactly)."""
    return paise / 100


def gst_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def slash_date(day: date) -> str:
    """dd/mm/yyyy: the e-invoice and e-way bill form."""
    return day.strftime("%d/%m/%Y")


def return_period(month_end: date) -> str:
    """MMYYYY of the return's (last) month."""
    return month_end.strftime("%m%Y")


def rate_number(bp: int) -> float | int:
    """Basis points as the portal's `rt` (18, 0.25, 1.5)."""
    return bp // 100 if bp % 100 == 0 else bp / 100


def registered(doc: GstDoc) -> bool:
    return is_valid_gstin(doc.party_gstin)


def pos_of(doc: GstDoc, home: str) -> str:
    return place_of_supply(home, doc.party_gstin, doc.party_state, doc.place_said)


def section_of(doc: GstDoc, home: str) -> str:
    """The GSTR-1 section of a live sale or credit note."""
    inter = pos_of(doc, home) != home
    if doc.type == "sale":
        if registered(doc):
            return B2B
        return B2CL if inter and doc.total > b2cl_limit_paise(doc.date) else B2CS
    if registered(doc):
        return CDNR
    return CDNUR if inter and abs(doc.total) > b2cl_limit_paise(doc.date) else B2CS
