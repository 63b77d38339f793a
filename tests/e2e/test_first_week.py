"""A new number's first week, one language at a time, through the chat API (inbox, worker, turn,
outbox): from "hi" through onboarding to about thirty ordinary messages — first sales of items
never seen, a new customer on credit, a payment, a purchase from a new supplier, a price change, a
reminder whose UPI link carries the shop's UPI ID and the amount, stock and dues questions — and
the books checked to the paisa after it. The scripts are `bench/first_week/*.jsonl`, run by the
bench's own runner (its docstring defines the format)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.runtime.ratelimit import MemoryRateLimiter
from webhooks.app import create_app

BENCH = Path(__file__).resolve().parents[2] / "bench" / "first_week.py"
LANGUAGES = ("hindi", "hinglish", "tamil", "tanglish", "english", "marathi")


def _runner():
    spec = importlib.util.spec_from_file_location("first_week_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_shops_first_week_is_booked_to_the_paisa(database_url, engine, session_factory, tmp_path, language):
    runner = _runner()
    settings = Settings(database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
                        dev_chat=True)
    services = build_services(settings, engine=engine, session_factory=session_factory,
                              rate_limiter=MemoryRateLimiter(10**9))
    turns = runner.load_turns([BENCH.parent / "first_week" / f"{language}.jsonl"])[language]
    try:
        with TestClient(create_app(settings, services), client=("127.0.0.1", 50000)) as client:
            score = runner.run_script(client, services, turns)
    finally:
        services.queue.shutdown(wait=False)
        services.media_fetcher.close()
    assert score.failures == []
    assert score.writes >= 15 and score.right == score.writes
    assert score.questions <= score.writes  # at most one question a write, on average
    assert score.reads == score.reads_right and score.checks == score.checks_right == 1
