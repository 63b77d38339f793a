"""Messages per second of the offline parser over the dev corpus, in one process.

usage: .venv/bin/python bench/parse.py [--rounds N]
Prints messages per second by the wall clock and by this process's CPU time.
The vocabulary index is built once per shop (as the bot's cache does) and not timed.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents import ShopVocabulary, parse  # noqa: E402
from intents.vocab import index_for  # noqa: E402

SHARED = Path("/work/shared")


def main(argv: list[str]) -> int:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 5
    rows = [json.loads(line) for line in (SHARED / "corpus" / "nlu-dev.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    vocabs = {}
    started = time.perf_counter()
    for row in rows:
        shop = row.get("shop", "sharma-kirana")
        if shop not in vocabs:
            vocabs[shop] = ShopVocabulary.from_shop_dir(SHARED / "demo" / shop)
            index_for(vocabs[shop])
    for vocab in vocabs.values():
        parse("namaste", vocab, date(2026, 11, 20))  # loads the cue and number tables, once per process
    warm = time.perf_counter() - started
    jobs = [(row["text"], vocabs[row.get("shop", "sharma-kirana")], date.fromisoformat(row["today"])) for row in rows]
    # first pass: every message new to the word caches (transliteration, keys)
    t0 = time.perf_counter()
    for text, vocab, today in jobs:
        parse(text, vocab, today)
    cold = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for text, vocab, today in jobs:
            parse(text, vocab, today)
    hot, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = len(jobs)
    print(f"vocabulary indexes and lexicon tables built in {warm * 1000:.0f} ms (once per process, cached)")
    print(f"first pass: {n} messages in {cold * 1000:.0f} ms = {n / cold:,.0f} messages/s")
    print(f"steady: {n * rounds} messages in {hot * 1000:.0f} ms = {n * rounds / hot:,.0f} messages/s")
    # on a shared machine the wall clock counts other processes' turns; the CPU time is this process's own
    print(f"steady, CPU time of this process: {cpu * 1000:.0f} ms = {n * rounds / cpu:,.0f} messages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
