"""The page's layout from the engine's word boxes: rows, each with its label (the words before its
amounts), its money amounts, and whether its last amount stands in the right-aligned amount column.

Receipts and invoices print their figures in a right-aligned column; a number that ends at that
column is an amount, a number inside a description is rarely one. Dates, times, phone and
registration numbers are masked before amounts are read, so "25/12/2018 18:05" is not money.
Rows built from plain text (no boxes) have `right_aligned` None: unknown, neither for nor against.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.ocr.amounts import money, numbers
from domain.ocr.dates import find_dates
from domain.ocr.model import TextLine

# Money has at most 7 integer digits on a shop's bill; longer runs are phone or registration numbers.
MAX_AMOUNT = Decimal("10000000")
# Tax and discount rates as printed; "41.95%" is an amount with a stray mark, "6%" a rate.
RATES = {Decimal(x) for x in ("0", "0.1", "0.25", "1", "1.5", "2", "2.5", "3", "5", "6", "7.5", "8", "9", "10",
                              "12", "14", "15", "18", "20", "25", "28", "40", "50")}
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*[:.]\s*\d{2}(?:\s*[:.]\s*\d{2})?\s*(?:[ap]\.?m\.?)?(?!\d)", re.IGNORECASE)
_TIME_CONTEXT = re.compile(r"[ap]\.?m\b|\d{1,2}:\d{2}|time|masa|समय|நேரம்", re.IGNORECASE)
_LONG_DIGITS = re.compile(r"\d[\d\-]{7,}\d")
_LABEL_END = re.compile(r"[\s:=\-–.*]+$")


@dataclass(frozen=True, slots=True)
class Amount:
    """A money figure on a row: its value, the text it was read from, and how money-like it looks."""

    value: Decimal
    raw: str
    decimals: bool
    currency: bool
    label: str = ""  # the words between the previous figure and this one (the row's label if none)


@dataclass(slots=True)
class Row:
    """One visual line of the bill."""

    index: int
    text: str
    low: str
    label: str  # the text before the row's first amount, lower case, trimmed
    amounts: list[Amount] = field(default_factory=list)
    percents: list[Decimal] = field(default_factory=list)
    top: int = 0
    height: int = 0
    confidence: float = 0.0
    right_aligned: bool | None = None

    @property
    def last(self) -> Amount | None:
        return self.amounts[-1] if self.amounts else None

    @property
    def has_words(self) -> bool:
        return bool(re.search(r"[^\W\d_]{2,}", self.label))


def normalise(text: str) -> str:
    """NFC, no zero-width joiners, one space between words."""
    text = unicodedata.normalize("NFC", text).replace("\u200c", "").replace("\u200d", "").replace("\ufeff", "")
    text = text.replace("|", " ").replace("¦", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def _mask(text: str) -> str:
    """The row with dates, times and long digit runs blanked out (same length, so offsets hold)."""
    out = list(text)
    spans = [(d.position, d.position + len(d.raw)) for d in find_dates(text)]
    spans += [m.span() for m in _LONG_DIGITS.finditer(text)]
    if _TIME_CONTEXT.search(text):
        spans += [m.span() for m in _TIME.finditer(text) if ":" in m.group(0) or re.search(r"[ap]\.?m", m.group(0), re.I)]
    for start, end in spans:
        for i in range(max(0, start), min(len(out), end)):
            out[i] = " "
    return "".join(out)


# The words of the total, tax and payment labels, so one misread letter ("Tatal", "Reunding",
# "SubTatal") still reads as the label it is.
LABEL_WORDS = ("total", "subtotal", "rounding", "rounded", "amount", "change", "tendered", "payable", "discount",
               "inclusive", "including", "excluding", "balance", "service", "charge", "grand", "taxable", "payment",
               "received", "invoice", "nett")


def _one_edit(a: str, b: str) -> bool:
    """`a` is `b` with one letter changed, added or dropped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _mend(word: str) -> str:
    low = word.lower()
    if len(low) < 5 or low in LABEL_WORDS:
        return low
    near = next((w for w in LABEL_WORDS if _one_edit(low, w)), None)
    if near is None and len(low) >= 8:  # a long word survives two misread letters
        near = next((w for w in LABEL_WORDS if any(_one_edit(low[:i] + low[i + 1:], w) or
                                                    _one_edit(low[:i] + c + low[i + 1:], w)
                                                    for i in range(len(low)) for c in w[i:i + 1])), None)
    return near or low


