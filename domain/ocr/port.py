"""The OCR port: image bytes in, what was read out (`OcrResult`), or a refusal named as a fact.

Adapters live in `domain.ocr.engines` (Tesseract embedded, Textract in production); everything
after the engine — extraction and checks — is pure Python and engine-agnostic.

    DomainError
    └── ImageRejected        (reason: "unreadable" | "too_large" | "unsupported")
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from domain.errors import DomainError
from domain.ocr.model import OcrResult

# Larger images are refused before decoding (decompression bombs, 100-megapixel phone shots).
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/tiff", "image/bmp")
# What `read_invoice` accepts: the image types, and PDFs (see domain.ocr.pdf).
DOCUMENT_TYPES = IMAGE_TYPES + ("application/pdf", "application/x-pdf")


class ImageRejected(DomainError):
    code = "image_rejected"

    def __init__(self, reason: str) -> None:
        self.reason = reason  # "unreadable" | "too_large" | "unsupported"
        super().__init__(reason=reason)


@runtime_checkable
class OcrEngine(Protocol):
    """Reads one image. `name` identifies the engine in drafts and stored documents."""

    name: str

    def read(self, image: bytes) -> OcrResult:
        """What the image says; raises ImageRejected when it cannot be read at all."""
        ...


def check_image(image: bytes, content_type: str | None = None) -> None:
    """Refuse what no engine should try: empty, huge, or not an image type we read."""
    if not image:
        raise ImageRejected("unreadable")
    if len(image) > MAX_IMAGE_BYTES:
        raise ImageRejected("too_large")
    if content_type is not None:
        base = content_type.split(";")[0].strip().lower()
        if base not in IMAGE_TYPES:
            raise ImageRejected("unsupported")
