"""Merging Tesseract's Latin and Indic passes: Indic words from the Indic pass, Latin words from
the Latin pass (which reads "SB41348" where the Indic models read "5841348"), and the second pass
only when the first left words it could not read."""

from __future__ import annotations

import numpy as np

from domain.ocr.engines.tesseract import TesseractEngine, merge_passes, needs_indic_pass
from domain.ocr.model import TextLine, Word


def line(*words: tuple[str, int, float], top: int = 100) -> TextLine:
    return TextLine(tuple(Word(text, conf, left, top, 90, 30) for text, left, conf in words))


def test_each_line_keeps_indic_words_from_the_indic_pass_and_latin_words_from_the_latin_pass():
    indic = (line(("बिल", 10, 0.9), ("नं:", 110, 0.8), ("5841348", 210, 0.7), ("दिनांक:", 400, 0.9)),)
    latin = (line(("fact", 10, 0.3), ("4:", 110, 0.3), ("SB41348", 210, 0.95), ("feaie:", 400, 0.2),
                  ("04/10/26", 500, 0.9)),)
    [merged] = merge_passes(indic, latin)
    assert merged.text == "बिल नं: SB41348 दिनांक: 04/10/26"


def test_a_word_only_the_indic_pass_saw_is_kept():
    indic = (line(("CGST", 10, 0.9), ("455.84", 600, 0.9)),)
    latin = (line(("455.84", 600, 0.95)),)
    assert merge_passes(indic, latin)[0].text == "CGST 455.84"


def test_lines_found_by_one_pass_only_are_kept_in_reading_order():
    indic = (line(("कुल", 10, 0.9), top=300),)
    latin = (line(("GUPTA", 10, 0.9), ("TRADERS", 110, 0.9), top=50),)
    assert [ln.text for ln in merge_passes(indic, latin)] == ["GUPTA TRADERS", "कुल"]


def test_a_clean_english_page_is_read_once_and_unreadable_words_call_for_the_indic_pass():
    clean = tuple(line(("Total", 10, 0.95), ("5,502.00", 300, 0.93), top=t) for t in range(0, 600, 40))
    assert not needs_indic_pass(clean)
    junk = clean + (line(("feaie", 10, 0.31), ("WIéh", 120, 0.22), top=700),)
    assert needs_indic_pass(junk)


def test_an_indic_pass_that_times_out_leaves_the_latin_reading_standing(monkeypatch):
    latin = (line(("TOTAL", 10, 0.4), ("29.70", 600, 0.9)),)

    def slow(self, gray, languages):
        raise RuntimeError("Tesseract process timeout")

    monkeypatch.setattr(TesseractEngine, "_pass", slow)
    engine = TesseractEngine()
    assert engine._with_indic(np.full((200, 800), 255, dtype=np.uint8), latin, "eng+hin") == latin
