"""How many spoken quantities the parser reads right: number words as people type them and as a
speech recogniser writes them (misspelt, glued, colloquial), per language.

usage: .venv/bin/python bench/numbers_eval.py [CORPUS.jsonl ...] [--show-failures]

Each line is {"lang", "text", "quantities": [numbers said, in order]}; a quantity is right when the
number scanner finds that value in the message. With no corpus, `bench/corpus/numbers-*.jsonl`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents.analysis import tokenize  # noqa: E402
from intents.normalise import normalise  # noqa: E402
from intents.numbers import scan_numbers  # noqa: E402


def score(line: dict) -> tuple[int, int, bool, Counter]:
    """(quantities right, quantities said, every number found and nothing else, the numbers found)."""
    found = Counter(span.value for span in scan_numbers(tokenize(normalise(line["text"]))))
    said = Counter(Decimal(str(q)) for q in line["quantities"])
    right = sum(min(count, found[value]) for value, count in said.items())
    return right, sum(said.values()), found == said, found


def main(argv: list[str]) -> int:
    show = "--show-failures" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or sorted((ROOT / "bench" / "corpus").glob("numbers-*.jsonl"))
    lines = [json.loads(row) for path in paths for row in path.read_text(encoding="utf-8").splitlines() if row.strip()]
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for line in lines:
        right, said, exact, found = score(line)
        tally = per[line["lang"]]
        tally[0], tally[1], tally[2], tally[3] = tally[0] + right, tally[1] + said, tally[2] + exact, tally[3] + 1
        if show and right < said:
            print(f"MISS [{line['lang']}] {line['text']}  said {line['quantities']} found {sorted(found.elements())}")
    total = [sum(t[i] for t in per.values()) for i in range(4)]
    print(f"{'lang':8} {'quantities':>16} {'lines exact':>16}")
    for lang, (right, said, exact, count) in sorted(per.items()):
        print(f"{lang:8} {right:5d}/{said:<4d} {right / said:5.3f} {exact:5d}/{count:<4d} {exact / count:5.3f}")
    print(f"{'all':8} {total[0]:5d}/{total[1]:<4d} {total[0] / total[1]:5.3f} {total[2]:5d}/{total[3]:<4d} "
          f"{total[2] / total[3]:5.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
