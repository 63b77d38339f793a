"""The labelled messages of `cases/<lang>/<tool>.tsv` (and the demo shops' vocabularies) and a judge that compares a parse with a label (labels
give only what must match; a write must not invent a party, amount, items or date)."""

from __future__ import annotations

import json
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from intents import ShopVocabulary

SHOPS = {"s": "sharma-kirana", "m": "murugan-stores"}
TODAY = date(2026, 11, 20)
_BASE = {"g": ("kg", 0.001), "kg": ("kg", 1.0), "ml": ("l", 0.001), "l": ("l", 1.0), "dozen": ("pc", 12.0)}


def load_cases(name: str) -> list[tuple[str, str, str, dict]]:
    rows = []
    for line in (Path(__file__).parent / name).read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        shop, text, tool, args = line.split("\t")
        rows.append((SHOPS[shop], text, tool, json.loads(args)))
    return rows


def _base(line: dict) -> tuple[str, float | None]:
    kind, factor = _BASE.get(line.get("unit") or "", (line.get("unit"), 1.0))
    qty = line.get("qty")
    return kind, None if qty is None else float(qty) * factor


def _close(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))
    except (TypeError, ValueError):
        return False


def _line_ok(want: dict, got: dict) -> bool:
    if want["item"].casefold() != str(got.get("item", "")).casefold():
        return False
    if "qty" in want:
        if "unit" in want:
            if _base(want) != _base(got) and not (_base(want)[0] == _base(got)[0] and _close(_base(want)[1], _base(got)[1])):
                return False
        elif not _close(want["qty"], got.get("qty")):
            return False
    if "rate" in want:  # as the shared scorer: rates compared per base unit
        try:
            if not _close(float(want["rate"]) / _BASE.get(want.get("unit") or "", ("", 1.0))[1],
                          float(got.get("rate")) / _BASE.get(got.get("unit") or "", ("", 1.0))[1]):
                return False
        except (TypeError, ValueError):
            return False
    if "amount" in want and not _close(want["amount"], got.get("amount")):
        return False
    return True


def judge(tool: str, args: dict, got_tool: str, got_args: dict) -> str | None:
    """None when right, else why not."""
    if got_tool != tool:
        return f"tool {got_tool} != {tool}"
    got_args = {k: v for k, v in got_args.items() if v is not None}
    for k, want in args.items():
        got = got_args.get(k)
        if k == "items":
            if not isinstance(got, list) or len(got) != len(want):
                return f"items {got}"
            free = list(got)
            for w in want:
                match = next((g for g in free if _line_ok(w, g)), None)
                if match is None:
                    return f"items {got}"
                free.remove(match)
        elif isinstance(want, (int, float)):
            if not _close(want, got):
                return f"{k} {got}"
        elif k == "party" and isinstance(got, str):
            # as the shared scorer: a new name may be romanized a little differently
            if SequenceMatcher(None, want.casefold(), got.casefold()).ratio() < 0.8:
                return f"{k} {got}"
        elif isinstance(want, str) and isinstance(got, str):
            if want.casefold() != got.casefold():
                return f"{k} {got}"
        elif want != got:
            return f"{k} {got}"
    if tool.startswith("record_"):
        for k in ("party", "amount", "items", "date"):
            if k in got_args and k not in args:
                return f"invented {k} {got_args[k]}"
    return None



@lru_cache(maxsize=1)
def demo_vocabs(demo: Path) -> dict[str, ShopVocabulary]:
    """The two demo shops' vocabularies, read once."""
    return {slug: ShopVocabulary.from_shop_dir(demo / slug) for slug in SHOPS.values()}
