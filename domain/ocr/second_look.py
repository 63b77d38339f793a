"""A second reading of a bill whose total nothing on the first reading confirms.

Tesseract's page segmentation decides which words end up on one line; a right-aligned amount
split from its label, or a smudged figure, can leave the total unconfirmed by the bill's own
arithmetic. A second pass with another segmentation (one uniform block, Latin script only)
reads the page differently; its total is taken only when that reading's printed arithmetic
confirms it, and its date and supplier only where the first reading found none. Engines that
are not Tesseract (Textract: one paid call per page) are not asked twice.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from domain.ocr.arith import total_relations
from domain.ocr.model import InvoiceDraft, OcrResult
from domain.ocr.port import ImageRejected, OcrEngine

Reader = Callable[[OcrEngine, bytes], OcrResult]
DOUBTS = ("total_unchecked", "total_mismatch", "missing")


def confirmed(draft: InvoiceDraft) -> bool:
    """The total is read, and the bill's printed arithmetic or the draft's own figures confirm it."""
    if not draft.total.present:
        return False
    if total_relations(draft.total.value, draft.text):
        return True
    return not any(p.code in DOUBTS and "total" in p.fields for p in draft.problems)


def second_engine(engine: OcrEngine) -> OcrEngine | None:
    """The same Tesseract engine reading the page as one block of Latin text, or None."""
    inner: Any = getattr(engine, "_engine", None) or engine  # a LazyEngine after its first read
    if getattr(inner, "name", None) != "tesseract" or not hasattr(inner, "psm"):
        return None
    again = copy.copy(inner)
    again.psm = 6 if inner.psm != 6 else 4
    again.latin = again.languages = again.tamil_languages = "eng"
    return again


def _read(engine: OcrEngine, image: bytes) -> OcrResult:
    return engine.read(image)


def second_look(draft: InvoiceDraft, image: bytes, engine: OcrEngine,
                make: Callable[[OcrResult], InvoiceDraft], *, reader: Reader = _read) -> InvoiceDraft:
    """`draft`, or `draft` with the total (and a missing date or supplier) of a second reading
    whose arithmetic confirms it; `make` turns a reading into a checked draft."""
    if confirmed(draft):
        return draft
    again = second_engine(engine)
    if again is None:
        return draft
    try:
        other = make(reader(again, image))
    except ImageRejected:
        return draft
    if not (other.total.present and total_relations(other.total.value, other.text)) and draft.total.present:
        return draft
    return _merged(draft, other)


def _merged(first: InvoiceDraft, second: InvoiceDraft) -> InvoiceDraft:
    """The first reading with the second's total, and its date and supplier where the first had none."""
    first.total = second.total
    first.text = second.text if second.total.present else first.text
    for name in ("invoice_date", "supplier_name", "invoice_no"):
        if not first.get(name).present and second.get(name).present:
            setattr(first, name, second.get(name))
    return first