def _label(text: str) -> str:
    text = _LABEL_END.sub("", text).strip(" :=-–.*()[]")
    return re.sub(r"[A-Za-z0-9]{5,}", lambda m: _mend(m.group(0)), text).lower()


def _glued(text: str, start: int) -> bool:
    """A number glued to a word before it ("6x1,25L", "SW4") is part of a description; one after
    a misread currency mark of one or two letters ("kM100,00", "PH33") is still money."""
    if start == 0 or not text[start - 1].isalpha():
        return False
    letters = text[:start].split(" ")[-1].lstrip("([{:;")
    return not (len(letters) <= 2 and letters.isalpha() and bool(re.search(r"\d[.,]\s?\d{2}", text[start:start + 14])))


def _amounts(text: str) -> tuple[list[Amount], list[Decimal], int]:
    """Money amounts (each with the words just before it), percentages, and where the first
    figure starts. A number glued to a word before it ("6x1,25L", "SW4") is part of a description."""
    amounts: list[Amount] = []
    percents: list[Decimal] = []
    first = len(text)
    masked = _mask(text)
    previous = 0
    for n in numbers(masked):
        if n.is_percent and (abs(n.value) in RATES or not n.has_decimals):
            percents.append(abs(n.value))
            continue
        if abs(n.value) >= MAX_AMOUNT or (_glued(masked, n.start) and not n.has_currency):
            continue
        first = min(first, n.start)
        own = _label(re.sub(r"[\d.,%]+", " ", masked[previous:n.start]))
        amounts.append(Amount(money(n.value), n.raw, n.has_decimals, n.has_currency,
                              own if re.search(r"[^\W\d_]{2,}", own) else ""))
        previous = n.end
    return amounts, percents, first


def _row(index: int, text: str, confidence: float, top: int, height: int) -> Row:
    amounts, percents, first = _amounts(text)
    label = _label(text[:first])
    amounts = [a if a.label else Amount(a.value, a.raw, a.decimals, a.currency, label) for a in amounts]
    return Row(index, text, text.lower(), label, amounts, percents, top, height, confidence)


def rows_from_lines(lines: Sequence[TextLine]) -> list[Row]:
    """Rows of the engine's lines, with the amount column found from the word boxes."""
    out: list[Row] = []
    ends: list[int] = []
    for line in lines:
        text = normalise(line.text)
        if not text:
            continue
        top = min((w.top for w in line.words), default=0)
        row = _row(len(out), text, line.confidence, top, line.height)
        last = line.words[-1] if line.words else None
        end = last.left + last.width if last is not None and any(ch.isdigit() for ch in last.text) else None
        out.append(row)
        ends.append(end if row.amounts and end is not None else -1)
    _mark_column(out, ends, max((w.left + w.width for ln in lines for w in ln.words), default=0))
    return out


def _mark_column(rows: list[Row], ends: list[int], page_right: int) -> None:
    """The amount column: where most rows' last figures end (their right edges cluster)."""
    known = [e for e in ends if e > 0]
    if len(known) < 3 or page_right <= 0:
        return
    tolerance = max(12, int(0.04 * page_right))
    # the right edge shared by the most rows (a column is where many figures end)
    column = max(known, key=lambda e: sum(abs(e - o) <= tolerance for o in known))
    if sum(abs(e - column) <= tolerance for e in known) < 2:
        column = int(statistics.median(known))
    for row, end in zip(rows, ends, strict=True):
        if row.amounts:
            row.right_aligned = end > 0 and abs(end - column) <= tolerance


def rows_from_text(text: str) -> list[Row]:
    """Rows of plain text (a draft's stored text, a PDF's text layer): no layout known."""
    out: list[Row] = []
    for raw in text.splitlines():
        line = normalise(raw)
        if line:
            out.append(_row(len(out), line, 0.9, len(out) * 30, 20))
    return out
