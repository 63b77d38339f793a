"""THE durability test: a real Celery worker process on the machine's Redis and PostgreSQL.

200 WhatsApp messages are stored and queued; the worker is killed with SIGKILL in the middle of the
run and started again. Through the real turn, every message must book exactly one voucher (none
twice) and get exactly one stored reply that reaches the Twilio stand-in exactly once: a send the kill
cut (after the provider took it, before we recorded it) is found in Twilio's message list, not resent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.runtime.celery_app import SWEEP_EVERY_SECONDS, create_celery
from bot.runtime.intake import Incoming, accept
from bot.runtime.queue import CeleryQueue
from bot.runtime.worker import sweep
from bot.store import messaging as repo
from domain.demo.load import load_demo
from tests.integration.webhooks.standin import PUBLIC_URL, TWILIO_SID, TWILIO_TOKEN, StandIn

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[2]
MESSAGES = 200
SENDERS = ("+919415000001", "+919443000001")  # the owners of the two demo shops
TEXTS = {"+919415000001": "{n} rupaye ki bikri", "+919443000001": "{n} rupaye ki bikri"}


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bot.app.celery", "worker", "--pool=threads", "--concurrency=4",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=REPO, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )


def _count(session_factory, statement) -> int:
    with session_factory() as session:
        return int(session.execute(statement).scalar_one())


def _wait(predicate, timeout: float, what: str, sweeping=None) -> None:
    """Poll `predicate`; with `sweeping` (services), re-queue what was left behind every SWEEP_EVERY_SECONDS
    as beat's sweep does in production."""
    deadline = time.monotonic() + timeout
    next_sweep = time.monotonic() + SWEEP_EVERY_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        if sweeping is not None and time.monotonic() >= next_sweep:
            sweep(sweeping, min_age_seconds=SWEEP_EVERY_SECONDS)
            next_sweep += SWEEP_EVERY_SECONDS
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def test_every_message_is_answered_once_and_books_once_across_a_killed_worker(database_url, engine, session_factory,
                                                                             redis_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("the Celery worker test runs on PostgreSQL")
    load_demo(session_factory, today=datetime.now(ZoneInfo("Asia/Kolkata")).date())
    with StandIn() as standin:
        env = {
            **os.environ,
            "MUNSHI_DATABASE_URL": database_url, "MUNSHI_REDIS_URL": redis_url, "MUNSHI_QUEUE": "celery",
            "MUNSHI_PUBLIC_URL": PUBLIC_URL, "MUNSHI_SECRET_KEY": "celery-test-" + "k" * 32, "MUNSHI_DATA_DIR": str(tmp_path),
            "MUNSHI_MEDIA_DIR": str(tmp_path / "media"), "TWILIO_ACCOUNT_SID": TWILIO_SID,
            "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "MUNSHI_TWILIO_API_BASE": standin.url, "MUNSHI_LEASE_SECONDS": "8",
            "MUNSHI_CELERY_VISIBILITY_TIMEOUT": "10", "MUNSHI_RATE_LIMIT_PER_MINUTE": "100000",
            "PYTHONPATH": str(REPO),
        }
        settings = Settings(database_url=database_url, redis_url=redis_url, queue="celery", public_url=PUBLIC_URL,
                            celery_visibility_timeout=10)
        celery = create_celery(settings)
        services = build_services(settings, engine=engine, session_factory=session_factory,
                                  queue=CeleryQueue(celery), turn=object())
        log = tmp_path / "worker.log"
        worker = _worker(env, log)
        try:
            for n in range(MESSAGES):
                sender = SENDERS[n % 2]
                accept(services, Incoming(channel="twilio", provider_message_id=f"SM{n:032x}", from_phone=sender,
                                          text=TEXTS[sender].format(n=100 + n)))
            done = select(func.count()).select_from(repo.InboxMessage).where(repo.InboxMessage.status == "done")
            _wait(lambda: _count(session_factory, done) >= MESSAGES // 3, 60, "a third of the messages")
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
            killed_at = _count(session_factory, done)
            assert killed_at < MESSAGES, "the worker finished before it could be killed"
            worker = _worker(env, log)
            # The kill can land after a message is marked done and before its sender's next message is
            # queued: in production beat's sweep queues that one again, so the test sweeps too.
            _wait(lambda: _count(session_factory, done) == MESSAGES, 300, "every message", sweeping=services)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
            celery.close()
            services.redis.close()
            services.media_fetcher.close()

        sent = standin.sent("/Messages.json")
        with session_factory() as session:
            rows = list(session.scalars(select(repo.OutboxMessage)))
            vouchers = session.execute(
                text("SELECT source_message_id, count(*) FROM vouchers WHERE source_message_id IS NOT NULL "
                     "GROUP BY source_message_id")).all()
        per_message = Counter(row.inbox_id for row in rows)
        assert len(per_message) == MESSAGES and set(per_message.values()) == {1}, "one reply per message"
        assert all(row.status == "sent" and row.provider_message_id for row in rows)
        assert len(vouchers) == MESSAGES and all(count == 1 for _, count in vouchers), "one voucher per message"
        # Every reply reached the provider, and none twice: the send journal settles an interrupted send by
        # asking Twilio's message list.
        wire = Counter((r.form["To"][0], r.form["Body"][0]) for r in sent)
        row_by_wire = {(f"whatsapp:{row.to_phone}", row.body): row for row in rows}
        assert set(wire) == set(row_by_wire), "a reply never reached the provider, or one went out unrecorded"
        assert [key for key, count in wire.items() if count > 1] == [], "a reply was sent twice"
