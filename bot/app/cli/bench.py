"""`munshi bench [NAME ...]`: run the benchmarks under bench/ and print their figures."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[3] / "bench"  # bot/app/cli/ -> the repository


def available() -> list[str]:
    return sorted(p.stem for p in BENCH_DIR.glob("*.py") if not p.name.startswith("_"))


def register(subparsers) -> None:
    parser = subparsers.add_parser("bench", help="run benchmarks (bench/*.py) and print their figures")
    parser.add_argument("names", nargs="*", help=f"which ones (default: all): {', '.join(available()) or 'none'}")
    parser.set_defaults(func=run)


def run(args) -> int:
    names = args.names or available()
    unknown = [n for n in names if n not in available()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}", file=sys.stderr)
        return 1
    for name in names:
        print(f"== {name}", flush=True)
        saved = sys.argv
        sys.argv = [str(BENCH_DIR / f"{name}.py")]
        try:
            runpy.run_path(str(BENCH_DIR / f"{name}.py"), run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (None, 0):
                return int(exc.code) if isinstance(exc.code, int) else 1
        finally:
            sys.argv = saved
    return 0
