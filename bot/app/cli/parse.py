"""`munshi parse`: the offline intent parser from the command line (TOOLS.md). Touches no database.

With TEXT it prints one JSON object; with `--jsonl` it reads `{"id", "text", "today"?}` lines on
standard input and writes `{"id", "tool", "args", "lang", "confidence"}` lines, nothing else.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from domain.periods import shop_today
from intents import ShopVocabulary, parse


def register(subparsers) -> None:
    p = subparsers.add_parser("parse", help="parse a shopkeeper's message into a tool call (offline)")
    p.add_argument("--shop", required=True, help="folder with shop.json, catalog.csv and parties.csv")
    p.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today in India)")
    p.add_argument("--jsonl", action="store_true", help="read {id, text, today?} lines from stdin")
    p.add_argument("text", nargs="?", help="the message")
    p.set_defaults(func=run)


def _row(result, id_=None) -> dict:
    row = {"tool": result.tool, "args": result.args, "lang": result.lang, "confidence": result.confidence}
    return row if id_ is None else {"id": id_, **row}


def run(args: argparse.Namespace) -> int:
    vocab = ShopVocabulary.from_shop_dir(args.shop)
    default_today = args.today or shop_today()
    out = sys.stdout
    if not args.jsonl:
        if args.text is None:
            print("munshi parse: give a TEXT or --jsonl", file=sys.stderr)
            return 2
        out.write(json.dumps(_row(parse(args.text, vocab, default_today)), ensure_ascii=False) + "\n")
        return 0
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            print(f"munshi parse: skipped a line that is not JSON: {line[:80]!r}", file=sys.stderr)
            continue
        if not isinstance(obj, dict):
            continue
        today = default_today
        if obj.get("today"):
            try:
                today = date.fromisoformat(str(obj["today"]))
            except ValueError:
                print(f"munshi parse: bad today {obj['today']!r}; using {today}", file=sys.stderr)
        result = parse(str(obj.get("text") or ""), vocab, today)
        out.write(json.dumps(_row(result, obj.get("id")), ensure_ascii=False) + "\n")
    out.flush()
    return 0
