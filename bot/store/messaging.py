"""Messaging tables and their repository: inbox, outbox, dialogue state, conversation windows.

Guarantees: an inbound message is stored once per (channel, provider id) — a redelivery inserts
nothing; a message is claimed by one worker at a time under a lease that expires if the worker dies;
a reply is stored once per (inbox message, sequence number) so a re-run never sends it twice;
delivery statuses only move forward. Works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from domain.store.base import Base, BigId, UtcDateTime

INBOX_RECEIVED = "received"
INBOX_PROCESSING = "processing"
INBOX_DONE = "done"
INBOX_FAILED = "failed"  # retryable: the queue will try again
INBOX_DEAD = "dead"  # gave up after the last attempt

OUTBOX_QUEUED = "queued"
# Delivery statuses move forward only; failures are terminal unless the message was already delivered.
STATUS_RANK = {"queued": 0, "accepted": 1, "sending": 1, "sent": 2, "delivered": 3, "read": 4, "played": 5}
FAILED_STATUSES = frozenset({"failed", "undelivered", "dropped"})


def utcnow() -> datetime:
    return datetime.now(UTC)


class InboxMessage(Base):
    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "provider_message_id"),
        Index("ix_inbox_status_lease", "status", "lease_until"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    provider_message_id: Mapped[str] = mapped_column(String(128))
    from_phone: Mapped[str] = mapped_column(String(32), index=True)
    profile_name: Mapped[str | None] = mapped_column(String(256))
    text: Mapped[str] = mapped_column(Text, default="")
    media: Mapped[list] = mapped_column(JSON, default=list)
    button_payload: Mapped[str | None] = mapped_column(String(512))
    raw: Mapped[Any] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=INBOX_RECEIVED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    shop_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("inbox_id", "seq"), Index("ix_outbox_status", "status"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    inbox_id: Mapped[int | None] = mapped_column(ForeignKey("inbox.id"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    to_phone: Mapped[str] = mapped_column(String(32), index=True)
    shop_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    media_url: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(16))
    media_key: Mapped[str | None] = mapped_column(String(300))
    filename: Mapped[str | None] = mapped_column(String(200))
    buttons: Mapped[list | None] = mapped_column(JSON)
    template: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=OUTBOX_QUEUED)
    provider_message_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    error_code: Mapped[str | None] = mapped_column(String(32))
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DialogueState(Base):
    __tablename__ = "dialogue_states"

    phone: Mapped[str] = mapped_column(String(32), primary_key=True)
    shop_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    state: Mapped[str] = mapped_column(Text, default="{}")  # versioned JSON text, never pickle
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ConversationWindow(Base):
    __tablename__ = "conversation_windows"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    phone: Mapped[str] = mapped_column(String(32), primary_key=True)
    shop_id: Mapped[int | None] = mapped_column(BigInteger)
    last_inbound_at: Mapped[datetime] = mapped_column(UtcDateTime)


def dialect_insert(session: Session | Connection, table):
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING (for a Session or a Core Connection)."""
    name = session.dialect.name if isinstance(session, Connection) else session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for dialect {name}")


# ---------------------------------------------------------------- inbox


def insert_inbound(
    session: Session | Connection,
    *,
    channel: str,
    provider_message_id: str,
    from_phone: str,
    text: str = "",
    profile_name: str | None = None,
    media: list[dict] | None = None,
    button_payload: str | None = None,
    raw: Any = None,
    received_at: datetime | None = None,
) -> int | None:
    """Store an inbound message; the new row's id, or None when it was already stored (a redelivery).

    Takes a Session or, on the webhook's hot path, a plain Connection (less per-request overhead).
    """
    statement = (
        dialect_insert(session, InboxMessage.__table__)
        .on_conflict_do_nothing(index_elements=["channel", "provider_message_id"])
        .returning(InboxMessage.__table__.c.id)
    )
    values = {
        "channel": channel, "provider_message_id": provider_message_id, "from_phone": from_phone,
        "profile_name": profile_name, "text": text or "", "media": media or [], "button_payload": button_payload,
        "raw": raw if raw is not None else {}, "status": INBOX_RECEIVED, "attempts": 0,
        "received_at": received_at or utcnow(),
    }
    return session.execute(statement, values).scalar_one_or_none()


def find_inbound(session: Session, channel: str, provider_message_id: str) -> InboxMessage | None:
    return session.scalar(
        select(InboxMessage).where(
            InboxMessage.channel == channel, InboxMessage.provider_message_id == provider_message_id
        )
    )


ORDER_WAIT = timedelta(minutes=2)  # kept for callers; a sender's order no longer times out (see below)


