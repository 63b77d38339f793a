"""The embedded engine end to end: generated bill images (printed A4, a Hindi-labelled bill turned
on its side, a thermal receipt photographed at an angle) read by the real Tesseract after the
OpenCV clean-up, and the fields that matter come out exactly."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal as D

import pytest

from domain.ocr import ImageRejected, read_invoice
from domain.ocr.engines import build_engine
from tests.ocr_synth.generator import generate

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")]


@pytest.fixture(scope="module")
def engine():
    return build_engine("tesseract")


@pytest.mark.parametrize("seed, layout, degradation", [(3, "a4", "clean"), (5, "hindi", "rotated"),
                                                       (8, "thermal", "photo")])
def test_a_generated_bill_is_read_exactly_on_the_fields_that_matter(engine, seed, layout, degradation):
    data, truth = generate(seed, layout, degradation)
    draft = read_invoice(data, engine)
    assert draft.supplier_gstin.value == truth.supplier_gstin
    assert draft.invoice_no.value == truth.invoice_no
    assert draft.invoice_date.value == date.fromisoformat(truth.invoice_date)
    assert draft.total.value == D(truth.total)
    assert draft.looks_like_invoice()


def test_a_blank_photo_is_refused_as_unreadable(engine):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 1000), (235, 235, 230)).save(out, "JPEG")
    with pytest.raises(ImageRejected) as refused:
        read_invoice(out.getvalue(), engine)
    assert refused.value.reason == "unreadable"


def test_bytes_that_are_no_image_are_refused_as_unreadable(engine):
    with pytest.raises(ImageRejected) as refused:
        read_invoice(b"%PDF-1.4 not an image at all", engine)
    assert refused.value.reason == "unreadable"


def test_a_scanned_pdf_without_text_is_rendered_and_read_by_tesseract(engine):
    from tests.ocr_synth.generator import generate_pdf

    data, truth = generate_pdf(5, text_layer=False)
    draft = read_invoice(data, engine, content_type="application/pdf")
    assert draft.supplier_gstin.value == truth.supplier_gstin
    assert draft.invoice_no.value == truth.invoice_no
    assert draft.total.value == D(truth.total)


def test_the_indic_reread_puts_hindi_words_back_on_their_rows_of_the_page(engine):
    import numpy as np

    from domain.ocr.engines.preprocess import prepare

    data, _ = generate(21, "hindi", "clean")
    gray = prepare(data, None)
    latin = engine._pass(gray, "eng")
    reread, _ = engine._reread_rows(gray, latin, "eng+hin")
    devanagari = [w for ln in reread for w in ln.words if any("\u0900" <= ch <= "\u097f" for ch in w.text)]
    assert devanagari, "the Hindi labels were not read"
    height = gray.shape[0]
    assert all(0 <= w.top < height for w in devanagari)
    # each Hindi word sits on a row where the Latin pass also saw something
    latin_rows = np.array([(min(w.top for w in ln.words), max(w.top + w.height for w in ln.words)) for ln in latin])
    for w in devanagari:
        middle = w.top + w.height / 2
        assert ((latin_rows[:, 0] - w.height <= middle) & (middle <= latin_rows[:, 1] + w.height)).any()
