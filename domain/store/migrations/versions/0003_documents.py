"""Documents: bill photos kept with the vouchers that booked them.

Revision ID: 0003_documents
Revises: 0002_messaging
"""

import sqlalchemy as sa
from alembic import op

from domain.store.base import UtcDateTime

revision = "0003_documents"
down_revision = "0002_messaging"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("media_key", sa.String(512), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("voucher_id", sa.BigInteger(), nullable=True),
        sa.Column("source_message_id", sa.String(128), nullable=True),
        sa.Column("engine", sa.String(32), nullable=True),
        sa.Column("extracted", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_documents_shop_id_shops")),
        sa.ForeignKeyConstraint(["voucher_id"], ["vouchers.id"], name=op.f("fk_documents_voucher_id_vouchers")),
    )
    op.create_index("ix_documents_shop_sha256", "documents", ["shop_id", "sha256"])
    op.create_index("ix_documents_shop_voucher", "documents", ["shop_id", "voucher_id"])


def downgrade() -> None:
    op.drop_index("ix_documents_shop_voucher", table_name="documents")
    op.drop_index("ix_documents_shop_sha256", table_name="documents")
    op.drop_table("documents")
