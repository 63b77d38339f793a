"""The bill's own printed arithmetic, to find its total and to check a draft's total.

Every money figure on the bill is a candidate. A candidate is scored by its label (the family of
"Total", "Grand Total", "Net Amt", "Amount Due", "कुल", "योग", "மொத்தம்"...), by where it stands
(the right-aligned amount column, the lower part of the bill) and above all by how many
independent printed relations it closes:

    items        the item rows' amounts add up to it (or to the subtotal it closes)
    subtotal     subtotal (less discount) + tax (+ round-off) = it
    tax_summary  a tax summary row: amount × rate = tax and amount + tax = it (GST summaries)
    tax_included a tax line with a rate: it × rate / (100 + rate) = the tax it includes
    tendered     cash (or card) − change = it
    rounded      another printed total + round-off = it
    in_words     the amount written out in words ("Rupees Five Thousand Two Hundred Forty Only")

A relation uses figures on other rows than the candidate's, each at its own label, so a total
that closes one is confirmed by figures read independently of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from domain.ocr import labels as L
from domain.ocr.amounts import money
from domain.ocr.layout import Row, rows_from_text
from domain.ocr.words import amount_in_words

CENT = Decimal("0.01")
# Cash totals are rounded to 5 sen (Malaysia) or to the rupee (India) after the arithmetic.
ROUNDING_STEPS = (Decimal("0.05"), Decimal("0.10"), Decimal("1"))
KINDS = ("total", "subtotal", "tax", "round", "paid", "change", "discount")


@dataclass(frozen=True, slots=True)
class Candidate:
    value: Decimal
    row: int
    kind: str | None
    strength: int  # 2 strong total label, 1 weak, 0 none
    score: float
    relations: tuple[str, ...]
    raw: str


def kind_of(label: str) -> tuple[str | None, int]:
    """What a label says its amount is, and for a total how strong the label is."""
    low = label
    if not low:
        return None, 0
    if L.CHANGE.search(low):
        return "change", 0
    if L.ROUND_OFF.search(low) and not L.TOTAL_ROUNDED.search(low):
        return "round", 0
    if L.DISCOUNT.search(low) and not L.TOTAL_STRONG.search(low):
        return "discount", 0
    if L.TAXABLE.search(low):
        return "subtotal", 0
    if L.TOTAL_STRONG.search(low) and not L.NOT_TOTAL.search(low):
        return "total", 2
    if (L.CGST.search(low) or L.SGST.search(low) or L.IGST.search(low) or L.CESS.search(low)
            or L.TAX_TOTAL.search(low)) and not L.GSTIN.search(low):
        return "tax", 0
    if L.TOTAL_WEAK.search(low) and not L.NOT_TOTAL.search(low):
        return "total", 1
    if L.PAID.search(low):
        return "paid", 0
    return None, 0


@dataclass(frozen=True, slots=True)
class Figure:
    """One amount on the bill with what its label says it is."""

    row: int
    value: Decimal
    kind: str | None
    strength: int
    money_like: bool
    last: bool


def _figures(rows: list[Row]) -> list[Figure]:
    """Every amount with its kind; a row of one bare figure takes the label of a label-only row
    just above it (the value printed under its label)."""
    out: list[Figure] = []
    for i, row in enumerate(rows):
        for j, amount in enumerate(row.amounts):
            kind, strength = kind_of(amount.label)
            bare = sum(ch.isalpha() for ch in amount.label) < 4  # nothing, or a currency mark ("RM", "Rs")
            if kind is None and bare and len(row.amounts) == 1 and i > 0 and not rows[i - 1].amounts:
                kind, strength = kind_of(rows[i - 1].low)
            out.append(Figure(row.index, amount.value, kind, strength, amount.decimals or amount.currency,
                              j == len(row.amounts) - 1))
    return out


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) < Decimal("0.005")


def _rounds_to(exact: Decimal, shown: Decimal) -> bool:
    """`shown` is `exact` itself or `exact` rounded to a cash step (5 sen, 10 sen, a rupee)."""
    if _close(exact, shown):
        return True
    return any(_close(shown % step, Decimal(0)) and abs(exact - shown) <= step / 2 + CENT for step in ROUNDING_STEPS)


class Bill:
    """The figures of one bill with their kinds."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.all = _figures(rows)
        self.in_words = _written_amounts(rows)
        self.first_summary = min((f.row for f in self.all if f.kind in ("total", "subtotal", "tax")),
                                 default=len(rows))

    def figures(self, kind: str, skip: int = -1) -> list[Decimal]:
        return [f.value for f in self.all if f.kind == kind and f.row != skip]

    def taxes(self, skip: int) -> set[Decimal]:
        """Tax figures, alone or summed (CGST + SGST)."""
        found = self.figures("tax", skip)[:6]
        sums = {a + b for a, b in combinations(found, 2)}
        if len(found) >= 3:
            sums |= {sum(c, Decimal(0)) for c in combinations(found, 3)}
        return set(found) | sums

    def item_sums(self, row: int) -> set[Decimal]:
        """Sums of the item rows' amounts: those above the first summary row, and all those above
        `row` (a bill printing subtotals by section). Item rows are rows whose last figure is an
        unlabelled decimal in the amount column (any such row when the layout is unknown)."""
        rows = [r for r in self.rows[: max(row, 0)]
                if r.last is not None and r.last.decimals and r.last.value > 0 and r.right_aligned is not False
                and kind_of(r.last.label)[0] is None]
        if not rows:
            return set()
        head = [r for r in rows if r.index < self.first_summary]
        return {sum((r.last.value for r in part if r.last is not None), Decimal(0)) for part in (head, rows) if part}