def _earlier_unfinished(now: datetime):
    """An earlier message of the same sender that is being processed (even under a lapsed lease: a dead
    worker's message is taken up again by the sweep within seconds, and must still go first) or waits
    (new, retrying, or put back in line by the rate limit). Order is never traded for speed."""
    earlier = aliased(InboxMessage)
    return (
        exists()
        .where(
            earlier.channel == InboxMessage.channel,
            earlier.from_phone == InboxMessage.from_phone,
            earlier.id < InboxMessage.id,
            or_(
                earlier.status == INBOX_PROCESSING,
                earlier.status.in_((INBOX_RECEIVED, INBOX_FAILED)),
            ),
        )
        .correlate(InboxMessage)
    )


def claim(session: Session, inbox_id: int, *, lease_seconds: float, now: datetime | None = None) -> InboxMessage | None:
    """Take a message for processing, atomically: only if it is new, failed-retryable, or its lease ran out,
    and no earlier message of the same sender is still waiting or running (a sender's messages go in order).

    Returns the claimed row (attempts counted) or None when another worker holds it, an earlier message
    of the sender comes first, or it is finished.
    """
    now = now or utcnow()
    return session.scalars(
        update(InboxMessage)
        .where(
            InboxMessage.id == inbox_id,
            or_(
                InboxMessage.status.in_((INBOX_RECEIVED, INBOX_FAILED)),
                (InboxMessage.status == INBOX_PROCESSING) & (InboxMessage.lease_until < now),
            ),
            ~_earlier_unfinished(now),
        )
        .values(
            status=INBOX_PROCESSING,
            attempts=InboxMessage.attempts + 1,
            lease_until=now + timedelta(seconds=lease_seconds),
        )
        .returning(InboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).one_or_none()


def claimable_ids(session: Session, *, limit: int = 100, now: datetime | None = None,
                  min_age_seconds: float = 0) -> list[int]:
    """Messages that need a worker: never claimed, failed-retryable, or held under an expired lease.

    `min_age_seconds` leaves alone messages received so recently that their own job is surely queued.
    """
    now = now or utcnow()
    waiting: ColumnElement[bool] = InboxMessage.status.in_((INBOX_RECEIVED, INBOX_FAILED))
    if min_age_seconds:
        waiting = waiting & (InboxMessage.received_at < now - timedelta(seconds=min_age_seconds))
    statement = (
        select(InboxMessage.id)
        .where(or_(waiting, (InboxMessage.status == INBOX_PROCESSING) & (InboxMessage.lease_until < now)))
        .order_by(InboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return list(session.scalars(statement))


def next_waiting(session: Session, inbox_id: int, channel: str, from_phone: str) -> int | None:
    """The sender's next message after this one that still waits for a worker, if any."""
    return session.scalar(
        select(InboxMessage.id)
        .where(InboxMessage.channel == channel, InboxMessage.from_phone == from_phone,
               InboxMessage.id > inbox_id, InboxMessage.status.in_((INBOX_RECEIVED, INBOX_FAILED)))
        .order_by(InboxMessage.id)
        .limit(1)
    )


def extend_leases(session: Session, inbox_ids, *, lease_seconds: float, now: datetime | None = None) -> None:
    """Push the leases of messages still being processed further out (a long turn is not a dead worker)."""
    now = now or utcnow()
    session.execute(
        update(InboxMessage)
        .where(InboxMessage.id.in_(list(inbox_ids)), InboxMessage.status == INBOX_PROCESSING)
        .values(lease_until=now + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False)
    )


def mark_done(session: Session, inbox_id: int, *, shop_id: int | None = None, now: datetime | None = None) -> None:
    values: dict[str, Any] = {"status": INBOX_DONE, "lease_until": None, "processed_at": now or utcnow()}
    if shop_id is not None:
        values["shop_id"] = shop_id
    session.execute(update(InboxMessage).where(InboxMessage.id == inbox_id).values(**values))


def mark_failed(session: Session, inbox_id: int, error: str, *, retryable: bool) -> None:
    session.execute(
        update(InboxMessage)
        .where(InboxMessage.id == inbox_id)
        .values(status=INBOX_FAILED if retryable else INBOX_DEAD, lease_until=None, last_error=error[:2000])
    )


def release(session: Session, inbox_id: int) -> None:
    """Give a claimed message back untouched (clean shutdown): another worker takes it at once."""
    session.execute(
        update(InboxMessage)
        .where(InboxMessage.id == inbox_id, InboxMessage.status == INBOX_PROCESSING)
        .values(status=INBOX_RECEIVED, lease_until=None, attempts=InboxMessage.attempts - 1)
    )


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(InboxMessage.status, func.count()).group_by(InboxMessage.status))
    return {status: count for status, count in rows}


# ---------------------------------------------------------------- outbox


def add_outbound(session: Session, *, inbox_id: int | None, seq: int, dedupe_key: str | None = None,
                 channel: str, to_phone: str, body: str = "", media_url: str | None = None,
                 media_type: str | None = None, media_key: str | None = None, buttons: list[str] | None = None,
                 template: dict | None = None, shop_id: int | None = None, filename: str | None = None,
                 status: str = OUTBOX_QUEUED, error_message: str | None = None) -> int | None:
    """Store one reply to send; None when this (inbox message, seq) or dedupe key was stored before."""
    now = utcnow()
    key = dedupe_key or f"inbox:{inbox_id}:{seq}"
    statement = (
        dialect_insert(session, OutboxMessage.__table__)
        .values(inbox_id=inbox_id, seq=seq, dedupe_key=key, channel=channel, to_phone=to_phone, shop_id=shop_id,
                body=body or "", media_url=media_url, media_type=media_type, media_key=media_key,
                buttons=buttons, template=template, filename=filename, status=status,
                error_message=error_message, created_at=now, updated_at=now)
        .on_conflict_do_nothing()
        .returning(OutboxMessage.__table__.c.id)
    )
    return session.execute(statement).scalar_one_or_none()


def outbound_for_inbox(session: Session, inbox_id: int) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.inbox_id == inbox_id).order_by(OutboxMessage.seq)))


