"""Operations: structured JSON logs (structlog) that carry the message id, and Prometheus metrics.

Phone numbers never reach a log line whole: `mask_phone("+919812343210") == "+91******3210"`. Every
log line passes `redact`: phone-like digit runs are masked in every field and in exception text,
signed media links and token-like query values (`hub.verify_token`, signatures, keys) are blanked,
and fields that carry what a user wrote (`text`, `body`, …) are replaced by their length. Standard
logging (uvicorn's access and error logs, Celery, SQLAlchemy) passes the same `redact_text` through
`RedactingFilter`. Metrics live in the default Prometheus registry (one set per process); `/metrics`
renders them.
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
_PHONE_RUN = re.compile(r"(?<![\w.])(\+?)(\d{2})\d{4,9}(\d{4})(?!\d)")  # 10-15 digits, alone or with +
_MEDIA_LINK = re.compile(r"(/media/)[^\s/?#\"']+")
_SECRET_QUERY = re.compile(r"((?:verify_token|token|signature|secret|key|password|sig|access_token)=)[^&\s\"']+",
                           re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+")
_USER_TEXT_KEYS = frozenset({"text", "body", "Body", "caption", "message_text", "heard", "transcript",
                             "profile_name", "ProfileName", "reply"})

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


def redact_text(value: str) -> str:
    """A string with phone numbers masked and signed links and tokens blanked."""
    value = _PHONE_RUN.sub(lambda m: f"{m.group(1)}{m.group(2)}{'*' * (len(m.group(0)) - len(m.group(1)) - 6)}"
                                     f"{m.group(3)}", value)
    value = _MEDIA_LINK.sub(r"\1[redacted]", value)
    value = _SECRET_QUERY.sub(r"\1[redacted]", value)
    return _BEARER.sub(r"\1[redacted]", value)


def _redact_value(value: Any, depth: int = 0) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if depth > 6:
        return value
    if isinstance(value, dict):
        return {k: (f"[{len(v)} chars]" if k in _USER_TEXT_KEYS and isinstance(v, str) else _redact_value(v, depth + 1))
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(v, depth + 1) for v in value]
    if isinstance(value, BaseException):
        return redact_text(repr(value))
    return value


def redact(_logger, _name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """The structlog processor: every field, the exception text included (run after format_exc_info)."""
    for key, value in list(event_dict.items()):
        if key in _USER_TEXT_KEYS and isinstance(value, str):
            event_dict[key] = f"[{len(value)} chars]"
        else:
            event_dict[key] = _redact_value(value)
    return event_dict


class RedactingFilter(logging.Filter):
    """The same redaction for standard logging records: the message with its arguments, and the trace."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logged as it is
            return True
        record.msg, record.args = redact_text(message), None
        if record.exc_info:
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error", "uvicorn", "celery", "sqlalchemy", "kombu")


def install_log_redaction() -> None:
    """Add `RedactingFilter` to the root's handlers and to the loggers that keep their own (uvicorn's)."""
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in REDACTED_LOGGERS)]
    for logger in loggers:
        for target in (logger, *logger.handlers):
            if not any(isinstance(f, RedactingFilter) for f in target.filters):
                target.addFilter(RedactingFilter())


def configure_logging(level: str = "INFO", *, json: bool = True, stream=None) -> None:
    """JSON lines on stderr (or `stream`) with the bound context (message_id, channel) merged into every event."""
    stream = stream or sys.stderr
    logging.basicConfig(format="%(message)s", stream=stream, level=getattr(logging, level.upper(), logging.INFO))
    install_log_redaction()
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _mask_phones,
            structlog.processors.format_exc_info,
            redact,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=stream),
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
