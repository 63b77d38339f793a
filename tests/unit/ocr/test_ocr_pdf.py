"""PDF bills: a PDF with a text layer is read from its text without any OCR, a broken one is refused
as unreadable, and the bot accepts a PDF document like a photo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.ocr import ImageRejected, read_invoice
from domain.ocr.model import OcrResult
from domain.ocr.pdf import is_pdf, page_images, text_layer
from domain.ocr.port import DOCUMENT_TYPES
from tests.ocr_synth.generator import generate_pdf


class RefusingEngine:
    """An engine that must not be asked: a text-layer PDF needs no OCR."""

    name = "refusing"

    def read(self, image: bytes) -> OcrResult:
        raise AssertionError("the OCR engine was asked to read a PDF that has a text layer")


class PageCountingEngine:
    """Records the page images it was given and answers with a fixed text."""

    name = "counting"

    def __init__(self, text: str) -> None:
        self.text = text
        self.images: list[bytes] = []

    def read(self, image: bytes) -> OcrResult:
        self.images.append(image)
        return OcrResult.from_text(self.text, engine=self.name)


@pytest.mark.parametrize("seed", [4, 11, 23])
def test_a_pdf_with_a_text_layer_is_read_from_its_text_without_ocr(seed):
    data, truth = generate_pdf(seed)
    draft = read_invoice(data, RefusingEngine(), content_type="application/pdf")
    assert draft.supplier_gstin.value == truth.supplier_gstin
    assert draft.invoice_no.value == truth.invoice_no
    assert draft.invoice_date.value == date.fromisoformat(truth.invoice_date)
    assert draft.total.value == D(truth.total)
    assert draft.looks_like_invoice()


def test_a_pdf_is_recognised_by_its_signature_even_when_sent_as_octet_stream():
    data, _ = generate_pdf(4)
    assert is_pdf(data, "application/octet-stream")
    assert not is_pdf(b"\xff\xd8\xff\xe0 jpeg bytes", "image/jpeg")


def test_an_image_only_pdf_has_no_text_layer_and_its_first_page_goes_to_the_engine():
    data, truth = generate_pdf(7, text_layer=False)
    assert text_layer(data).strip() == ""
    engine = PageCountingEngine(f"TAX INVOICE\nGSTIN {truth.supplier_gstin}\nInvoice No: {truth.invoice_no}\n"
                                f"Grand Total {truth.total}")
    draft = read_invoice(data, engine, content_type="application/pdf")
    assert len(engine.images) == 1 and engine.images[0].startswith(b"\x89PNG")
    assert draft.total.value == D(truth.total)


def test_a_rendered_page_is_large_enough_for_ocr():
    from io import BytesIO

    from PIL import Image

    data, _ = generate_pdf(7, text_layer=False)
    [png] = page_images(data)
    assert Image.open(BytesIO(png)).size[1] >= 2000


def test_a_broken_pdf_is_refused_as_unreadable():
    with pytest.raises(ImageRejected) as refused:
        read_invoice(b"%PDF-1.4 truncated nonsense", RefusingEngine(), content_type="application/pdf")
    assert refused.value.reason == "unreadable"


def test_the_bot_accepts_pdf_documents_as_bills():
    assert "application/pdf" in DOCUMENT_TYPES
