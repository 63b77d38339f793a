"""End-to-end turn latency for a typed sale with the local parser: the simulator's way (inbox row,
worker, turn with dry run and write, outbox, web channel), on SQLite and — when
MUNSHI_BENCH_DATABASE_URL names one — PostgreSQL. Prints p50/p95/max per backend (goal: p95 < 150 ms
on PostgreSQL). Each message is new (its own id), so every one posts a voucher.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and bench/voice.py would hide the voice package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


RUNS = int(os.environ.get("MUNSHI_BENCH_TURNS", "200"))
TEXTS = ("2 kilo cheeni Ramesh ko udhaar", "1 kilo chawal becha", "aaj ki bikri", "Ramesh ka hisaab")


def _fresh(url: str) -> None:
    from domain.store.migrate import recreate

    recreate(url)


def bench(url: str, label: str, data_dir: Path) -> None:
    from bot.app.services import build_services
    from bot.app.settings import Settings
    from bot.runtime.ratelimit import MemoryRateLimiter
    from bot.runtime.simulator import submit
    from domain.demo.load import load_demo

    _fresh(url)
    settings = Settings(database_url=url, data_dir=data_dir, media_dir=data_dir / "media", redis_url=None,
                        log_level="WARNING")
    services = build_services(settings, rate_limiter=MemoryRateLimiter(10**9))
    load_demo(services.session_factory, today=date.today())
    for message in TEXTS:  # warm the parser's and the catalogs' caches
        submit(services, "+919415000001", message)
    timings: dict[str, list[float]] = {t: [] for t in TEXTS}
    for n in range(RUNS):
        message = TEXTS[n % len(TEXTS)]
        started = time.perf_counter()
        replies = submit(services, "+919415000001", message)
        timings[message].append((time.perf_counter() - started) * 1000)
        assert replies and replies[0]["text"], replies
    services.close()
    every = sorted(ms for values in timings.values() for ms in values)
    print(f"{label}: {len(every)} turns  p50 {_pct(every, 50):.1f} ms  p95 {_pct(every, 95):.1f} ms  "
          f"max {every[-1]:.1f} ms")
    for message, values in timings.items():
        values.sort()
        print(f"  {message!r:36} p50 {statistics.median(values):6.1f} ms  p95 {_pct(values, 95):6.1f} ms")


def _pct(values: list[float], pct: int) -> float:
    return values[min(len(values) - 1, round(pct / 100 * (len(values) - 1)))]


def main() -> int:
    import logging

    logging.disable(logging.INFO)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with tempfile.TemporaryDirectory() as tmp:
        bench(f"sqlite:///{tmp}/bench.db", "SQLite", Path(tmp))
        pg = os.environ.get("MUNSHI_BENCH_DATABASE_URL")
        if pg:
            bench(pg, "PostgreSQL", Path(tmp))
        else:
            print("PostgreSQL: skipped (set MUNSHI_BENCH_DATABASE_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