def unsent_for_inbox(session: Session, inbox_id: int) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.inbox_id == inbox_id, OutboxMessage.status == OUTBOX_QUEUED,
                   OutboxMessage.provider_message_id.is_(None))
            .order_by(OutboxMessage.seq)
        )
    )


OUTBOX_SENDING = "sending"  # journalled before the provider call: it may have reached the provider
OUTBOX_UNCONFIRMED = "unconfirmed"  # a crash during the call, and the provider cannot be asked: not resent


def mark_sending(session: Session, outbox_id: int) -> bool:
    """Journal a send before the provider call; False when the row is no longer queued (sent meanwhile)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status == OUTBOX_QUEUED,
               OutboxMessage.provider_message_id.is_(None))
        .values(status=OUTBOX_SENDING, updated_at=utcnow())
    )
    return bool(result.rowcount)


def requeue(session: Session, outbox_id: int, *, from_status: str = OUTBOX_SENDING) -> None:
    """A journalled send the provider certainly did not take goes back in line."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status == from_status,
               OutboxMessage.provider_message_id.is_(None))
        .values(status=OUTBOX_QUEUED, updated_at=utcnow())
    )


def in_flight_for_inbox(session: Session, inbox_id: int) -> list[OutboxMessage]:
    """Rows journalled as sending whose call never recorded an outcome (the worker died during it)."""
    return list(session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.inbox_id == inbox_id, OutboxMessage.status == OUTBOX_SENDING,
               OutboxMessage.provider_message_id.is_(None))
        .order_by(OutboxMessage.seq)
    ))


def mark_unconfirmed(session: Session, outbox_id: int, reason: str) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.provider_message_id.is_(None))
        .values(status=OUTBOX_UNCONFIRMED, error_message=reason, updated_at=utcnow())
    )


def mark_sent(session: Session, outbox_id: int, provider_message_id: str | None, *, status: str = "sent") -> None:
    now = utcnow()
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(provider_message_id=provider_message_id, status=status, sent_at=now, updated_at=now)
    )


def mark_send_failed(session: Session, outbox_id: int, error_code: str | None, error_message: str) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(status="failed", error_code=error_code, error_message=error_message[:2000], updated_at=utcnow())
    )


def apply_status(session: Session, channel: str, provider_message_id: str, status: str,
                 error_code: str | None = None, error_message: str | None = None) -> OutboxMessage | None:
    """Record a provider's delivery status; statuses arrive out of order, so only move forward.

    Returns the row when it changed, None when unknown or stale.
    """
    row = session.scalar(
        select(OutboxMessage).where(OutboxMessage.channel == channel,
                                    OutboxMessage.provider_message_id == provider_message_id)
    )
    if row is None:
        return None
    status = status.lower()
    if status in FAILED_STATUSES:
        if STATUS_RANK.get(row.status, -1) >= STATUS_RANK["delivered"] or row.status in FAILED_STATUSES:
            return None
    elif status in STATUS_RANK:
        if row.status in FAILED_STATUSES or STATUS_RANK[status] <= STATUS_RANK.get(row.status, -1):
            return None
    else:
        return None
    row.status = status
    if error_code:
        row.error_code = str(error_code)[:32]
    if error_message:
        row.error_message = error_message[:2000]
    row.updated_at = utcnow()
    return row


