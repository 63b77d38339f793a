"""Durable intake: what the webhooks hand the bot, stored before the provider gets its 200.

`accept(services, incoming)` inserts the message (ON CONFLICT DO NOTHING on channel + provider id),
commits, and only then queues a job — and only for a new row, so a redelivered webhook stores and
runs nothing twice. (The worker notes the user's 24-hour window when it takes the message.) `record_status` applies a delivery status.

Nothing that reached us is lost: the values are cleaned first (NUL characters dropped, names and
payloads cut to their columns, a timestamp outside any plausible range replaced by now); when the
database cannot be reached the message goes to the spool (`bot.runtime.spool`) and is stored when it
returns; a message the database refuses for its content raises `InboundRefused` for the route to skip.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import anyio
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.app.observability import DUPLICATES, MESSAGES_IN, QUEUE_DEPTH, STATUSES, get_logger, mask_phone
from bot.conversation.messages import InboundMedia
from bot.runtime.outbox import WINDOW_CLOSED_ERRORS, SendRetryable, fallback_after_window_error
from bot.store import messaging as repo

if TYPE_CHECKING:
    from bot.app.services import Services

log = get_logger("munshi.intake")

MAX_PROVIDER_ID = 128  # the inbox column; a longer id cannot key a message
MAX_PROFILE_NAME = 256
MAX_BUTTON_PAYLOAD = 512
MAX_TEXT = 16_000  # WhatsApp's own limit is 4,096 characters
EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
LATEST_AHEAD = timedelta(days=1)


class InboundRefused(ValueError):
    """The database refused this message for what it holds (not for being away): skip it, keep the rest."""


def _unreachable(exc: BaseException) -> bool:
    """The database is away (connection refused, dropped, pool exhausted), not refusing the data."""
    if isinstance(exc, PoolTimeout | OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def scrub(value: Any) -> Any:
    """NUL characters dropped from every string of a nested structure (PostgreSQL stores none)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def plausible_time(value: datetime | None, now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    if value is None or value.tzinfo is None or not (EARLIEST <= value <= now + LATEST_AHEAD):
        return now
    return value


def _cut(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else value


@dataclass
class Incoming:
    """An inbound message as a webhook parsed it, before it has an inbox id."""

    channel: str
    provider_message_id: str
    from_phone: str
    text: str = ""
    profile_name: str | None = None
    media: list[InboundMedia] = field(default_factory=list)
    button_payload: str | None = None
    raw: Any = None
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def kind(self) -> str:
        if self.media:
            return self.media[0].kind
        if self.button_payload:
            return "button"
        return "text"


@dataclass(frozen=True)
class StatusUpdate:
    """A provider's delivery status for one of our messages."""

    channel: str
    provider_message_id: str
    status: str
    error_code: str | None = None
    error_message: str | None = None


def _insert(services: Services, values: dict) -> int | None:
    # One statement, atomic by itself: autocommit spares the BEGIN and COMMIT round trips.
    engine = services.intake_engine
    with engine.connect() as connection:
        if engine is services.engine:  # SQLite: the shared engine, switched to autocommit for this insert
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        return repo.insert_inbound(connection, **values)


def _insert_once_or_retry(services: Services, values: dict) -> int | None:
    try:
        return _insert(services, values)
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        # A pooled connection the server had closed; the pool is invalidated, so the retry connects
        # afresh. Safe to repeat: the insert does nothing on a conflict (and a row that did commit is
        # then a "duplicate" whose job the inbox sweep queues).
        log.warning("intake_reconnect", error=type(exc.orig).__name__)
        return _insert(services, values)


def row_values(incoming: Incoming) -> dict:
    """The inbox row of a message, cleaned; `InboundRefused` when its id cannot key it."""
    if not incoming.provider_message_id or len(incoming.provider_message_id) > MAX_PROVIDER_ID:
        raise InboundRefused("provider message id missing or too long")
    return scrub(dict(
        channel=incoming.channel,
        provider_message_id=incoming.provider_message_id,
        from_phone=incoming.from_phone,
        text=(incoming.text or "")[:MAX_TEXT],
        profile_name=_cut(incoming.profile_name, MAX_PROFILE_NAME),
        media=[asdict(m) for m in incoming.media],
        button_payload=_cut(incoming.button_payload, MAX_BUTTON_PAYLOAD),
        raw=incoming.raw,
    )) | {"received_at": plausible_time(incoming.received_at)}


def accept(services: Services, incoming: Incoming, *, enqueue: bool = True) -> int | None:
    """Store the message; its new inbox id (queued when `enqueue`), or None when it was stored before or
    went to the spool because the database is away."""
    values = row_values(incoming)
    try:
        return store_values(services, values, enqueue=enqueue)
    except Exception as exc:
        if not _unreachable(exc):
            raise
        services.spool.put(values)  # raises only when neither Redis nor the disk takes it: then 500
        log.warning("inbound_spooled", channel=incoming.channel, error=type(exc).__name__)
        return None


def store_values(services: Services, values: dict, *, enqueue: bool = True) -> int | None:
    """Insert cleaned row values (from a webhook or the spool); raises when the database is away."""
    channel, kind = values["channel"], _kind_of(values)
    try:
        inbox_id = _insert_once_or_retry(services, values)
    except DBAPIError as exc:
        if _unreachable(exc):
            raise
        log.warning("inbound_refused", channel=channel, error=type(exc.orig).__name__)
        raise InboundRefused("the database refused the message") from exc
    if inbox_id is None:
        DUPLICATES.labels(channel=channel).inc()
        log.info("inbound_duplicate", channel=channel, provider_message_id=values["provider_message_id"])
        return None
    MESSAGES_IN.labels(channel=channel, kind=kind).inc()
    log.info("inbound_stored", message_id=inbox_id, channel=channel, kind=kind,
             provider_message_id=values["provider_message_id"], sender=mask_phone(values["from_phone"]))
    if enqueue:
        try:
            services.queue.enqueue(inbox_id)
        except Exception:  # noqa: BLE001 - the message is stored; the sweep queues it when the broker is back
            log.error("enqueue_failed", message_id=inbox_id, exc_info=True)
    return inbox_id


def _kind_of(values: dict) -> str:
    if values.get("media"):
        return InboundMedia(**values["media"][0]).kind
    return "button" if values.get("button_payload") else "text"


async def accept_async(services: Services, incoming: Incoming) -> int | None:
    """`accept` for an async route: one thread hop, bounded by `intake_limiter`."""
    return await anyio.to_thread.run_sync(accept, services, incoming, limiter=services.intake_limiter)


async def record_status_async(services: Services, update: StatusUpdate) -> bool:
    return await anyio.to_thread.run_sync(record_status, services, update, limiter=services.intake_limiter)


def record_status(services: Services, update: StatusUpdate) -> bool:
    """Apply a delivery status to its outbox row; False when the row is unknown or the status is stale."""
    STATUSES.labels(channel=update.channel, status=update.status).inc()
    with services.session_factory() as session:
        row = repo.apply_status(session, update.channel, update.provider_message_id, update.status,
                                update.error_code, update.error_message)
        session.commit()
    log.info("delivery_status", channel=update.channel, provider_message_id=update.provider_message_id,
             status=update.status, error_code=update.error_code, applied=row is not None)
    if row is not None and row.status in ("failed", "undelivered") and row.error_code in WINDOW_CLOSED_ERRORS:
        try:
            fallback_after_window_error(services.session_factory, services.channels, services.media_signer, row.id,
                                        reengage_template=services.settings.reengage_template)
        except SendRetryable:
            log.warning("window_fallback_not_sent", outbox_id=row.id)
    return row is not None


def database_ok(services: Services) -> bool:
    try:
        with services.session_factory() as session:
            session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        log.warning("database_unreachable", exc_info=True)
        return False


def refresh_queue_depth(services: Services) -> None:
    """Set the queue-depth gauge from the inbox: messages waiting, held or failed-retryable."""
    with services.session_factory() as session:
        counts = repo.count_by_status(session)
    for status in (repo.INBOX_RECEIVED, repo.INBOX_PROCESSING, repo.INBOX_FAILED):
        QUEUE_DEPTH.labels(status=status).set(counts.get(status, 0))