def _written_amounts(rows: list[Row]) -> set[Decimal]:
    """Amounts written out in words on the bill (a line, or a line and the next one it runs onto)."""
    found: set[Decimal] = set()
    for i, row in enumerate(rows):
        for text in (row.text, row.text + " " + rows[i + 1].text if i + 1 < len(rows) else None):
            value = amount_in_words(text) if text else None
            if value is not None:
                found.add(money(value))
    return found


def relations(bill: Bill, value: Decimal, row: int) -> tuple[str, ...]:
    """The printed relations `value` (read on `row`) closes, each named once."""
    found: list[str] = []
    subtotals = bill.figures("subtotal", row)
    taxes = bill.taxes(row)
    rounds = bill.figures("round", row) + [Decimal(0)]
    discounts = [Decimal(0)] + bill.figures("discount", row)
    items = bill.item_sums(row if row >= 0 else len(bill.rows))
    if any(_rounds_to(s + t, value) for s in items for t in taxes | {Decimal(0)}) or any(
            _close(s, sub) for s in items for sub in subtotals
            if any(_rounds_to(sub + t, value) for t in taxes) or _close(sub, value)):
        found.append("items")
    if any(_rounds_to(s - abs(d) + t + r, value) for s in subtotals for t in taxes for r in rounds for d in discounts
           if s != value):
        found.append("subtotal")
    if _tax_summary(bill, value, row):
        found.append("tax_summary")
    if _tax_included(bill, value, row):
        found.append("tax_included")
    paid = bill.figures("paid", row)
    change = bill.figures("change", row)
    if any(_close(p - c, value) for p in paid for c in change if c > 0) or (
            any(_close(p, value) for p in paid) and all(c == 0 for c in change)):
        found.append("tendered")
    if value in bill.in_words:
        found.append("in_words")
    others = [v for v in bill.figures("total", row) if v != value]
    if any(_close(o + r, value) for o in others for r in rounds if r != 0):
        found.append("rounded")
    return tuple(found)


def _summary_part(row: Row) -> Decimal | None:
    """A tax summary row's amount plus its taxes: the figure whose rate(s) give other figures on
    the row (taxable 1000.00 at 2.5% + 2.5% -> 25.00 and 25.00 make 1050.00), or None."""
    values = [x.value for x in row.amounts]
    best: tuple[int, Decimal] | None = None
    for i, base in enumerate(values):
        taxes = [v for j, v in enumerate(values) if j != i and
                 any(abs(base * rate / 100 - v) <= Decimal("0.02") for rate in row.percents)]
        if taxes and (base > 0 or any(taxes)) and (best is None or len(taxes) > best[0]):
            best = (len(taxes), base + sum(taxes, Decimal(0)))
    return best[1] if best else None


def _tax_summary(bill: Bill, value: Decimal, row: int) -> bool:
    """Rows with a rate and figures, amount and tax, where amount × rate = tax, whose amounts
    and taxes add up to the total (the GST summary under a receipt or invoice, one row per rate)."""
    parts = [part for r in bill.rows if r.index != row and r.percents and len(r.amounts) >= 2
             and (part := _summary_part(r)) is not None]
    return bool(parts) and _rounds_to(sum(parts, Decimal(0)), value)


