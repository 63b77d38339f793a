"""API tokens, idempotent API responses and the audit log.

Revision ID: 0006_api_access
Revises: 0005_proactive
"""

import sqlalchemy as sa
from alembic import op

from domain.store.base import UtcDateTime

revision = "0006_api_access"
down_revision = "0005_proactive"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_used_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_api_tokens_shop_id_shops")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    op.create_index("ix_api_tokens_shop_id", "api_tokens", ["shop_id"])
    op.create_table(
        "api_idempotency",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_idempotency")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_api_idempotency_shop_id_shops")),
        sa.UniqueConstraint("shop_id", "key", name=op.f("uq_api_idempotency_shop_id_key")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(40), nullable=False),
        sa.Column("source", sa.String(160), nullable=True),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("voucher", sa.String(16), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_audit_log_shop_id_shops")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
    )
    op.create_index("ix_audit_log_shop_day", "audit_log", ["shop_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_shop_day", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("api_idempotency")
    op.drop_index("ix_api_tokens_shop_id", table_name="api_tokens")
    op.drop_table("api_tokens")
