"""Item rows of a bill: description, HSN, quantity, unit, rate, taxable value and GST rate.

Rows are found between the table heading (or the top of the bill) and the first totals line;
the numbers of a row are assigned by arithmetic (qty x rate = value, within a rupee), not by
column position, so any column order works. A row whose arithmetic does not close keeps a low
confidence.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations

from domain.gst import ALL_RATES
from domain.ocr import labels as L
from domain.ocr.amounts import NumberRead, money, numbers
from domain.ocr.model import DraftLine, TextLine

SLABS = frozenset(ALL_RATES)  # the GST master's rates
_STOP = re.compile(
    "|".join(p.pattern for p in (L.TAXABLE, L.TOTAL_STRONG, L.TOTAL_WEAK, L.CGST, L.SGST, L.IGST, L.ROUND_OFF)),
    re.IGNORECASE,
)
_SERIAL = re.compile(r"^\s*(?:\d{1,3}[.)]?|[a-z][.)])\s+", re.IGNORECASE)
_UNIT_RX = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted((re.escape(u) for u in L.UNITS), key=len, reverse=True))
                      + r")(?![A-Za-z])", re.IGNORECASE)
_SKIP_ROW = re.compile(r"gstin|invoice|date|phone|mob|bill\s*to|address|state\s*code|hsn\s*/|^\W*$", re.IGNORECASE)


def _is_heading(text: str) -> bool:
    hits = sum(bool(rx.search(text)) for rx in (L.HEAD_DESC, L.HEAD_QTY, L.HEAD_RATE, L.HEAD_AMOUNT, L.HEAD_HSN))
    return hits >= 2 and len([n for n in numbers(text) if n.value > 100]) == 0


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= max(Decimal("1.00"), abs(b) * Decimal("0.005"))


# Words inside the number columns that are no part of a description: other units, OCR's reads of them.
_COLUMN_WORDS = {"x", "rs", "inr", "nos", "per", "pce", "pcs", "btl", "ctn", "jar", "tin", "set", "pair", "mtr",
                 "qtl", "doz", "pkt", "bdl", "roll", "ltr", "kgs", "gms"}


def _tail_start(text: str, nums: list[NumberRead]) -> int:
    """Where the numeric columns begin: after the description's last word of letters.

    Numbers glued to a word (`Salt 1kg`) stay in the description when letters follow them.
    """
    last_letters = 0
    for m in re.finditer(r"[^\W\d_]{2,}", text):
        word = m.group(0).lower()
        if word in L.UNITS or word in _COLUMN_WORDS:
            continue
        last_letters = m.end()
    for n in nums:
        if n.start >= last_letters:
            return n.start
    return len(text)


def parse_row(text: str, confidence: float = 0.9) -> DraftLine | None:
    """One item row, or None when the text is not one (no description or no amount)."""
    text = _SERIAL.sub("", text.replace("\u200c", ""), count=1)
    nums = numbers(text)
    if not nums:
        return None
    start = _tail_start(text, nums)
    tail = [n for n in nums if n.start >= start]
    if len(re.sub(r"[^\w]", "", text[:start])) < 2 or not tail:
        return None
    gst_rate = next((abs(n.value) for n in tail if n.is_percent and abs(n.value) in SLABS), None)
    values = [n for n in tail if not n.is_percent]
    hsn: NumberRead | None = None
    for n in values[:-1]:
        raw = re.sub(r"\D", "", n.raw)
        if not n.has_decimals and 4 <= len(raw) <= 8 and n.value == int(raw):
            hsn = n
            values = [v for v in values if v is not n]
            break
    if not values:
        return None
    hsn_code = re.sub(r"\D", "", hsn.raw) if hsn else None

    def unit_after(n: NumberRead) -> str | None:
        m = _UNIT_RX.match(text[n.end:].lstrip())
        return L.UNITS.get(m.group(1).lower()) if m else None

    def describe(first: NumberRead) -> str:
        # the description runs up to the first number that is a column, keeping "Salt 1kg"
        cut = min([first.start] + ([hsn.start] if hsn else []))
        if cut < start:
            cut = start
        return re.sub(r"\s{2,}", " ", text[:cut].strip(" :-@x*|"))

    # qty x rate = value: try every ordered pair before a later value.
    best: tuple[int, DraftLine, int] | None = None
    for (_i, q), (j, r) in combinations(enumerate(values), 2):
        for k in range(j + 1, len(values)):
            x = values[k]
            if q.value > 0 and r.value > 0 and _close(q.value * r.value, x.value):
                score = k * 10 + (1 if r.has_decimals else 0)
                if best is None or score > best[0]:
                    line = DraftLine(describe(q), q.value, unit_after(q), money(r.value), money(x.value), hsn_code,
                                     gst_rate, confidence * 0.95)
                    best = (score, line, k)
    if best is not None:
        _, line, k = best
        if line.gst_rate is None:  # a bare slab figure after the value column, e.g. "18"
            after = [v for v in values[k + 1:] if not v.has_decimals]
            if after and after[0].value in SLABS and after[0].value > 0:
                line.gst_rate = after[0].value
        return line
    amount = values[-1]
    if len(values) >= 2 and not values[0].has_decimals and 0 < values[0].value < 1000:
        qty = values[0].value
        return DraftLine(describe(values[0]), qty, unit_after(values[0]), money(amount.value / qty),
                         money(amount.value), hsn_code, gst_rate, confidence * 0.6)
    return DraftLine(describe(amount), None, None, None, money(amount.value), hsn_code, gst_rate, confidence * 0.5)


def extract_lines(lines: tuple[TextLine, ...] | list[TextLine]) -> list[DraftLine]:
    """Item rows of the bill, in order."""
    texts = [(ln.text, ln.confidence) for ln in lines]
    start = next((i + 1 for i, (t, _) in enumerate(texts) if _is_heading(t)), None)
    has_heading = start is not None
    rows: list[DraftLine] = []
    for text, conf in texts[start or 0:]:
        low = text.lower()
        if _STOP.search(low) and not (has_heading and not rows and L.HEAD_AMOUNT.search(low)):
            if rows or has_heading:
                break
            continue
        if _SKIP_ROW.search(low):
            continue
        row = parse_row(text, conf)
        if row is None:
            continue
        if not has_heading and row.confidence < 0.8:
            continue  # without a heading only rows whose arithmetic closes are trusted
        rows.append(row)
    return rows
