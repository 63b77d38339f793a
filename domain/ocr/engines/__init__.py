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


class LazyEngine:
    """An engine built on its first read, so a process that never sees a photo never loads OpenCV
    or Tesseract (or makes a boto3 client)."""

    def __init__(self, name: str = "tesseract", *, textract_client_factory: Any = None, **options: Any) -> None:
        self.name = name
        self._factory = textract_client_factory
        self._options = options
        self._engine: OcrEngine | None = None

    def read(self, image: bytes):
        if self._engine is None:
            client = self._factory() if (self.name == "textract" and self._factory is not None) else None
            self._engine = build_engine(self.name, textract_client=client, **self._options)
        return self._engine.read(image)
