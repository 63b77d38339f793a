"""OCR engine adapters (the edge: these import pytesseract and OpenCV, or take a boto3 client).

`build_engine` is what the composition root calls with `settings.ocr_engine`; the heavy imports
happen only for the engine asked for.
"""

from __future__ import annotations

from typing import Any

from domain.ocr.port import OcrEngine


def build_engine(name: str = "tesseract", *, textract_client: Any = None, **options: Any) -> OcrEngine:
    """"tesseract" (embedded default) or "textract" (needs a boto3 Textract client)."""
    if name == "tesseract":
        from domain.ocr.engines.tesseract import TesseractEngine

        return TesseractEngine(**options)
    if name == "textract":
        if textract_client is None:
            raise ValueError("the textract engine needs a boto3 textract client")
        from domain.ocr.engines.textract import TextractEngine

        return TextractEngine(textract_client)
    raise ValueError(f"unknown OCR engine {name!r}")
