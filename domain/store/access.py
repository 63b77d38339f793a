"""Who may reach the books from outside the chat, and what they did: per-shop API tokens (only a
SHA-256 of each token is kept), the responses of idempotent API writes (one per shop and
`Idempotency-Key`), and the audit log (every write: who, through which message or API call, what).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    and_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from domain.store.base import Base, UtcDateTime
from domain.store.models import Shop, User

BigId = BigInteger().with_variant(Integer(), "sqlite")


class ApiToken(Base):
    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_shop_id", "shop_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the token acts with this user's role
    name: Mapped[str] = mapped_column(String(80))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # the token's first characters, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class IdempotentResponse(Base):
    __tablename__ = "api_idempotency"
    __table_args__ = (UniqueConstraint("shop_id", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    key: Mapped[str] = mapped_column(String(120))
    request_sha256: Mapped[str] = mapped_column(String(64))  # method, path and body of the first request
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_shop_day", "shop_id", "day"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    tool: Mapped[str] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(160))  # the message id, or "api:..." for an API call
    args: Mapped[Any] = mapped_column(JSON)  # the validated arguments
    result: Mapped[Any] = mapped_column(JSON)  # what the write changed, as the tool reported it
    voucher: Mapped[str | None] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)  # the shop's today when the write was made
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AccessRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- tokens --------------------------------------------------------------------------------

    def add_token(self, token: ApiToken) -> ApiToken:
        self.session.add(token)
        self.session.flush()
        return token

    def token_holder(self, token_sha256: str) -> tuple[int, User, Shop] | None:
        """(token id, its user, the user's shop) of a live token, in one query (every API call asks;
        global on purpose: the token is how a call finds its shop)."""
        row = self.session.execute(
            select(ApiToken.id, User, Shop)
            .join(User, and_(User.id == ApiToken.user_id, User.shop_id == ApiToken.shop_id))
            .join(Shop, Shop.id == ApiToken.shop_id)
            .where(ApiToken.token_sha256 == token_sha256, ApiToken.revoked_at.is_(None))
        ).first()
        return (int(row[0]), row[1], row[2]) if row else None

    def tokens(self, shop_id: int) -> list[ApiToken]:
        return list(self.session.scalars(select(ApiToken).where(ApiToken.shop_id == shop_id).order_by(ApiToken.id)))

    def revoke(self, shop_id: int, token_id: int, at: datetime) -> bool:
        result = self.session.execute(
            update(ApiToken).where(ApiToken.shop_id == shop_id, ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- idempotency ---------------------------------------------------------------------------

    def response(self, shop_id: int, key: str) -> IdempotentResponse | None:
        return self.session.scalar(
            select(IdempotentResponse).where(IdempotentResponse.shop_id == shop_id, IdempotentResponse.key == key)
        )

    def keep_response(self, shop_id: int, key: str, request_sha256: str, status: int, body: Any,
                      at: datetime) -> bool:
        """Store the first response under the key; False when another request stored one first."""
        dialect = self.session.get_bind().dialect.name
        table: Any = IdempotentResponse.__table__
        ins: Any = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
        result = self.session.execute(
            ins.values(shop_id=shop_id, key=key, request_sha256=request_sha256, status=status, body=body,
                       created_at=at).on_conflict_do_nothing()
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- audit ---------------------------------------------------------------------------------

    def shop_slugs(self) -> list[str]:
        """Every shop's slug (the nightly backup walks them all)."""
        return list(self.session.scalars(select(Shop.slug).order_by(Shop.id)))

    def user(self, user_id: int) -> User | None:
        """Global on purpose: a token or a session names its user, and the user names the shop."""
        return self.session.get(User, user_id)

    def audit(self, entry: AuditEntry) -> None:
        self.session.add(entry)
        self.session.flush()

    def audit_between(self, shop_id: int, start: date, end: date, limit: int = 200) -> list[tuple[Any, ...]]:
        """(created at, user name, role, tool, source, voucher, args, result), oldest first."""
        stmt = (
            select(AuditEntry.created_at, User.name, User.role, AuditEntry.tool, AuditEntry.source,
                   AuditEntry.voucher, AuditEntry.args, AuditEntry.result)
            .join(User, User.id == AuditEntry.user_id)
            .where(AuditEntry.shop_id == shop_id, AuditEntry.day >= start, AuditEntry.day <= end)
            .order_by(AuditEntry.id)
            .limit(limit)
        )
        return [tuple(row) for row in self.session.execute(stmt)]
