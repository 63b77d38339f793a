"""Invoice OCR accuracy and speed: field-level accuracy per field and per layout on the synthetic
invoices of `tests/ocr_synth` (every layout x degradation), and on the real scanned receipts in
`../shared/data/receipts/sroie` when present (company, date, total against their keys), plus
seconds per invoice. Goal: >= 95% on GSTIN, invoice number, date and total for printed layouts;
under 3 s an invoice.

    python bench/ocr_eval.py [--per-cell N] [--seed S] [--engine tesseract] [--no-sroie]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from domain.ocr import ImageRejected, read_invoice  # noqa: E402
from domain.ocr.amounts import money, parse_amount  # noqa: E402
from domain.ocr.dates import find_dates  # noqa: E402
from domain.ocr.engines import build_engine  # noqa: E402
from tests.ocr_synth.generator import DEGRADATIONS, LAYOUTS, PRINTED, generate  # noqa: E402

SROIE = ROOT.parent / "shared" / "data" / "receipts" / "sroie"
GOAL_FIELDS = ("supplier_gstin", "invoice_no", "invoice_date", "total")
FIELDS = ("supplier_name", "supplier_gstin", "invoice_no", "invoice_date", "taxable", "tax", "total", "lines")


CPU: list[float] = []


def _cpu() -> float:
    """CPU seconds of this process and its children (the tesseract runs)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _name_ok(got: str | None, want: str) -> bool:
    if not got:
        return False
    norm = lambda s: re.sub(r"[^a-z0-9&]+", " ", s.lower()).strip()  # noqa: E731
    return norm(got) == norm(want) or fuzz.ratio(norm(got), norm(want)) >= 90


def score_synthetic(draft, truth) -> dict[str, bool]:
    tax = draft.tax_total
    want_tax = Decimal(truth.cgst) + Decimal(truth.sgst) + Decimal(truth.igst)
    return {
        "supplier_name": _name_ok(draft.supplier_name.value, truth.supplier_name),
        "supplier_gstin": draft.supplier_gstin.value == truth.supplier_gstin,
        "invoice_no": (draft.invoice_no.value or "").upper() == truth.invoice_no.upper(),
        "invoice_date": draft.invoice_date.value == date.fromisoformat(truth.invoice_date),
        "taxable": draft.taxable.value == Decimal(truth.taxable),
        "tax": tax is not None and tax == want_tax,
        "total": draft.total.value == Decimal(truth.total),
        "lines": len(draft.lines) == len(truth.items)
        and all(ln.taxable == Decimal(it.taxable) for ln, it in zip(draft.lines, truth.items, strict=True)),
    }


def _pct(hits: list[bool]) -> str:
    return f"{100 * sum(hits) / len(hits):5.1f}%" if hits else "   - "


def run_synthetic(engine, per_cell: int, seed: int) -> tuple[list[float], bool]:
    by_layout: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    by_degradation: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    seconds: list[float] = []
    failures: list[str] = []
    for li, layout in enumerate(LAYOUTS):
        for di, degradation in enumerate(DEGRADATIONS):
            for k in range(per_cell):
                data, truth = generate(seed * 100_000 + li * 1000 + di * 100 + k, layout, degradation)
                started = time.perf_counter()
                cpu = _cpu()
                try:
                    draft = read_invoice(data, engine)
                    scores = score_synthetic(draft, truth)
                except ImageRejected:
                    scores = dict.fromkeys(FIELDS, False)
                seconds.append(time.perf_counter() - started)
                CPU.append(_cpu() - cpu)
                for field, ok in scores.items():
                    by_layout[layout][field].append(ok)
                    by_degradation[degradation][field].append(ok)
                    if not ok and field in GOAL_FIELDS and layout in PRINTED:
                        failures.append(f"{layout}/{degradation}/{k} {field}")
    n = len(seconds)
    print(f"\n== synthetic invoices: {n} ({per_cell} per layout x degradation, seed {seed})")
    print(f"{'layout':<14}" + "".join(f"{f[:10]:>11}" for f in FIELDS))
    for layout in LAYOUTS:
        print(f"{layout:<14}" + "".join(f"{_pct(by_layout[layout][f]):>11}" for f in FIELDS))
    print(f"{'degradation':<14}" + "".join(f"{f[:10]:>11}" for f in FIELDS))
    for degradation in DEGRADATIONS:
        print(f"{degradation:<14}" + "".join(f"{_pct(by_degradation[degradation][f]):>11}" for f in FIELDS))
    printed = {f: [ok for layout in PRINTED for ok in by_layout[layout][f]] for f in FIELDS}
    print(f"{'PRINTED':<14}" + "".join(f"{_pct(printed[f]):>11}" for f in FIELDS))
    goal_met = all(sum(printed[f]) / len(printed[f]) >= 0.95 for f in GOAL_FIELDS)
    print(f"goal (>= 95% on {', '.join(GOAL_FIELDS)} for printed layouts): {'met' if goal_met else 'NOT met'}")
    if failures:
        print("printed misses: " + "; ".join(failures[:30]))
    return seconds, goal_met


def run_sroie(engine) -> list[float]:
    images = sorted((SROIE / "img").glob("*.jpg"))
    if not images:
        print(f"\n== SROIE receipts: none at {SROIE}")
        return []
    hits: dict[str, list[bool]] = defaultdict(list)
    seconds = []
    misses: list[str] = []
    for image in images:
        key = json.loads((SROIE / "key" / f"{image.stem}.json").read_text())
        started = time.perf_counter()
        cpu = _cpu()
        try:
            draft = read_invoice(image.read_bytes(), engine)
        except ImageRejected:
            draft = None
        seconds.append(time.perf_counter() - started)
        CPU.append(_cpu() - cpu)
        want_date = find_dates(key.get("date", ""))
        hits["company"].append(draft is not None and _name_ok(draft.supplier_name.value, key.get("company", "")))
        hits["date"].append(draft is not None and bool(want_date) and draft.invoice_date.value == want_date[0].value)
        total = parse_amount(key.get("total", ""))
        hits["total"].append(draft is not None and total is not None and draft.total.value == money(total))
        got = {"company": draft and draft.supplier_name.value, "date": draft and draft.invoice_date.value,
               "total": draft and draft.total.value}
        misses += [f"{image.stem} {field} {got[field]!s}" for field in got if not hits[field][-1]]
    print(f"\n== SROIE scanned receipts: {len(images)} (../shared/data/receipts/sroie)")
    print("  ".join(f"{field} {_pct(v)}" for field, v in hits.items()))
    if misses:
        print("receipt misses (read): " + "; ".join(misses))
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-cell", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--engine", default="tesseract")
    parser.add_argument("--no-sroie", action="store_true")
    args = parser.parse_args()
    engine = build_engine(args.engine)
    seconds, _ = run_synthetic(engine, args.per_cell, args.seed)
    if not args.no_sroie:
        seconds += run_sroie(engine)
    print(f"\nseconds per invoice: mean {statistics.mean(seconds):.2f}  median {statistics.median(seconds):.2f}  "
          f"p90 {sorted(seconds)[int(0.9 * (len(seconds) - 1))]:.2f}  max {max(seconds):.2f}  (n={len(seconds)})")
    print(f"CPU seconds per invoice (all processes of one read): mean {statistics.mean(CPU):.2f}  "
          f"median {statistics.median(CPU):.2f}; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