def _tax_included(bill: Bill, value: Decimal, row: int) -> bool:
    """A tax row with a rate whose figure is the tax the total includes."""
    for f in bill.all:
        if f.kind != "tax" or f.row == row or f.value <= 0:
            continue
        for rate in bill.rows[f.row].percents:
            if 0 < rate <= 40 and abs(value * rate / (100 + rate) - f.value) <= Decimal("0.02"):
                return True
    return False


def candidates(rows: list[Row]) -> list[Candidate]:
    """Every money figure on the bill as a possible total, best first."""
    bill = Bill(rows)
    largest = max((f.value for f in bill.all if f.money_like and f.kind not in ("paid", "change")), default=None)
    out: list[Candidate] = []
    seen: set[tuple[Decimal, int]] = set()
    for f in bill.all:
        if f.value <= 0 or (f.value, f.row) in seen:
            continue
        seen.add((f.value, f.row))
        found = relations(bill, f.value, f.row)
        score = _score(rows[f.row], f.kind, f.strength, f.money_like, f.last, len(rows))
        score += 3.0 * len(found) + (1.0 if f.value == largest else 0.0) + _repeated(bill, f.value, f.row)
        out.append(Candidate(f.value, f.row, f.kind, f.strength, score, found, rows[f.row].text))
    out.sort(key=lambda c: (-c.score, -c.value))
    return out


def _score(row: Row, kind: str | None, strength: int, money_like: bool, last: bool, n_rows: int) -> float:
    score = {"total": 2.0 + 1.5 * strength, "subtotal": -1.0, "paid": -1.5, "tax": -4.0, "round": -5.0,
             "change": -5.0, "discount": -5.0}.get(kind or "", 0.0)
    score += 0.5 if money_like else -2.0
    score += 0.5 if last else -1.0
    if row.right_aligned is not None:
        score += 0.5 if row.right_aligned else -0.5
    score += 0.5 if row.index >= 0.3 * n_rows else -0.5
    return score + 0.5 * row.confidence


def _repeated(bill: Bill, value: Decimal, row: int) -> int:
    """1 when the same figure is printed as a total (or subtotal, or the rounded total) elsewhere."""
    return int(any(_close(v, value) for v in bill.figures("total", row) + bill.figures("subtotal", row)))


def best_total(rows: list[Row]) -> Candidate | None:
    """The most likely grand total, or None when the bill prints no money figure.

    When no printed figure closes a relation, the total the relations compute stands in for a
    misread one: a value two relations agree on (cash - change and subtotal + tax both 45.84
    where "45.34" is printed), or, on a bill with no readable total label, what one computes."""
    found = candidates(rows)
    if not found or found[0].relations:
        return found[0] if found else None
    best = found[0]
    labelled = [c for c in found if c.kind == "total"]
    options: list[tuple[int, Decimal, tuple[str, ...], int]] = []
    for value, computed_by in derived(Bill(rows)).items():
        if len(computed_by) >= 2 or (not labelled and computed_by):
            options.append((len(computed_by), value, tuple(sorted(computed_by)), best.row))
    if not options:
        return best
    _, value, names, row = max(options)
    return Candidate(value, row, "total", 0, best.score, names, f"{rows[row].text} (= {', '.join(names)})")


def derived(bill: Bill) -> dict[Decimal, set[str]]:
    """Totals the printed figures compute, each with the relations that compute it."""
    out: dict[Decimal, set[str]] = {}

    def add(value: Decimal, kind: str) -> None:
        if value > 0:
            out.setdefault(value, set()).add(kind)

    change = [c for c in bill.figures("change") if c > 0]
    for p in bill.figures("paid"):
        for c in change:
            add(p - c, "tendered")
    for s in bill.figures("subtotal"):
        for t in bill.taxes(-1):
            for r in bill.figures("round") + [Decimal(0)]:
                add(s + t + r, "subtotal")
    parts = [part for r in bill.rows if r.percents and len(r.amounts) >= 2 and (part := _summary_part(r)) is not None]
    if parts:
        add(sum(parts, Decimal(0)), "tax_summary")
    for value in bill.in_words:
        add(value, "in_words")
    return out


def total_relations(total: Decimal, text: str | Iterable[Row]) -> tuple[str, ...]:
    """The printed relations a total closes on a bill (given as its text or its rows), read on
    whichever row prints it; empty when the bill's arithmetic does not confirm it."""
    rows = rows_from_text(text) if isinstance(text, str) else list(text)
    bill = Bill(rows)
    places = [r.index for r in rows if any(_close(a.value, total) for a in r.amounts)] or [-1]
    best: tuple[str, ...] = ()
    for place in places:
        found = relations(bill, total, place)
        if len(found) > len(best):
            best = found
    return best
