"""Operations: structured JSON logs (structlog) that carry the message id, and Prometheus metrics.

Phone numbers never reach a log line whole: `mask_phone("+919812343210") == "+91******3210"`, and the
log processor masks any E.164-looking value under a key that names a phone. Metrics live in the
default Prometheus registry (one set per process); `/metrics` renders them.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import structlog
from prometheus_client import Counter, Gauge, Histogram

_PHONE_KEYS = ("phone", "from", "to", "from_phone", "to_phone", "sender", "recipient")
_E164 = re.compile(r"\+?\d{8,15}")

MESSAGES_IN = Counter("munshi_messages_in_total", "Inbound messages accepted", ["channel", "kind"])
MESSAGES_OUT = Counter("munshi_messages_out_total", "Replies handed to a channel", ["channel", "kind"])
WEBHOOKS_REJECTED = Counter("munshi_webhooks_rejected_total", "Webhook requests refused", ["channel", "reason"])
DUPLICATES = Counter("munshi_inbound_duplicates_total", "Redelivered inbound messages ignored", ["channel"])
STATUSES = Counter("munshi_delivery_status_total", "Delivery statuses received", ["channel", "status"])
TURN_SECONDS = Histogram(
    "munshi_turn_seconds",
    "Time from a claimed message to its replies being stored",
    buckets=(0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
TOOL_CALLS = Counter("munshi_tool_calls_total", "Tool calls made by turns", ["tool", "outcome"])
TURN_FAILURES = Counter("munshi_turn_failures_total", "Turns that raised (retried or given up)", ["final"])
QUEUE_DEPTH = Gauge("munshi_queue_depth", "Inbound messages waiting for or held by a worker", ["status"])
SEND_FAILURES = Counter("munshi_send_failures_total", "Replies a channel refused", ["channel", "code"])


def record_tool_call(tool: str, ok: bool) -> None:
    """Count one tool call; the turn calls it for every tool it runs."""
    TOOL_CALLS.labels(tool=tool, outcome="ok" if ok else "failed").inc()


def mask_phone(phone: str | None) -> str:
    """`+919812343210` -> `+91******3210`; keeps the country code and the last four digits."""
    if not phone:
        return ""
    value = phone.removeprefix("whatsapp:")
    digits = value.lstrip("+")
    if len(digits) <= 6:
        return "*" * len(value)
    prefix = "+" if value.startswith("+") else ""
    country = digits[:2]
    return f"{prefix}{country}{'*' * (len(digits) - 6)}{digits[-4:]}"


def _mask_phones(_logger, _name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in _PHONE_KEYS:
        value = event_dict.get(key)
        if isinstance(value, str) and _E164.search(value):
            event_dict[key] = mask_phone(value)
    return event_dict


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    """JSON lines on stderr with the bound context (message_id, channel) merged into every event."""
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=getattr(logging, level.upper(), logging.INFO))
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _mask_phones,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )


def get_logger(name: str = "munshi"):
    return structlog.get_logger(name)


@contextmanager
def bound(**values) -> Iterator[None]:
    """Bind values (message_id, channel, ...) to every log line within the block, then restore."""
    tokens = structlog.contextvars.bind_contextvars(**values)
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)
