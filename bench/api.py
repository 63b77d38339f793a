"""API benchmark: the dashboard's data (the `dashboard` tool: today's sales and the change, 7 days,
low stock, dues with ageing, cash, an insight) for a shop with 1,000,000 voucher lines, median of runs;
then requests per second of a list endpoint (`GET /api/v1/sales?limit=50`, token auth, one tool call)
against a bare endpoint on the same uvicorn server, with a few client threads.

    MUNSHI_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/munshi_api_bench \
        python bench/api.py [--lines 1000000] [--small-shops 100] [--runs 5] [--seconds 5] [--no-load]

The database named is wiped and loaded by bench/books.py's builder (COPY, the real shapes).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from bench.books import TODAY, load  # noqa: E402
from domain.store.db import make_engine, make_session_factory  # noqa: E402
from domain.store.uow import SqlUnitOfWork  # noqa: E402
from tools import ToolContext, run_tool  # noqa: E402

BIG_SHOP = "shop-0"


def _owner(factory) -> tuple[int, int]:
    with SqlUnitOfWork(factory) as uow:
        shop = uow.shops.by_slug(BIG_SHOP)
        owner = next(u for u in uow.users.list(shop.id) if u.role == "owner")
        return shop.id, owner.id


def dashboard_ms(url: str, runs: int) -> list[float]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    shop_id, owner_id = _owner(factory)
    ctx = ToolContext(shop_id, owner_id, "owner", TODAY)
    times = []
    for _ in range(runs + 1):  # the first warms the caches
        t0 = time.perf_counter()
        outcome = run_tool(factory, ctx, "dashboard", {})
        times.append((time.perf_counter() - t0) * 1000)
        assert outcome.ok, outcome.error
    engine.dispose()
    return times[1:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _hammer(base: str, path: str, headers: dict[str, str], seconds: float, threads: int) -> float:
    counts = [0] * threads
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            while time.perf_counter() < stop:
                response = client.get(path)
                assert response.status_code == 200, response.text
                counts[i] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(counts) / (time.perf_counter() - started)


def requests_per_second(url: str, seconds: float, threads: int) -> dict[str, float]:
    import uvicorn

    from bot.app.observability import configure_logging
    from bot.app.services import build_services
    from bot.app.settings import Settings
    from bot.runtime.access import create_token
    from webhooks.app import create_app

    port = _free_port()
    settings = Settings(database_url=url, redis_url=None, public_url=f"http://127.0.0.1:{port}", log_level="WARNING")
    configure_logging("WARNING")  # one log line per request would measure the logger
    services = build_services(settings)
    token, _ = create_token(services.session_factory, BIG_SHOP, "bench")
    app = create_app(settings, services)

    @app.get("/bench/bare", include_in_schema=False)
    def bare() -> dict[str, bool]:
        return {"ok": True}

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {token}"}
    try:
        return {
            "GET /bench/bare": _hammer(base, "/bench/bare", {}, seconds, threads),
            "GET /api/v1/sales?limit=50": _hammer(base, "/api/v1/sales?limit=50", auth, seconds, threads),
        }
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        services.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("MUNSHI_BENCH_DATABASE_URL"))
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--small-shops", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-load", action="store_true", help="measure the data already loaded")
    args = parser.parse_args()
    if not args.db or not args.db.startswith("postgresql"):
        print("api: skipped — set MUNSHI_BENCH_DATABASE_URL to a PostgreSQL database it may wipe")
        return 0
    if not args.no_load:
        print(f"loading {args.lines:,} lines into one shop and {args.small_shops} small shops", flush=True)
        load(args.db, args.lines, args.small_shops)
    times = dashboard_ms(args.db, args.runs)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"dashboard data ({args.lines:,} lines): median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms over {args.runs} runs (goal: under 300 ms)")
    print(f"requests per second, {args.threads} client threads for {args.seconds:.0f} s each, one uvicorn worker:")
    for name, rps in requests_per_second(args.db, args.seconds, args.threads).items():
        print(f"  {name:<30} {rps:8.1f} req/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
