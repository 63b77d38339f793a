"""Structured logs: JSON lines carrying the bound message id, with phone numbers masked."""

from __future__ import annotations

import json

import structlog

from bot.observability import bound, configure_logging, get_logger


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
