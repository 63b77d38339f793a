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
    name = "tesseract"

    def __init__(self, languages: str = "eng+hin", tamil_languages: str = "eng+tam", psm: int = 4,
                 detect_orientation: bool = True, timeout_seconds: float = 30.0) -> None:
        self.languages = languages
        self.tamil_languages = tamil_languages
        self.psm = psm
        self.detect_orientation = detect_orientation
        self.timeout_seconds = timeout_seconds
        self._script: str | None = None
        # Tesseract's OpenMP threads fight each other on a shared machine: one thread per process
        # read a page in 0.4 s where the default took 2 s (2 cores, 8 busy processes).
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    def _orient(self, gray: np.ndarray) -> int:
        """Clockwise quarter turn that makes the page upright (0 when OSD is unsure)."""
        self._script = None
        try:
            osd = pytesseract.image_to_osd(gray, config="--psm 0",
                                           timeout=self.timeout_seconds)
        except (pytesseract.TesseractError, RuntimeError):
            return 0
        script = _SCRIPT.search(osd)
        self._script = script.group(1) if script else None
        rotate, conf = _ROTATE.search(osd), _ORIENT_CONF.search(osd)
        if not rotate or not conf or float(conf.group(1)) < 1.5:
            return 0
        return int(rotate.group(1))

    def read(self, image: bytes) -> OcrResult:
        started = time.perf_counter()
        gray = prepare(image, self._orient if self.detect_orientation else None)
        languages = self.tamil_languages if self._script == "Tamil" else self.languages
        try:
            data = pytesseract.image_to_data(
                gray, lang=languages, config=f"--psm {self.psm} -c preserve_interword_spaces=1",
                output_type=pytesseract.Output.DICT, timeout=self.timeout_seconds,
            )
        except RuntimeError as exc:  # pytesseract's timeout
            raise ImageRejected("unreadable") from exc
        lines = group_lines(data)
        words = sum(len(line.words) for line in lines)
        if words < 3:
            raise ImageRejected("unreadable")
        return OcrResult(engine=self.name, lines=lines, seconds=time.perf_counter() - started)


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
    lines = [TextLine(tuple(sorted(ws, key=lambda w: w.left))) for ws in rows.values()]
    lines.sort(key=lambda ln: (min(w.top for w in ln.words), min(w.left for w in ln.words)))
    return tuple(lines)
