"""`read_invoice`: one bill photo or PDF through an engine, field extraction and the cross-checks."""

from __future__ import annotations

from datetime import date

from domain.ocr.checks import check
from domain.ocr.extract import extract
from domain.ocr.model import InvoiceDraft, OcrResult
from domain.ocr.pdf import is_pdf, read_pdf
from domain.ocr.port import OcrEngine, check_image
from domain.ocr.second_look import Reader, second_look
from domain.ocr.textract_map import merge_structured


def read_invoice(
    image: bytes,
    engine: OcrEngine,
    *,
    content_type: str | None = None,
    shop_gstin: str | None = None,
    today: date | None = None,
) -> InvoiceDraft:
    """The draft of a purchase invoice; raises ImageRejected for an image no engine can read.

    A draft that `looks_like_invoice()` is false for is returned as is: the caller says "this does
    not look like a bill" rather than booking it.
    """
    if is_pdf(image, content_type):
        check_image(image)
        return draft_from_result(read_pdf(image, engine), shop_gstin=shop_gstin, today=today)
    check_image(image, content_type)
    return read_photo(image, engine, shop_gstin=shop_gstin, today=today)


def read_photo(image: bytes, engine: OcrEngine, *, shop_gstin: str | None = None, today: date | None = None,
               reader: Reader | None = None) -> InvoiceDraft:
    """A photo's checked draft; read a second time when the first reading's total is unconfirmed
    (see second_look). `reader` reads an image with an engine (default: the engine's own read)."""
    read = reader or (lambda eng, img: eng.read(img))

    def make(result: OcrResult) -> InvoiceDraft:
        return draft_from_result(result, shop_gstin=shop_gstin, today=today)

    draft = second_look(make(read(engine, image)), image, engine, make, reader=read)
    return recheck(draft, today=today, shop_gstin=shop_gstin)


def draft_from_result(result: OcrResult, *, shop_gstin: str | None = None, today: date | None = None) -> InvoiceDraft:
    """The checked draft of what an engine read (fields found, Textract's structured fields merged)."""
    draft = extract(result, shop_gstin=shop_gstin)
    if result.structured:
        merge_structured(draft, result.structured)
    shop_state = shop_gstin[:2] if shop_gstin else None
    draft.problems = check(draft, today=today, shop_state=shop_state)
    return draft


def recheck(draft: InvoiceDraft, *, today: date | None = None, shop_gstin: str | None = None) -> InvoiceDraft:
    """Run the checks again after the user edited a field."""
    draft.problems = check(draft, today=today, shop_state=shop_gstin[:2] if shop_gstin else None)
    return draft
