"""PDF bills (suppliers send them on WhatsApp): the embedded text layer when there is one, else the
first pages rendered to images and read by the OCR engine.

Uses pypdfium2 (PDFium, the PDF engine of Chrome). A PDF that PDFium cannot open is refused as
"unreadable"; an encrypted one likewise. Nothing here touches the network or the disk.
"""

from __future__ import annotations

import io

from domain.ocr.model import OcrResult, TextLine
from domain.ocr.port import ImageRejected, OcrEngine

PDF_TYPES = ("application/pdf", "application/x-pdf")
# Only the first pages are read: a tax invoice's header, items and totals are on page 1 or 2.
MAX_PAGES = 2
# A text layer shorter than this (a scanner's stray stamp, a page number) is not trusted.
MIN_TEXT_CHARS = 40
# Render scale: 72 dpi × 3 ≈ 216 dpi, enough for Tesseract on A4 without huge images.
RENDER_SCALE = 3.0
# A rendered page never exceeds this many pixels (A4 at RENDER_SCALE is 4.5 million): a huge page is
# rendered smaller, and one that would be unreadably small at that size is refused before rendering.
MAX_RENDER_PIXELS = 16_000_000
MIN_RENDER_SCALE = 0.25
# A row's height in `OcrResult.from_text` coordinates; pages are stacked below each other.
_PAGE_ROWS = 1000


def is_pdf(data: bytes, content_type: str | None = None) -> bool:
    """Whether the bytes are a PDF: by their declared type or by the %PDF signature."""
    if content_type is not None and content_type.split(";")[0].strip().lower() in PDF_TYPES:
        return True
    return data[:1024].lstrip().startswith(b"%PDF")


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ImageRejected("unreadable") from exc


def text_layer(data: bytes, max_pages: int = MAX_PAGES) -> str:
    """The embedded text of the first pages ("" for a scanned, image-only PDF)."""
    pdf = _open(data)
    try:
        pages = []
        for index in range(min(len(pdf), max_pages)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    finally:
        pdf.close()


def render_scale(width_pt: float, height_pt: float, scale: float = RENDER_SCALE) -> float:
    """The scale to render a page at: `scale`, or less so the bitmap stays within MAX_RENDER_PIXELS;
    `ImageRejected("too_large")` for a page that would need less than MIN_RENDER_SCALE."""
    area = max(width_pt, 1.0) * max(height_pt, 1.0)
    fit = (MAX_RENDER_PIXELS / area) ** 0.5
    if fit < MIN_RENDER_SCALE:
        raise ImageRejected("too_large")
    return min(scale, fit)


def page_images(data: bytes, max_pages: int = MAX_PAGES, scale: float = RENDER_SCALE) -> list[bytes]:
    """The first pages rendered to PNG bytes, for an OCR engine."""
    pdf = _open(data)
    try:
        images = []
        for index in range(min(len(pdf), max_pages)):
            page = pdf[index]
            width, height = page.get_size()
            bitmap = page.render(scale=render_scale(width, height, scale), grayscale=True)
            out = io.BytesIO()
            bitmap.to_pil().save(out, "PNG")
            bitmap.close()
            page.close()
            images.append(out.getvalue())
        if not images:
            raise ImageRejected("unreadable")
        return images
    finally:
        pdf.close()


def read_pdf(data: bytes, engine: OcrEngine) -> OcrResult:
    """What a PDF bill says: its text layer if it has a usable one, else OCR of its first pages."""
    text = text_layer(data)
    if len("".join(text.split())) >= MIN_TEXT_CHARS:
        return OcrResult.from_text(text, engine="pdf-text", confidence=0.99)
    results = []
    for image in page_images(data):
        try:
            results.append(engine.read(image))
        except ImageRejected:
            if not results:
                raise
    lines: list[TextLine] = []
    for page_no, result in enumerate(results):
        # Stack later pages below the first so "top" still orders lines down the document.
        offset = page_no * _PAGE_ROWS * 30
        for line in result.lines:
            lines.append(TextLine(tuple(type(w)(w.text, w.confidence, w.left, w.top + offset, w.width, w.height)
                                        for w in line.words)))
    structured = results[0].structured if len(results) == 1 else None
    return OcrResult(engine=results[0].engine, lines=tuple(lines), structured=structured,
                     seconds=sum(r.seconds for r in results))
