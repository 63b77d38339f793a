"""Locales benchmark: loading the eleven catalogs (from .po and from compiled .mo), rendering tool
outcomes into replies, formatting money, and how long the replies are (characters and lines, the
phone-screen budget) per language.

    python bench/locales.py [--rounds 2000]
"""

from __future__ import annotations

import argparse
import gettext
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

from locales import CATALOG_IDS, format_money, reload_catalogs, translator  # noqa: E402
from locales.catalog import po_path  # noqa: E402


def _sample_outcomes():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "replies"))
    from test_replies_render import OUTCOMES, REFUSALS, TODAY  # noqa: PLC0415

    return list(OUTCOMES.values()) + REFUSALS, TODAY


def _timed(fn, rounds: int, repeats: int = 5) -> float:
    """Seconds per call, the best of `repeats` runs (the machine is shared; the best run is the cost)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(rounds):
            fn()
        best = min(best, (time.perf_counter() - start) / rounds)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    rounds = parser.parse_args().rounds

    times = []
    for locale in CATALOG_IDS:
        start = time.perf_counter()
        with po_path(locale).open("rb") as fh:
            read_po(fh)
        times.append(time.perf_counter() - start)
    print(f"catalog load from .po: median {statistics.median(times) * 1000:.1f} ms, "
          f"all {len(CATALOG_IDS)} {sum(times) * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        mo_times = []
        for locale in CATALOG_IDS:
            mo = Path(tmp) / f"{locale}.mo"
            with po_path(locale).open("rb") as fh, mo.open("wb") as out:
                write_mo(out, read_po(fh))
            start = time.perf_counter()
            with mo.open("rb") as fh:
                gettext.GNUTranslations(fh)
            mo_times.append(time.perf_counter() - start)
    print(f"catalog load from .mo: median {statistics.median(mo_times) * 1000:.2f} ms")
    reload_catalogs()

    from bot.conversation.replies import render_outcome  # noqa: PLC0415

    outcomes, today = _sample_outcomes()
    per = _timed(lambda: [render_outcome(o, "ta", today=today) for o in outcomes], max(1, rounds // 20))
    print(f"render_outcome: {per / len(outcomes) * 1e6:.0f} µs per reply ({len(outcomes)} outcome shapes, Tamil)")

    per_money = _timed(lambda: format_money(Decimal("12345678.50"), "kn"), rounds)
    print(f"format_money: {per_money * 1e6:.1f} µs per amount")
    per_msg = _timed(lambda: translator("hi", romanized=True)("sale.recorded_credit", total=Decimal("88"),
                                                               party="Ramesh Kumar", balance=Decimal("540")), rounds)
    print(f"t(key, **params): {per_msg * 1e6:.1f} µs per message")

    print("reply length per language (chars max / median, lines max):")
    for locale in CATALOG_IDS:
        texts = [render_outcome(o, locale, today=today) for o in outcomes]
        chars = [len(t) for t in texts]
        lines = max(len(t.splitlines()) for t in texts)
        print(f"  {locale:8} {max(chars):4d} / {statistics.median(chars):5.0f}   {lines:2d}")


if __name__ == "__main__":
    main()
