"""`munshi serve` as a real process: it answers /health, and SIGTERM runs the app's shutdown to the end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_health_and_stops_cleanly_on_sigterm(sqlite_url, tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("MUNSHI_")}
    env.update(MUNSHI_DATABASE_URL=sqlite_url, MUNSHI_DATA_DIR=str(tmp_path), MUNSHI_MEDIA_DIR=str(tmp_path / "media"),
               MUNSHI_QUEUE="inprocess", PYTHONPATH=str(REPO))
    munshi = Path(sys.executable).with_name("munshi")
    server = subprocess.Popen([str(munshi), "serve", "--port", str(port)], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code
            except httpx.HTTPError:
                time.sleep(0.2)
        assert status == 200
        server.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught (so the status says SIGTERM)
        assert server.wait(timeout=60) in (0, -signal.SIGTERM)
        output = server.stdout.read().decode()
        assert "Waiting for application shutdown" in output and "Application shutdown complete" in output
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
