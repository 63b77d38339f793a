"""Score the offline parser on labelled corpora in the shared format, each line against its own shop.

usage: .venv/bin/python bench/parse_eval.py [CORPUS.jsonl ...] [--demo DIR] [--show-failures N] [--out FILE]

A shop not under the demo folder is looked for in `shops/` beside the corpus (`bench/corpus/shops/new-shop`
has an empty catalog and no parties).

Prints, per language and per tool: accuracy, the writes applied without asking (confidence at or
above AUTO_APPLY) and how many of them were right (their precision), and the expected calibration
error (ECE: the gap between confidence and accuracy, averaged over ten confidence bins, weighted by
size). A line is right as `../shared/corpus/score.py` judges it. With no corpus, the dev corpus.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents import AUTO_APPLY, WRITES, ShopVocabulary, parse  # noqa: E402

SHARED = next((p for p in (ROOT.parent / "shared", Path("/work/shared")) if (p / "corpus").is_dir()), ROOT / "shared")
BINS = 10


def load_scorer(shared: Path = SHARED):
    spec = importlib.util.spec_from_file_location("score", shared / "corpus" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Tally:
    """What happened to a group of labelled lines."""

    n: int = 0
    right: int = 0
    applied: int = 0
    applied_right: int = 0
    points: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, ok: bool, confidence: float, is_write: bool) -> None:
        self.n += 1
        self.right += ok
        self.points.append((confidence, ok))
        if is_write and confidence >= AUTO_APPLY:
            self.applied += 1
            self.applied_right += ok

    @property
    def accuracy(self) -> float:
        return self.right / max(1, self.n)

    @property
    def precision(self) -> float | None:
        return self.applied_right / self.applied if self.applied else None

    @property
    def ece(self) -> float:
        return expected_calibration_error(self.points)


def expected_calibration_error(points: list[tuple[float, bool]], bins: int = BINS) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by their size."""
    if not points:
        return 0.0
    groups: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for conf, ok in points:
        groups[min(bins - 1, int(conf * bins))].append((conf, ok))
    total = 0.0
    for group in groups.values():
        mean_conf = sum(c for c, _ in group) / len(group)
        acc = sum(ok for _, ok in group) / len(group)
        total += len(group) * abs(acc - mean_conf)
    return total / len(points)


def load_rows(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def shop_dir(shop: str, folders: list[Path]) -> Path:
    """The first of `folders` holding the shop (the demo shops, then `shops/` beside a corpus)."""
    return next((f / shop for f in folders if (f / shop / "catalog.csv").exists()), folders[0] / shop)


def run(rows: list[dict], folders: list[Path]) -> list[dict]:
    """Parse every line against its shop; returns the `munshi parse --jsonl` rows."""
    vocabs: dict[str, ShopVocabulary] = {}
    parsed = []
    for row in rows:
        shop = row.get("shop", "sharma-kirana")
        if shop not in vocabs:
            vocabs[shop] = ShopVocabulary.from_shop_dir(shop_dir(shop, folders))
        result = parse(row["text"], vocabs[shop], date.fromisoformat(row.get("today") or "2026-11-20"))
        parsed.append({"id": row["id"], "tool": result.tool, "args": result.args, "lang": result.lang,
                       "confidence": result.confidence})
    return parsed


def tally(rows: list[dict], parsed: list[dict], scorer) -> tuple[Tally, dict, dict, list]:
    overall, by_lang, by_tool = Tally(), defaultdict(Tally), defaultdict(Tally)
    failures = []
    for row, got in zip(rows, parsed, strict=True):
        reason = scorer.judge(row["expected"], got)
        ok = reason is None
        is_write = got["tool"] in WRITES
        for t in (overall, by_lang[row.get("lang", "?")], by_tool[row["expected"]["tool"]]):
            t.add(ok, got["confidence"], is_write)
        if not ok:
            failures.append((row, got, reason))
    return overall, by_lang, by_tool, failures


def _fmt_precision(t: Tally) -> str:
    return f"{t.precision:.3f}" if t.precision is not None else "    -"


def print_table(title: str, table: dict[str, Tally]) -> None:
    print(f"{title:22} {'n':>5} {'right':>7} {'auto':>5} {'auto ok':>8} {'ECE':>6}")
    for key in sorted(table, key=lambda k: (-table[k].n, k)):
        t = table[key]
        print(f"{key:22} {t.n:>5} {t.accuracy:>7.3f} {t.applied:>5} {_fmt_precision(t):>8} {t.ece:>6.3f}")
    print()


def main(argv: list[str]) -> int:
    args = argv[1:]
    show = int(args[args.index("--show-failures") + 1]) if "--show-failures" in args else 0
    demo = Path(args[args.index("--demo") + 1]) if "--demo" in args else SHARED / "demo"
    out = Path(args[args.index("--out") + 1]) if "--out" in args else None
    skip = {i + 1 for i, a in enumerate(args) if a in ("--show-failures", "--demo", "--out")}
    paths = [Path(a) for i, a in enumerate(args) if not a.startswith("--") and i not in skip]
    paths = paths or [SHARED / "corpus" / "nlu-dev.jsonl"]
    rows = load_rows(paths)
    parsed = run(rows, [demo, *dict.fromkeys(p.parent / "shops" for p in paths)])
    if out:
        out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in parsed), "utf-8")
    overall, by_lang, by_tool, failures = tally(rows, parsed, load_scorer())
    print_table("language", by_lang)
    print_table("tool", by_tool)
    for row, got, reason in failures[:show]:
        print(f"FAIL {row['id']} [{row.get('lang')}] {row['text']}\n     {reason}  (conf {got['confidence']})")
    lang_ok = sum(p["lang"] == r.get("lang") for r, p in zip(rows, parsed, strict=True))
    asked = sum(p["tool"] in WRITES and p["confidence"] < AUTO_APPLY for p in parsed)
    print(f"language detection {lang_ok / max(1, len(rows)):.3f}")
    print(f"writes auto-applied at AUTO_APPLY={AUTO_APPLY}: {overall.applied}, right {overall.applied_right}, "
          f"precision {_fmt_precision(overall).strip()}; writes asked back {asked}")
    print(f"calibration error (ECE, {BINS} bins) {overall.ece:.3f}")
    worst = min(by_lang.values(), key=lambda t: t.accuracy) if by_lang else overall
    print(f"lowest language {worst.accuracy:.3f}")
    print(f"accuracy {overall.accuracy:.3f} on {overall.n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
