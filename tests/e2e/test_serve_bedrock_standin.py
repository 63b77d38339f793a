"""`munshi serve` with MUNSHI_AGENT=auto and Bedrock's endpoint pointed at a Converse stand-in
(AWS_ENDPOINT_URL_BEDROCK_RUNTIME, dummy credentials): a message the parser is unsure of goes
through the web intake, the worker and the turn to the stand-in, whose scripted tool calls run on
the books; when the stand-in fails, the parser answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.integration.agents.converse_standin import ConverseStandIn, Error, answer, tool_results, tool_use

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OWNER = "+919415000001"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(sqlite_url, tmp_path):
    from domain.demo.load import load_demo
    from domain.store.db import make_engine, make_session_factory

    engine = make_engine(sqlite_url)
    load_demo(make_session_factory(engine), today=datetime.now(ZoneInfo("Asia/Kolkata")).date())
    engine.dispose()
    with ConverseStandIn() as standin:
        port = _free_port()
        env = {**os.environ, "PYTHONPATH": REPO, "MUNSHI_AGENT": "auto", "MUNSHI_DATABASE_URL": sqlite_url,
               "MUNSHI_DATA_DIR": str(tmp_path), "MUNSHI_MEDIA_DIR": str(tmp_path / "media"),
               "MUNSHI_PUBLIC_URL": f"http://127.0.0.1:{port}", "MUNSHI_BEDROCK_MAX_ATTEMPTS": "1",
               "MUNSHI_DEV_CHAT": "1", "MUNSHI_AGENT_CONFIDENT": "0.9",  # below it, the parser asks Bedrock first
               "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": standin.url, "AWS_ACCESS_KEY_ID": "testing",
               "AWS_SECRET_ACCESS_KEY": "testing", "MUNSHI_LOG_LEVEL": "WARNING"}
        env.pop("MUNSHI_REDIS_URL", None)
        process = subprocess.Popen(
            [sys.executable, "-c", "from bot.app.cli import main; main()", "serve", "--host", "127.0.0.1",
             "--port", str(port)], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/sim/users", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
            else:
                raise AssertionError("munshi serve did not start")
            yield base, standin
        finally:
            process.terminate()
            process.wait(timeout=30)


def say(base: str, text: str) -> list[str]:
    response = httpx.post(f"{base}/sim/messages", data={"from": OWNER, "text": text}, timeout=60)
    assert response.status_code == 200, response.text
    return [r["text"] for r in response.json()["replies"] if r.get("text")]


def test_the_stand_in_s_tool_calls_are_answered_from_the_books_and_its_failure_by_the_parser(served):
    base, standin = served
    found = {}

    def read_back(request):
        found.update(tool_results(request)[0]["json"]["data"])
        return answer(f"{found['party']} ka baaki ₹{found['balance']:,.0f} hai.")

    standin.script = [tool_use(("record_sale", {"items": [{"item": "Sugar", "qty": 2, "unit": "kg"}],
                                                "party": "Suresh Yadav", "payment": "credit"})),
                      lambda request: tool_use(("party_balance", {"party": "Suresh Yadav"})), read_back]
    replies = say(base, "Suresh wale khate mein woh cheeni jo abhi di, do kilo, chadha do aur batao ab kitna hua?")
    assert len(standin.requests) == 3
    assert "₹88" in replies[0] and "Suresh Yadav" in replies[0]
    assert Decimal(str(found["balance"])) >= Decimal("88")
    assert replies[-1] == f"Suresh Yadav ka baaki ₹{found['balance']:,.0f} hai."

    standin.script = [Error(503, "ServiceUnavailableException")]
    replies = say(base, "aur Suresh ka?")  # the parser is unsure of it: Bedrock is asked, fails, the parser answers
    assert len(standin.requests) == 4
    assert "Suresh Yadav" in replies[0] and f"{found['balance']:,.0f}" in replies[0]

    before = len(standin.requests)
    assert "Ramesh Kumar" in say(base, "Ramesh ka kitna baaki hai?")[0]  # the parser is sure: no cloud call
    assert len(standin.requests) == before
