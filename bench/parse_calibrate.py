"""Refit the parser's calibration model (`intents/lexicon/calibration.json`): a logistic regression
from the scorer's named features to "the parse is right", fitted on every labelled message that is
not held out — the intents tests' cases, the shared dev corpus and `bench/corpus/fresh-*.jsonl`.

usage: .venv/bin/python bench/parse_calibrate.py [--l2 X] [--dry-run]
Prints the calibration error (ECE) of the raw scores and of the fitted model on the data it was fitted
on; `bench/parse_eval.py` reports it on any corpus (the held-out batches are the honest figure).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "unit" / "intents"))

from intents_corpus import judge as case_judge  # noqa: E402  (the tests' judge reads their labels)
from parse_eval import SHARED, expected_calibration_error, load_rows, load_scorer, shop_dir  # noqa: E402

from intents import ShopVocabulary  # noqa: E402
from intents.calibration import FILE  # noqa: E402
from intents.parser import explain  # noqa: E402

CASES = ROOT / "tests" / "unit" / "intents"
SHOPS = {"s": "sharma-kirana", "m": "murugan-stores"}
OUT = ROOT / "intents" / "lexicon" / FILE


def labelled_rows() -> list[dict]:
    """Every labelled message that may be fitted on, in the shared corpus format."""
    rows = []
    for path in sorted(CASES.rglob("*.tsv")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                shop, text, tool, args = line.split("\t")
                rows.append({"id": f"{path.stem}:{len(rows)}", "shop": SHOPS[shop], "today": "2026-11-20",
                             "text": text, "expected": {"tool": tool, "args": json.loads(args)}, "case": True})
    fresh = sorted((ROOT / "bench" / "corpus").glob("fresh-*.jsonl"))
    return rows + load_rows([SHARED / "corpus" / "nlu-dev.jsonl", *fresh])


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias, column 0, is not shrunk)."""
    w = np.zeros(x.shape[1])
    shrink = np.full(x.shape[1], l2)
    shrink[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + shrink * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(shrink + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main(argv: list[str]) -> int:
    l2 = float(argv[argv.index("--l2") + 1]) if "--l2" in argv else 2.0
    rows = labelled_rows()
    scorer = load_scorer()
    folders = [SHARED / "demo", ROOT / "bench" / "corpus" / "shops"]
    vocabs: dict[str, ShopVocabulary] = {}
    feats, right, raw = [], [], []
    winners = 0
    for row in rows:
        shop = row.get("shop", "sharma-kirana")
        vocab = vocabs.setdefault(shop, ShopVocabulary.from_shop_dir(shop_dir(shop, folders)))
        # the winner and each runner-up, each judged: the runners-up are the wrong readings to learn from
        for k, (tool, args, score, feat) in enumerate(explain(row["text"], vocab,
                                                              date.fromisoformat(row.get("today") or "2026-11-20"))):
            if row.get("case"):
                ok = case_judge(row["expected"]["tool"], row["expected"]["args"], tool, args) is None
            else:
                ok = scorer.judge(row["expected"], {"tool": tool, "args": args}) is None
            feats.append(feat)
            right.append(ok)
            raw.append(max(0.0, min(1.0, score)))
            winners += k == 0
    names = sorted({name for f in feats for name in f})
    x = np.array([[1.0] + [f.get(n, 0.0) for n in names] for f in feats])
    y = np.array(right, dtype=float)
    w = fit(x, y, l2)
    p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
    print(f"fitted on {len(rows)} labelled messages: {winners} winners and {len(y) - winners} runners-up, "
          f"{int(y.sum())} right; {len(names)} features, l2={l2}")
    print(f"ECE of the raw scores {expected_calibration_error(list(zip(raw, right, strict=True))):.3f}, "
          f"of the model {expected_calibration_error(list(zip(p.tolist(), right, strict=True))):.3f}")
    model = {"bias": round(float(w[0]), 6), "l2": l2, "fitted_on": len(rows),
             "weights": {n: round(float(v), 6) for n, v in zip(names, w[1:], strict=True) if abs(v) > 1e-6}}
    if "--dry-run" not in argv:
        OUT.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", "utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
