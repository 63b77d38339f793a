"""The scheduler's own tables: marks of what was already said (a low-stock alert per crossing, the
day a customer was last reminded) and the numbers that asked never to be messaged again (STOP).

What was sent is the outbox itself: every proactive message is an outbox row whose dedupe key names
(job, target, local day), so a restart, a second scheduler or a retried job inserts nothing twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.store.messaging import OUTBOX_QUEUED, OutboxMessage, dialect_insert, utcnow
from domain.store.base import Base, UtcDateTime


class SchedulerMark(Base):
    __tablename__ = "scheduler_marks"

    shop_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OptOut(Base):
    __tablename__ = "opt_outs"

    phone: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


def marks(session: Session, shop_id: int, prefix: str) -> dict[str, str]:
    rows = session.scalars(select(SchedulerMark).where(SchedulerMark.shop_id == shop_id,
                                                       SchedulerMark.key.startswith(prefix)))
    return {row.key: row.value for row in rows}


def set_mark(session: Session, shop_id: int, key: str, value: str) -> None:
    row = session.get(SchedulerMark, (shop_id, key))
    if row is None:
        session.add(SchedulerMark(shop_id=shop_id, key=key, value=value, updated_at=utcnow()))
    else:
        row.value, row.updated_at = value, utcnow()


def clear_mark(session: Session, shop_id: int, key: str) -> None:
    session.execute(delete(SchedulerMark).where(SchedulerMark.shop_id == shop_id, SchedulerMark.key == key))


def opt_out(session: Session, phone: str, at: datetime) -> None:
    session.execute(dialect_insert(session, OptOut.__table__).values(phone=phone, at=at).on_conflict_do_nothing())


def opt_in(session: Session, phone: str) -> bool:
    return session.execute(delete(OptOut).where(OptOut.phone == phone)).rowcount > 0


def opted_out(session: Session, phone: str) -> bool:
    return session.get(OptOut, phone) is not None


def proactive_sent_since(session: Session, phone: str, since: datetime) -> int:
    """How many proactive messages (dedupe keys of the scheduler's jobs) went to this phone since then."""
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.to_phone == phone, OutboxMessage.dedupe_key.startswith("job:"),
        OutboxMessage.created_at >= since)) or 0


def queued_proactive(session: Session, limit: int = 500) -> list[OutboxMessage]:
    """Proactive messages stored but not yet sent (this run's, or a crashed run's)."""
    return list(session.scalars(select(OutboxMessage).where(
        OutboxMessage.status == OUTBOX_QUEUED, OutboxMessage.dedupe_key.startswith("job:"))
        .order_by(OutboxMessage.id).limit(limit)))
