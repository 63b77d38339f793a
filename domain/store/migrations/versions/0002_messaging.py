"""Messaging: inbox, outbox, dialogue state, conversation windows.

Revision ID: 0002_messaging
Revises: 0001_books
"""

import sqlalchemy as sa
from alembic import op

from domain.store.base import UtcDateTime

revision = "0002_messaging"
down_revision = "0001_books"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("provider_message_id", sa.String(128), nullable=False),
        sa.Column("from_phone", sa.String(32), nullable=False),
        sa.Column("profile_name", sa.String(256), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media", sa.JSON(), nullable=False),
        sa.Column("button_payload", sa.String(512), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("shop_id", sa.BigInteger(), nullable=True),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("processed_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("channel", "provider_message_id", name=op.f("uq_inbox_channel_provider_message_id")),
    )
    op.create_index("ix_inbox_status_lease", "inbox", ["status", "lease_until"])
    op.create_index(op.f("ix_inbox_from_phone"), "inbox", ["from_phone"])
    op.create_index(op.f("ix_inbox_shop_id"), "inbox", ["shop_id"])

    op.create_table(
        "outbox",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("inbox_id", BigId, sa.ForeignKey("inbox.id", name=op.f("fk_outbox_inbox_id_inbox")), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("to_phone", sa.String(32), nullable=False),
        sa.Column("shop_id", sa.BigInteger(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("media_url", sa.Text(), nullable=True),
        sa.Column("media_type", sa.String(16), nullable=True),
        sa.Column("media_key", sa.String(300), nullable=True),
        sa.Column("filename", sa.String(200), nullable=True),
        sa.Column("buttons", sa.JSON(), nullable=True),
        sa.Column("template", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("provider_message_id", sa.String(128), nullable=True),
        sa.Column("error_code", sa.String(32), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("inbox_id", "seq", name=op.f("uq_outbox_inbox_id_seq")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
        sa.UniqueConstraint("provider_message_id", name=op.f("uq_outbox_provider_message_id")),
    )
    op.create_index("ix_outbox_status", "outbox", ["status"])
    op.create_index(op.f("ix_outbox_to_phone"), "outbox", ["to_phone"])
    op.create_index(op.f("ix_outbox_shop_id"), "outbox", ["shop_id"])

    op.create_table(
        "dialogue_states",
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("shop_id", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("phone", name=op.f("pk_dialogue_states")),
    )
    op.create_index(op.f("ix_dialogue_states_shop_id"), "dialogue_states", ["shop_id"])

    op.create_table(
        "conversation_windows",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("shop_id", sa.BigInteger(), nullable=True),
        sa.Column("last_inbound_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "phone", name=op.f("pk_conversation_windows")),
    )


def downgrade() -> None:
    op.drop_table("conversation_windows")
    op.drop_index(op.f("ix_dialogue_states_shop_id"), table_name="dialogue_states")
    op.drop_table("dialogue_states")
    op.drop_index(op.f("ix_outbox_shop_id"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_to_phone"), table_name="outbox")
    op.drop_index("ix_outbox_status", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index(op.f("ix_inbox_shop_id"), table_name="inbox")
    op.drop_index(op.f("ix_inbox_from_phone"), table_name="inbox")
    op.drop_index("ix_inbox_status_lease", table_name="inbox")
    op.drop_table("inbox")
