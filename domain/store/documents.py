"""Stored documents: the bill photos behind purchase vouchers, with what OCR read from them.

Guarantees: every row belongs to one shop and every query takes the shop; a document points at
the voucher that booked it (or none yet); the image itself stays in the media store under
`media_key`, identified by its SHA-256 so the same photo sent twice is recognised.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from domain.store.base import Base, UtcDateTime

BigId = BigInteger().with_variant(Integer, "sqlite")

KIND_PURCHASE_INVOICE = "purchase_invoice"


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_shop_sha256", "shop_id", "sha256"),
        Index("ix_documents_shop_voucher", "shop_id", "voucher_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    kind: Mapped[str] = mapped_column(String(32))
    media_key: Mapped[str | None] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    voucher_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("vouchers.id"))
    source_message_id: Mapped[str | None] = mapped_column(String(128))
    engine: Mapped[str | None] = mapped_column(String(32))
    extracted: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DocumentRepository:
    """Documents of a shop; never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        shop_id: int,
        *,
        sha256: str,
        content_type: str,
        size_bytes: int,
        media_key: str | None = None,
        voucher_id: int | None = None,
        source_message_id: str | None = None,
        engine: str | None = None,
        extracted: dict[str, Any] | None = None,
        kind: str = KIND_PURCHASE_INVOICE,
    ) -> Document:
        doc = Document(
            shop_id=shop_id, kind=kind, media_key=media_key, sha256=sha256.lower(), content_type=content_type,
            size_bytes=size_bytes, voucher_id=voucher_id, source_message_id=source_message_id, engine=engine,
            extracted=extracted or {}, created_at=datetime.now(UTC),
        )
        self.session.add(doc)
        self.session.flush()
        return doc

    def for_voucher(self, shop_id: int, voucher_id: int) -> list[Document]:
        rows = self.session.scalars(
            select(Document).where(Document.shop_id == shop_id, Document.voucher_id == voucher_id).order_by(Document.id)
        )
        return list(rows)

    def booked_with_sha256(self, shop_id: int, sha256: str) -> Document | None:
        """The earliest document of this shop with the same image that a voucher booked, if any."""
        return self.session.scalars(
            select(Document)
            .where(Document.shop_id == shop_id, Document.sha256 == sha256.lower(), Document.voucher_id.is_not(None))
            .order_by(Document.id)
            .limit(1)
        ).first()

    def get(self, shop_id: int, document_id: int) -> Document | None:
        return self.session.scalars(
            select(Document).where(Document.shop_id == shop_id, Document.id == document_id)
        ).first()
