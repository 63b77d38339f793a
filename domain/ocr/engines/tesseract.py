"""Tesseract (eng + hin + tam via pytesseract) as an `OcrEngine`: the embedded default.

Language order matters: `eng+hin` reads digits and GSTINs correctly where `hin+eng` drops the
digit 1 (see the reference note). Orientation comes from Tesseract's OSD, which also names the
script, so a Tamil bill is read with `eng+tam` and anything else with `eng+hin`.
"""

from __future__ import annotations

import os
import re
import time

import numpy as np
import pytesseract

from domain.ocr.engines.preprocess import prepare
from domain.ocr.model import OcrResult, TextLine, Word
from domain.ocr.port import ImageRejected

_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_SCRIPT = re.compile(r"Script:\s*(\w+)")
_ORIENT_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


class TesseractEngine:
    """Up to two passes over the cleaned page: `eng` reads Latin text best (the Indic models turn
    "SB41348" into "5841348"); when it leaves words it could not read, `eng+hin` (or `eng+tam`)
    reads the page again for Devanagari (or Tamil) and each line keeps the Indic pass's Indic
    words and the Latin pass's other words."""

    name = "tesseract"

    def __init__(self, languages: str = "eng+hin", tamil_languages: str = "eng+tam", latin: str | None = "eng",
                 psm: int = 4, detect_orientation: bool = True, timeout_seconds: float = 30.0) -> None:
        self.languages = languages
        self.tamil_languages = tamil_languages
        self.latin = latin
        self.psm = psm
        self.detect_orientation = detect_orientation
        self.timeout_seconds = timeout_seconds
        # Tesseract's OpenMP threads fight each other on a shared machine: one thread per process
        # read a page in 0.4 s where the default took 2 s (2 cores, 8 busy processes).
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    def _orient(self, gray: np.ndarray, seen: dict[str, str]) -> int:
        """Clockwise quarter turn that makes the page upright (0 when OSD is unsure)."""
        try:
            osd = pytesseract.image_to_osd(gray, config="--psm 0", timeout=self.timeout_seconds)
        except (pytesseract.TesseractError, RuntimeError):
            return 0
        script = _SCRIPT.search(osd)
        seen["script"] = script.group(1) if script else ""
        rotate, conf = _ROTATE.search(osd), _ORIENT_CONF.search(osd)
        # Printed pages score 6-14; below 3 OSD turned upright receipts upside down.
        if not rotate or not conf or float(conf.group(1)) < 3.0:
            return 0
        return int(rotate.group(1))

    def _pass(self, gray: np.ndarray, languages: str) -> tuple[TextLine, ...]:
        data = pytesseract.image_to_data(
            gray, lang=languages, config=f"--psm {self.psm} -c preserve_interword_spaces=1",
            output_type=pytesseract.Output.DICT, timeout=self.timeout_seconds,
        )
        return group_lines(data)

    def _reread_rows(self, gray: np.ndarray, lines: tuple[TextLine, ...],
                     languages: str) -> tuple[tuple[TextLine, ...], bool]:
        """The Indic pass over only the rows where the Latin pass left unreadable words or amounts
        without a label (a Hindi "कुल राशि" it skipped): those rows
        (full width, so words it skipped beside them are seen too) stacked into one strip, read
        once, and the words put back at their places on the page; the flag says the whole page was
        read (most of it was in doubt). An English receipt with smudged rows costs a strip, not a
        second page; a strip that finds Indic script sends the caller to read the whole page."""
        height, width = gray.shape[:2]
        spans: list[list[int]] = []
        for line in lines:
            doubtful = any(w.confidence < 0.7 for w in line.words)
            unlabelled = not any(ch.isalpha() for w in line.words for ch in w.text)  # its label went unread
            if not (doubtful or unlabelled):
                continue
            top = min(w.top for w in line.words)
            bottom = max(w.top + w.height for w in line.words)
            pad = max(6, (bottom - top) // 2)
            spans.append([max(0, top - pad), min(height, bottom + pad)])
        spans.sort()
        rows: list[list[int]] = []
        for span in spans:
            if rows and span[0] <= rows[-1][1]:
                rows[-1][1] = max(rows[-1][1], span[1])
            else:
                rows.append(span)
        if not rows or sum(b - a for a, b in rows) > 0.5 * height:
            return self._pass(gray, languages), True
        gap = 24
        strip = np.full((sum(b - a for a, b in rows) + gap * (len(rows) + 1), width), 255, dtype=gray.dtype)
        places: list[tuple[int, int, int]] = []  # (strip top, strip bottom, page top)
        y = gap
        for a, b in rows:
            strip[y:y + b - a] = gray[a:b]
            places.append((y, y + b - a, a))
            y += b - a + gap
        moved: list[TextLine] = []
        for line in self._pass(strip, languages):
            words = []
            for w in line.words:
                middle = w.top + w.height // 2
                place = next((p for p in places if p[0] - gap // 2 <= middle < p[1] + gap // 2), None)
                if place is not None:
                    words.append(Word(w.text, w.confidence, w.left, w.top - place[0] + place[2], w.width, w.height))
            if words:
                moved.append(TextLine(tuple(words)))
        return tuple(moved), False

    def _with_indic(self, gray: np.ndarray, lines: tuple[TextLine, ...], indic: str) -> tuple[TextLine, ...]:
        """The Latin pass's lines merged with the Indic pass's Indic words; when the Indic pass
        times out or fails (a busy machine), the Latin pass's reading stands on its own."""
        try:
            indic_lines, whole = self._reread_rows(gray, lines, indic)
            if not whole and any(_indic(w.text) and w.confidence >= 0.6 for ln in indic_lines for w in ln.words):
                indic_lines = self._pass(gray, indic)  # the page has Indic script: read it all
        except (RuntimeError, pytesseract.TesseractError):
            return lines
        return merge_passes(indic_lines, lines)

    def read(self, image: bytes) -> OcrResult:
        started = time.perf_counter()
        seen: dict[str, str] = {}
        orient = (lambda gray: self._orient(gray, seen)) if self.detect_orientation else None
        gray = prepare(image, orient)
        indic = self.tamil_languages if seen.get("script") == "Tamil" else self.languages
        try:
            if self.latin and self.latin != indic:
                lines = self._pass(gray, self.latin)
                if needs_indic_pass(lines):
                    lines = self._with_indic(gray, lines, indic)
            else:
                lines = self._pass(gray, indic)
        except (RuntimeError, pytesseract.TesseractError) as exc:  # a timeout, or Tesseract choked on the page
            raise ImageRejected("unreadable") from exc
        words = sum(len(line.words) for line in lines)
        if words < 3:
            raise ImageRejected("unreadable")
        return OcrResult(engine=self.name, lines=lines, seconds=time.perf_counter() - started)


_INDIC_DIGITS = set("०१२३४५६७८९௦௧௨௩௪௫௬௭௮௯")


def needs_indic_pass(lines: tuple[TextLine, ...]) -> bool:
    """Whether the Latin pass left words it could not read (Devanagari or Tamil read as Latin
    comes out as low-confidence junk): 15% of the words, or a whole line, below 0.6 / 0.5.
    A clean English page (2-9% such words, no such line) is read once."""
    words = [w for ln in lines for w in ln.words if any(ch.isalpha() for ch in w.text)]
    if not words:
        return True
    low = sum(w.confidence < 0.6 for w in words) / len(words)
    return low >= 0.15 or any(ln.confidence < 0.5 for ln in lines)


def _indic(text: str) -> bool:
    """Mostly Indic letters (an Indic digit inside a Latin word, "८657" for "CGST", does not count)."""
    letters = [ch for ch in text if ch.isalnum() or "\u0900" <= ch <= "\u0dff"]
    indic = [ch for ch in letters if "\u0900" <= ch <= "\u0dff" and ch not in _INDIC_DIGITS]
    return bool(indic) and len(indic) * 2 >= len(letters)


def _v_overlap(a: TextLine, b: TextLine) -> float:
    top_a, bottom_a = min(w.top for w in a.words), max(w.top + w.height for w in a.words)
    top_b, bottom_b = min(w.top for w in b.words), max(w.top + w.height for w in b.words)
    inter = min(bottom_a, bottom_b) - max(top_a, top_b)
    return inter / max(1, bottom_a - top_a, bottom_b - top_b)


def _h_overlaps(word: Word, others: list[Word]) -> bool:
    return any(min(word.left + word.width, o.left + o.width) - max(word.left, o.left) > 0.3 * min(word.width, o.width)
               for o in others)


def merge_passes(indic: tuple[TextLine, ...], latin: tuple[TextLine, ...]) -> tuple[TextLine, ...]:
    """Each line: the Indic pass's Indic-script words, the Latin pass's words beside them, and any
    word only the Indic pass saw; lines only one pass found are kept as they are."""
    used: set[int] = set()
    merged: list[TextLine] = []
    for line in indic:
        partners = [i for i, other in enumerate(latin) if i not in used and _v_overlap(line, other) > 0.4]
        if not partners:
            merged.append(line)
            continue
        used.update(partners)
        keep = [w for w in line.words if _indic(w.text)]
        latin_words = [w for i in partners for w in latin[i].words if not _h_overlaps(w, keep)]
        # words only the Indic pass saw (the Latin pass skipped them) stay too
        alone = [w for w in line.words if w not in keep and not _h_overlaps(w, latin_words)]
        words = keep + latin_words + alone
        merged.append(TextLine(tuple(sorted(words, key=lambda w: w.left))))
    merged.extend(line for i, line in enumerate(latin) if i not in used)
    merged.sort(key=lambda ln: (min(w.top for w in ln.words), min(w.left for w in ln.words)))
    return tuple(merged)


def group_lines(data: dict[str, list]) -> tuple[TextLine, ...]:
    """Tesseract's words grouped into its lines, top to bottom, words left to right."""
    rows: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        rows.setdefault(key, []).append(
            Word(text, conf / 100.0, data["left"][i], data["top"][i], data["width"][i], data["height"][i]))
    heights = sorted(w.height for ws in rows.values() for w in ws)
    tallest = 6 * heights[len(heights) // 2] if heights else 0
    # A "word" many lines tall is a page edge or a shadow read as a letter: drop it.
    rows = {k: [w for w in ws if w.height <= tallest] for k, ws in rows.items()}
    lines = [TextLine(tuple(sorted(ws, key=lambda w: w.left))) for ws in rows.values() if ws]
    lines.sort(key=lambda ln: (min(w.top for w in ln.words), min(w.left for w in ln.words)))
    return tuple(_join_rows(lines))


def _join_rows(lines: list[TextLine]) -> list[TextLine]:
    """Join lines Tesseract put in different blocks that sit on the same row (a label column and
    an amount column of a slightly tilted photo), so "Taxable Value" meets its amount again."""
    out: list[TextLine] = []
    for line in lines:
        for i, row in enumerate(out):
            side_by_side = not any(_h_overlaps(w, list(row.words)) for w in line.words)
            if side_by_side and _row_overlap(row, line) > 0.5:
                out[i] = TextLine(tuple(sorted(row.words + line.words, key=lambda w: w.left)))
                break
        else:
            out.append(line)
    out.sort(key=lambda ln: (min(w.top for w in ln.words), min(w.left for w in ln.words)))
    return out


def _row_overlap(a: TextLine, b: TextLine) -> float:
    """Vertical overlap of two lines as a share of the shorter one's height."""
    top_a, bottom_a = min(w.top for w in a.words), max(w.top + w.height for w in a.words)
    top_b, bottom_b = min(w.top for w in b.words), max(w.top + w.height for w in b.words)
    inter = min(bottom_a, bottom_b) - max(top_a, top_b)
    return inter / max(1, min(bottom_a - top_a, bottom_b - top_b))
