"""Scale-out run: two web processes and two Celery workers on one PostgreSQL and one Redis, a worker and a
web process killed mid-run; prints messages/s, p95, lost, doubled and out-of-order counts.

    MUNSHI_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test_harden \
    MUNSHI_BENCH_REDIS_URL=redis://127.0.0.1:6379/9 python bench/scale.py [--messages 5000] [--shops 50]

docker-compose's shape on loopback: `uvicorn webhooks.app:create_app` twice, `celery -A bot.app.celery
worker` twice and beat (the inbox sweep), all started here; the Twilio API is the tests' local stand-in,
which also serves the inbound media. The named database is wiped and migrated and the Redis db flushed.
`--shops` shops are created, each with its owner; the messages (sales in words, voice notes and bill
photos, mixed) are signed Twilio webhooks sent round-robin to the two web processes with a bounded number
in flight. A third of the way in, one worker is SIGKILLed (and started again) and one web process is
SIGKILLed (its requests fail over to the other, as behind a load balancer). Figures:

- messages/s: messages answered per second, first webhook to last reply;
- p95: seconds from a message's arrival to its reply accepted by the provider (database clocks);
- lost: webhooks answered 200 whose message has no reply at the provider at the end;
- doubled: messages with more than one voucher, and replies that reached the provider twice;
- out of order: a sender's message answered before an earlier message of the same sender.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import wave
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from sqlalchemy import text  # noqa: E402

from domain.books import shops  # noqa: E402
from domain.store.db import make_engine, make_session_factory  # noqa: E402
from domain.store.migrate import recreate  # noqa: E402
from domain.store.uow import SqlUnitOfWork  # noqa: E402
from tests.integration.webhooks.standin import (  # noqa: E402
    PUBLIC_URL,
    TWILIO_SID,
    TWILIO_TOKEN,
    Answer,
    StandIn,
    default_answer,
    twilio_form,
    twilio_signature,
)

SECRET = "scale-bench-" + "s" * 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(["GUPTA TRADERS", "Sugar 2 kg   90.00", "Atta 5 kg   210.00", "TOTAL   300.00"]):
        draw.text((40, 40 + row * 60), line, fill=0)
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def _voice() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * 16000)
    return out.getvalue()


def media_responder(photo: bytes, voice: bytes):
    def answer(request):
        if request.method in ("GET", "HEAD") and request.path.endswith(".jpg"):
            return Answer(200, photo, "image/jpeg")
        if request.method in ("GET", "HEAD") and request.path.endswith(".wav"):
            return Answer(200, voice, "audio/wav")
        if request.method == "DELETE":
            return Answer(204, b"")
        return default_answer(request)

    return answer


def create_shops(url: str, count: int) -> list[str]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    phones = []
    for n in range(count):
        phone = f"+9198{n:08d}"
        with SqlUnitOfWork(factory) as uow:
            shops.create_shop(uow, name=f"Scale Store {n}", slug=f"scale-{n}", state_code="09",
                              owner_name=f"Owner {n}", owner_phone=phone, language="hi")
            uow.commit()
        phones.append(phone)
    engine.dispose()
    return phones


def plan(messages: int, phones: list[str], standin_url: str) -> list[dict]:
    """The mixed traffic: 90% sales in words, 5% voice notes, 5% bill photos, senders round-robin."""
    forms = []
    for n in range(messages):
        phone = phones[n % len(phones)]
        kind = "photo" if n % 20 == 7 else "voice" if n % 20 == 13 else "text"
        extra: dict = {}
        body = f"{100 + n} rupaye ki bikri" if kind == "text" else ""
        if kind != "text":
            suffix, ctype = (".jpg", "image/jpeg") if kind == "photo" else (".wav", "audio/wav")
            extra = {"NumMedia": "1", "MediaUrl0": f"{standin_url}/2010-04-01/Accounts/{TWILIO_SID}/Messages/"
                                                    f"MM{n:032x}/Media/ME{n:032x}{suffix}",
                     "MediaContentType0": ctype}
        form = twilio_form(f"SM{n:032x}", phone=phone, body=body, **extra)
        forms.append(form)
    return forms


async def send_all(forms: list[dict], ports: list[int], in_flight: int, on_progress) -> tuple[int, int]:
    """Post every form; a refused connection (a dead web process) fails over to the other port."""
    accepted = failed = 0
    queue: asyncio.Queue = asyncio.Queue()
    for index, form in enumerate(forms):
        queue.put_nowait((index, form))
    alive = list(ports)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal accepted, failed
        while not queue.empty():
            index, form = queue.get_nowait()
            signature = twilio_signature(PUBLIC_URL + "/webhooks/twilio", form)
            for attempt in range(6):
                port = alive[(index + attempt) % len(alive)]
                try:
                    response = await client.post(f"http://127.0.0.1:{port}/webhooks/twilio", data=form,
                                                 headers={"X-Twilio-Signature": signature})
                except httpx.TransportError:
                    if port in alive and len(alive) > 1:
                        alive.remove(port)
                    continue
                if response.status_code == 200:
                    accepted += 1
                else:
                    failed += 1
                break
            else:
                failed += 1
            await on_progress(accepted)

    async with httpx.AsyncClient(timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(in_flight)))
    return accepted, failed


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def wait_http(port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the web process on {port} did not start")


def figures(url: str, standin: StandIn, accepted: int, started: float) -> dict:
    engine = make_engine(url)
    with engine.connect() as db:
        inbox = db.execute(text("SELECT id, from_phone, status, received_at, processed_at FROM inbox ORDER BY id")).all()
        sent = db.execute(text("SELECT inbox_id, min(sent_at) FROM outbox WHERE provider_message_id IS NOT NULL "
                               "GROUP BY inbox_id")).all()
        doubled_vouchers = db.execute(text("SELECT count(*) FROM (SELECT source_message_id FROM vouchers WHERE "
                                           "source_message_id IS NOT NULL GROUP BY source_message_id "
                                           "HAVING count(*) > 1) d")).scalar_one()
        last = db.execute(text("SELECT max(sent_at) FROM outbox")).scalar_one()
        recorded = db.execute(text("SELECT count(*) FROM outbox WHERE channel = 'twilio' "
                                   "AND provider_message_id IS NOT NULL")).scalar_one()
    engine.dispose()
    answered = {inbox_id: at for inbox_id, at in sent}
    latencies = sorted((answered[r.id] - r.received_at).total_seconds() for r in inbox if r.id in answered)
    taken = standin.sent("/Messages.json")  # every reply the provider took
    per_sender = defaultdict(list)
    for row in inbox:
        if row.id in answered:
            per_sender[row.from_phone].append(answered[row.id])
    out_of_order = sum(1 for times in per_sender.values() for a, b in zip(times, times[1:], strict=False) if b < a)
    elapsed = (last.timestamp() - started) if last else float("nan")
    return {
        "messages_per_s": len(answered) / elapsed if elapsed else 0.0,
        "p95_s": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "lost": accepted - len(answered),
        "doubled_vouchers": int(doubled_vouchers),
        "doubled_replies": max(0, len(taken) - int(recorded)),  # taken by the provider but not one of ours
        "out_of_order": out_of_order,
        "answered": len(answered),
        "stored": len(inbox),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--shops", type=int, default=50)
    parser.add_argument("--in-flight", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for every reply")
    args = parser.parse_args()
    url = os.environ.get("MUNSHI_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test_harden")
    redis_url = os.environ.get("MUNSHI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    recreate(url)
    phones = create_shops(url, args.shops)
    work = Path(tempfile.mkdtemp(prefix="munshi-scale-"))
    with StandIn(media_responder(_photo(), _voice())) as standin:
        env = {**os.environ, "PYTHONPATH": str(REPO), "MUNSHI_DATABASE_URL": url, "MUNSHI_REDIS_URL": redis_url,
               "MUNSHI_QUEUE": "celery", "MUNSHI_PUBLIC_URL": PUBLIC_URL, "MUNSHI_SECRET_KEY": SECRET,
               "MUNSHI_DATA_DIR": str(work), "MUNSHI_MEDIA_DIR": str(work / "media"),
               "TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
               "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886", "MUNSHI_TWILIO_API_BASE": standin.url,
               "MUNSHI_RATE_LIMIT_PER_MINUTE": "100000", "MUNSHI_CELERY_VISIBILITY_TIMEOUT": "20",
               "MUNSHI_LOG_LEVEL": "WARNING"}
        ports = [free_port(), free_port()]
        web = [start([sys.executable, "-m", "uvicorn", "webhooks.app:create_app", "--factory", "--host", "127.0.0.1",
                      "--port", str(p), "--no-access-log"], env, work / f"web{i}.log") for i, p in enumerate(ports)]
        worker_cmd = [sys.executable, "-m", "celery", "-A", "bot.app.celery", "worker", "--pool=threads",
                      "--concurrency=2", "--loglevel=WARNING", "--without-gossip", "--without-mingle"]
        workers = [start(worker_cmd + [f"--hostname=w{i}@%h"], env, work / f"worker{i}.log") for i in range(2)]
        beat = start([sys.executable, "-m", "celery", "-A", "bot.app.celery", "beat", "--loglevel=WARNING",
                      f"--schedule={work / 'beat'}"], env, work / "beat.log")
        try:
            for port in ports:
                wait_http(port)
            forms = plan(args.messages, phones, standin.url)
            killed = {"done": False}

            async def on_progress(accepted: int) -> None:
                if not killed["done"] and accepted >= len(forms) // 3:
                    killed["done"] = True
                    workers[0].send_signal(signal.SIGKILL)
                    web[1].send_signal(signal.SIGKILL)
                    workers[0].wait()
                    workers[0] = start(worker_cmd + ["--hostname=w0b@%h"], env, work / "worker0.log")

            started = time.time()
            accepted, failed = asyncio.run(send_all(forms, ports, args.in_flight, on_progress))
            posted = time.time()
            deadline = time.monotonic() + args.timeout
            while time.monotonic() < deadline:
                result = figures(url, standin, accepted, started)
                if result["answered"] >= accepted:
                    break
                time.sleep(2)
            result = figures(url, standin, accepted, started)
        finally:
            for process in [*web, *workers, beat]:
                if process.poll() is None:
                    process.terminate()
            for process in [*web, *workers, beat]:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
    print(f"scale: {args.messages} messages ({args.messages // 20} photos, {args.messages // 20} voice notes), "
          f"{args.shops} shops, 2 web + 2 Celery workers; a worker and a web process SIGKILLed at 1/3")
    print(f"webhooks accepted {accepted}, refused {failed}; posting took {posted - started:.1f} s")
    print(f"messages/s {result['messages_per_s']:.1f}  p95 {result['p95_s']:.2f} s  lost {result['lost']}  "
          f"doubled vouchers {result['doubled_vouchers']}  doubled replies {result['doubled_replies']}  "
          f"out of order {result['out_of_order']}")
    return 0 if result["lost"] == 0 and result["doubled_vouchers"] == 0 and result["out_of_order"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
