"""Invoice OCR: bill photos to purchase-invoice drafts.

    from domain.ocr import read_invoice, InvoiceDraft
    draft = read_invoice(image_bytes, engine)   # fields with confidences and failed checks

The engine is an `OcrEngine` (see `domain.ocr.engines.build_engine`); extraction and checks are
pure Python.
"""

from domain.ocr.checks import TOLERANCE, check
from domain.ocr.extract import extract
from domain.ocr.model import DraftLine, Field, InvoiceDraft, OcrResult, Problem, TextLine, Word
from domain.ocr.port import ImageRejected, OcrEngine, check_image
from domain.ocr.read import read_invoice, recheck

__all__ = [
    "TOLERANCE", "DraftLine", "Field", "ImageRejected", "InvoiceDraft", "OcrEngine", "OcrResult", "Problem",
    "TextLine", "Word", "check", "check_image", "extract", "read_invoice", "recheck",
]