def outbox_by_provider_id(session: Session, channel: str, provider_message_id: str) -> OutboxMessage | None:
    return session.scalar(
        select(OutboxMessage).where(OutboxMessage.channel == channel,
                                    OutboxMessage.provider_message_id == provider_message_id)
    )


# ---------------------------------------------------------------- conversation windows


def touch_window(session: Session, channel: str, phone: str, at: datetime, shop_id: int | None = None) -> None:
    """Note the user's latest inbound message (one upsert; never moves back); the 24-hour window runs from it."""
    table = ConversationWindow.__table__
    statement = dialect_insert(session, table).values(channel=channel, phone=phone, shop_id=shop_id, last_inbound_at=at)
    values = {"last_inbound_at": statement.excluded.last_inbound_at}
    if shop_id is not None:
        values["shop_id"] = statement.excluded.shop_id
    session.execute(statement.on_conflict_do_update(
        index_elements=["channel", "phone"], set_=values, where=table.c.last_inbound_at < statement.excluded.last_inbound_at,
    ))


def last_inbound_at(session: Session, channel: str, phone: str) -> datetime | None:
    row = session.get(ConversationWindow, (channel, phone))
    return row.last_inbound_at if row else None


# ---------------------------------------------------------------- dialogue state


class StaleDialogueState(Exception):
    """The dialogue state changed since it was read (another turn for the same phone won)."""

    def __init__(self, phone: str, expected_version: int) -> None:
        super().__init__(f"dialogue state of {phone[-4:]} is not at version {expected_version}")
        self.phone = phone
        self.expected_version = expected_version


def load_dialogue_state(session: Session, phone: str) -> tuple[str, int, int | None]:
    """The state JSON text, its version (0 when none) and shop id for a phone."""
    row = session.get(DialogueState, phone)
    if row is None:
        return "{}", 0, None
    return row.state, row.version, row.shop_id


def save_dialogue_state(session: Session, phone: str, state_json: str, *, expected_version: int,
                        shop_id: int | None = None) -> int:
    """Write the state if nobody else did since `expected_version`; returns the new version."""
    now = utcnow()
    if expected_version == 0:
        statement = (
            dialect_insert(session, DialogueState.__table__)
            .values(phone=phone, shop_id=shop_id, state=state_json, version=1, updated_at=now)
            .on_conflict_do_nothing()
            .returning(DialogueState.__table__.c.version)
        )
        if session.execute(statement).scalar_one_or_none() is None:
            raise StaleDialogueState(phone, expected_version)
        return 1
    values: dict[str, Any] = {"state": state_json, "version": expected_version + 1, "updated_at": now}
    if shop_id is not None:
        values["shop_id"] = shop_id
    result = session.execute(
        update(DialogueState)
        .where(DialogueState.phone == phone, DialogueState.version == expected_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult for an UPDATE
        raise StaleDialogueState(phone, expected_version)
    return expected_version + 1


# ---------------------------------------------------------------- for the dashboard and its login codes


def last_channel(session: Session, phone: str) -> str | None:
    """The channel the phone last wrote from, if it ever did."""
    return session.scalar(
        select(ConversationWindow.channel).where(ConversationWindow.phone == phone)
        .order_by(ConversationWindow.last_inbound_at.desc()).limit(1)
    )


def outbox_rows(session: Session, dedupe_prefix: str) -> list[Any]:
    """The outbox rows stored under one dedupe prefix (a message sent outside any conversation turn)."""
    return list(session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.like(dedupe_prefix + ":%")).order_by(OutboxMessage.id)
    ))


def replies_since(session: Session, shop_id: int, to_phone: str, after_id: int, limit: int = 20) -> list[Any]:
    """The shop's outbox rows to one phone after `after_id` (the replies that user got), oldest first."""
    return list(session.scalars(
        select(OutboxMessage).where(OutboxMessage.shop_id == shop_id, OutboxMessage.to_phone == to_phone,
                                    OutboxMessage.id > after_id)
        .order_by(OutboxMessage.id).limit(limit)
    ))


def last_outbox_id(session: Session, shop_id: int) -> int:
    return int(session.scalar(select(func.coalesce(func.max(OutboxMessage.id), 0))
                              .where(OutboxMessage.shop_id == shop_id)) or 0)
