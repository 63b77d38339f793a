"""Score the offline parser on the dev corpus, each line against its own shop, and report the
precision of writes at AUTO_APPLY (how many auto-applied writes were right).

usage: .venv/bin/python bench/parse_eval.py [CORPUS] [--show-failures N]
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents import AUTO_APPLY, WRITES, ShopVocabulary, parse  # noqa: E402

SHARED = Path("/work/shared")


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "corpus" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    corpus_path = Path(argv[1]) if len(argv) > 1 and not argv[1].startswith("--") else SHARED / "corpus" / "nlu-dev.jsonl"
    show = int(argv[argv.index("--show-failures") + 1]) if "--show-failures" in argv else 0
    rows = [json.loads(line) for line in corpus_path.read_text("utf-8").splitlines() if line.strip()]
    vocabs = {}
    parsed = []
    for row in rows:
        shop = row.get("shop", "sharma-kirana")
        vocab = vocabs.setdefault(shop, ShopVocabulary.from_shop_dir(SHARED / "demo" / shop))
        result = parse(row["text"], vocab, date.fromisoformat(row.get("today") or "2026-11-20"))
        parsed.append({"id": row["id"], "tool": result.tool, "args": result.args, "lang": result.lang,
                       "confidence": result.confidence})
    scorer = load_scorer()
    out_path = ROOT / "bench" / ".parse_eval.out.jsonl"
    out_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in parsed), "utf-8")
    buf = io.StringIO()
    with redirect_stdout(buf):
        scorer.main(["score.py", str(corpus_path), str(out_path), "--show-failures", str(show)])
    print(buf.getvalue(), end="")
    applied = right = asked = 0
    lang_ok = 0
    for row, p in zip(rows, parsed, strict=True):
        lang_ok += p["lang"] == row.get("lang")
        if p["tool"] in WRITES:
            if p["confidence"] >= AUTO_APPLY:
                applied += 1
                right += scorer.judge(row["expected"], p) is None
            else:
                asked += 1
    print(f"language detection {lang_ok / len(rows):.3f}")
    print(f"writes auto-applied at AUTO_APPLY={AUTO_APPLY}: {applied}, right {right}, "
          f"precision {right / max(1, applied):.3f}; writes asked back {asked}")
    out_path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
