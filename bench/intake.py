"""Intake benchmark: the Twilio webhook (signature check + inbox insert + enqueue) against a bare FastAPI
endpoint under the same uvicorn settings, and the end-to-end latency of a typed sale's turn.

    MUNSHI_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/munshi_wa \
    MUNSHI_BENCH_REDIS_URL=redis://127.0.0.1:6379/5 python bench/intake.py [--requests 2000] [--turns 200]

Both servers run as `uvicorn` subprocesses on 127.0.0.1 (one process, no access log); the client
sends pre-signed forms with a bounded number of requests in flight, alternating between the two
servers over a few rounds (the median round counts), and measures each latency. The named database is wiped and migrated; the Redis db receives the queued jobs (flushed).
Without MUNSHI_BENCH_DATABASE_URL a temporary SQLite file is used; without Redis, the in-process
queue (whose turns then share the web process). Goals: ratio >= 0.5; turn p95 < 150 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from fastapi import FastAPI, Request, Response  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

PUBLIC_URL = "https://munshi.example.in"
TOKEN = "bench-token"
SID = "AC" + "b" * 32
TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def bare_app() -> FastAPI:
    """The yardstick: the same route shape, reading the form, answering the same TwiML — nothing else."""
    app = FastAPI()

    @app.post("/webhooks/twilio")
    async def bare(request: Request) -> Response:
        await request.form()
        return Response(TWIML, media_type="application/xml")

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(target: str, env: dict, app_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", target, "--app-dir", str(app_dir), "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--no-access-log", "--log-level", "warning"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/health", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server {target} did not start: {proc.stderr.read().decode()[-2000:]}")


def forms(n: int) -> list[tuple[dict, str]]:
    validator = RequestValidator(TOKEN)
    out = []
    for i in range(n):
        form = {"SmsMessageSid": "", "NumMedia": "0", "ProfileName": "Bench", "MessageType": "text",
                "WaId": "919800000001", "SmsStatus": "received", "Body": f"{100 + i % 50} rupaye ki bikri",
                "To": "whatsapp:+14155238886", "NumSegments": "1", "MessageSid": "SM" + uuid.uuid4().hex,
                "AccountSid": SID, "From": f"whatsapp:+9198{i % 100000:08d}", "ApiVersion": "2010-04-01"}
        form["SmsMessageSid"] = form["MessageSid"]
        out.append((form, validator.compute_signature(PUBLIC_URL + "/webhooks/twilio", form)))
    return out


async def load(url: str, batch: list[tuple[dict, str]], concurrency: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    failures = 0
    queue: asyncio.Queue = asyncio.Queue()
    for item in batch:
        queue.put_nowait(item)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal failures
        while not queue.empty():
            form, signature = queue.get_nowait()
            started = time.perf_counter()
            response = await client.post(url + "/webhooks/twilio", data=form, headers={"X-Twilio-Signature": signature})
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                failures += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies, failures


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def prepare_database(url: str) -> None:
    from domain.store.migrate import recreate

    recreate(url)


def bench_intake(args, db_url: str, redis_url: str | None, tmp: Path) -> None:
    env = {**os.environ, "MUNSHI_DATABASE_URL": db_url, "MUNSHI_PUBLIC_URL": PUBLIC_URL,
           "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_ACCOUNT_SID": SID, "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
           "MUNSHI_TWILIO_API_BASE": "http://127.0.0.1:9", "MUNSHI_DATA_DIR": str(tmp), "MUNSHI_LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(REPO)}
    if redis_url:
        env.update(MUNSHI_QUEUE="celery", MUNSHI_REDIS_URL=redis_url)
    else:
        env.update(MUNSHI_QUEUE="inprocess")
    servers = (("bare FastAPI endpoint", "intake:bare_app", REPO / "bench"),
               ("webhook (signature + insert + queue)", "webhooks.app:create_app", REPO))
    running = {name: start_server(target, env, app_dir) for name, target, app_dir in servers}
    rates: dict[str, list[float]] = {name: [] for name in running}
    latencies: dict[str, list[float]] = {name: [] for name in running}
    failures = dict.fromkeys(running, 0)
    try:
        for _proc, url in running.values():
            asyncio.run(load(url, forms(200), args.concurrency))  # warm up
        # Alternate the two servers over a few rounds: the machine's other load hits both alike.
        for _round in range(args.rounds):
            for name, (_proc, url) in running.items():
                elapsed, lat, failed = asyncio.run(load(url, forms(args.requests // args.rounds), args.concurrency))
                rates[name].append(len(lat) / elapsed)
                latencies[name].extend(lat)
                failures[name] += failed
    finally:
        for proc, _url in running.values():
            proc.terminate()
            proc.wait(timeout=30)
    for name in running:
        lat = latencies[name]
        print(f"{name:<38} {statistics.median(rates[name]):7.0f} req/s (median of {args.rounds} rounds)   "
              f"p50 {pct(lat, 50):6.1f} ms   p95 {pct(lat, 95):6.1f} ms   failures {failures[name]}")
    bare, ours = (statistics.median(rates[name]) for name in running)
    print(f"ratio webhook / bare: {ours / bare:.2f} (goal >= 0.5)")
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()


def bench_turns(args, db_url: str, tmp: Path) -> None:
    from bot.app.observability import configure_logging
    from bot.app.services import build_services
    from bot.app.settings import Settings
    from bot.runtime.intake import Incoming, accept
    from bot.runtime.queue import InProcessQueue
    from bot.runtime.worker import process_message, replies_for
    from domain.demo.load import load_demo

    configure_logging("WARNING")
    settings = Settings(database_url=db_url, data_dir=tmp, media_dir=tmp / "media", redis_url=None,
                        rate_limit_per_minute=1_000_000, log_level="WARNING")
    services = build_services(settings, queue=InProcessQueue(sweep_on_start=False))
    load_demo(services.session_factory, today=datetime.now(ZoneInfo("Asia/Kolkata")).date())
    owner = "+919415000001"
    turn_only: list[float] = []
    real_turn = services.turn

    class TimedTurn:  # the same turn, timed alone, to tell its share from the worker's
        def handle(self, inbound):
            started = time.perf_counter()
            try:
                return real_turn.handle(inbound)
            finally:
                turn_only.append(time.perf_counter() - started)

    services.turn = TimedTurn()
    texts = ["1 kilo cheeni Ramesh ko udhaar", "2 kilo chawal becha", "{n} rupaye ki bikri", "1 kilo atta Suresh ko"]
    latencies = []
    booked = 0
    for n in range(args.turns + 10):
        body = texts[n % len(texts)].format(n=100 + n)
        inbox_id = accept(services, Incoming(channel="web", provider_message_id=f"bench-{uuid.uuid4().hex}",
                                             from_phone=owner, text=body), enqueue=False)
        started = time.perf_counter()
        process_message(services, inbox_id)
        elapsed = time.perf_counter() - started
        if n >= 10:  # the first turns warm caches and the parser
            latencies.append(elapsed)
            booked += any("ramesh" in r["text"].lower() or "₹" in r["text"] for r in replies_for(services, inbox_id))
    services.close()
    backend = "PostgreSQL" if db_url.startswith("postgresql") else "SQLite"
    print(f"typed sale, end to end (claim, turn with the local parser, outbox, send) on {backend}: "
          f"p50 {pct(latencies, 50):.1f} ms  p95 {pct(latencies, 95):.1f} ms  over {len(latencies)} turns "
          f"(goal p95 < 150 ms on PostgreSQL); replies naming an amount: {booked}")
    turns = turn_only[10:]
    print(f"  of which the turn itself (TurnHandler.handle): p50 {pct(turns, 50):.1f} ms  p95 {pct(turns, 95):.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds per server")
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="munshi-bench-intake-"))
    db_url = os.environ.get("MUNSHI_BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'bench.db'}"
    redis_url = os.environ.get("MUNSHI_BENCH_REDIS_URL")
    print(f"database: {'PostgreSQL' if db_url.startswith('postgresql') else 'SQLite'}; "
          f"queue: {'Celery on Redis' if redis_url else 'in-process'}; {args.requests} requests, "
          f"{args.concurrency} in flight, uvicorn 1 process on 127.0.0.1")
    prepare_database(db_url)
    bench_intake(args, db_url, redis_url, tmp)
    prepare_database(db_url)
    bench_turns(args, db_url, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
