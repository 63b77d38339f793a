"""Tools benchmark: how long `munshi demo --days 90` takes to load both demo shops on SQLite (it runs
inside `make run`), then the median of N calls of common tools on that history.

    python bench/tools.py [--days 90] [--runs 7] [--db URL]

Without --db a fresh SQLite file in a temporary folder is used (a PostgreSQL URL is wiped first).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from domain.books import shops  # noqa: E402
from domain.demo.load import load_demo  # noqa: E402
from domain.store.db import make_engine, make_session_factory  # noqa: E402
from domain.store.migrate import recreate  # noqa: E402
from domain.store.uow import SqlUnitOfWork  # noqa: E402
from tools import ToolContext, run_tool  # noqa: E402

TODAY = date(2026, 11, 24)
CALLS = [
    ("record_sale (dry run)", "record_sale", {"items": [{"item": "Sugar", "qty": 2, "unit": "kg"},
                                                        {"item": "cheeni", "qty": 500, "unit": "g"}],
                                              "party": "Ramesh Kumar", "payment": "credit"}, True),
    ("record_sale", "record_sale", {"items": [{"item": "Rice", "qty": 1, "unit": "kg"}]}, False),
    ("stock_query (all)", "stock_query", {}, False),
    ("sales_summary this_month", "sales_summary", {"period": "this_month"}, False),
    ("profit_loss this_year", "profit_loss", {"period": "this_year"}, False),
    ("outstanding", "outstanding", {}, False),
    ("gst_summary last_month", "gst_summary", {"period": "last_month"}, False),
    ("send_payment_reminder", "send_payment_reminder", {"party": "Suresh Yadav"}, False),
    ("share_bill (PDF)", "share_bill", {}, False),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        recreate(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        started, cpu = time.perf_counter(), time.process_time()
        reports = load_demo(factory, today=TODAY, days=args.days, seed=0)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        events = sum(r.events for r in reports)
        print(f"demo load: {args.days} days x 2 shops, {events} events, {elapsed:.1f} s wall, {cpu:.1f} s CPU "
              f"({1000 * cpu / max(events, 1):.1f} ms CPU per event) on {url.split(':')[0]}")
        with SqlUnitOfWork(factory) as uow:
            shop = shops.find_shop_by_slug(uow, "sharma-kirana")
            owner = shops.owner_of(uow, shop.id)
        ctx = ToolContext(shop_id=shop.id, user_id=owner.id, role="owner", today=TODAY - timedelta(days=0))
        for label, name, tool_args, dry in CALLS:
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                outcome = run_tool(factory, ctx, name, tool_args, dry_run=dry)
                times.append(time.perf_counter() - t0)
                if not outcome.ok:
                    print(f"{label}: refused {outcome.error.code}: {outcome.error.message}")
                    break
            else:
                print(f"{label:28s} median {1000 * statistics.median(times):7.1f} ms  (of {args.runs})")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
