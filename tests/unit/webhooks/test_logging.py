"""Structured logs: JSON lines carrying the bound message id, with phone numbers masked."""

from __future__ import annotations

import json

import structlog

from bot.app.observability import bound, configure_logging, get_logger


def test_log_lines_are_json_with_the_message_id_and_a_masked_phone(capsys):
    configure_logging("INFO")
    try:
        with bound(message_id=42, channel="twilio"):
            get_logger("test").info("inbound_stored", sender="+919812343210", to="whatsapp:+919812343210")
        get_logger("test").info("after")
        first, second = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    finally:
        structlog.reset_defaults()
    assert first["event"] == "inbound_stored" and first["message_id"] == 42 and first["channel"] == "twilio"
    assert first["sender"] == "+91******3210" and first["to"] == "+91******3210"
    assert "9812343210" not in json.dumps(first)
    assert "message_id" not in second


def test_each_request_is_logged_once_with_its_id_status_and_duration(capsys):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from webhooks.deps import RequestLogMiddleware

    app = FastAPI()
    app.add_middleware(RequestLogMiddleware)

    @app.get("/hello")
    def hello():
        get_logger("test").info("inside")
        return {"ok": True}

    @app.get("/health")
    def health():
        return {"ok": True}

    configure_logging("INFO")
    try:
        with TestClient(app) as client:
            client.get("/hello")
            client.get("/health")
        lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines() if line.startswith("{")]
    finally:
        structlog.reset_defaults()
    inside, request = [line for line in lines if line["event"] in ("inside", "http_request")]
    assert request["path"] == "/hello" and request["status"] == 200 and request["duration_ms"] >= 0
    assert inside["request_id"] == request["request_id"]
    assert not any(line.get("path") == "/health" for line in lines)
