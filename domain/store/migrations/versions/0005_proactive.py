"""Munshi speaks first: the owner's digest hour and reminder rules (shop_prefs), the scheduler's marks
(alerts already given, reminders last sent) and the numbers that asked never to be messaged (opt-outs).

Revision ID: 0005_proactive
Revises: 0004_gst_addresses
"""

import sqlalchemy as sa
from alembic import op

from domain.store.base import UtcDateTime

revision = "0005_proactive"
down_revision = "0004_gst_addresses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shop_prefs",
        sa.Column("shop_id", sa.Integer, sa.ForeignKey("shops.id", name=op.f("fk_shop_prefs_shop_id_shops")),
                  nullable=False),
        sa.Column("digest_hour", sa.Integer, nullable=True),
        sa.Column("closing_hour", sa.Integer, nullable=True),
        sa.Column("remind_every_days", sa.Integer, nullable=True),
        sa.Column("remind_min_paise", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("remind_never", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("shop_id", name=op.f("pk_shop_prefs")),
    )
    op.create_table(
        "scheduler_marks",
        sa.Column("shop_id", sa.BigInteger, nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("value", sa.String(200), nullable=False, server_default=""),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("shop_id", "key", name=op.f("pk_scheduler_marks")),
    )
    op.create_table(
        "opt_outs",
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("phone", name=op.f("pk_opt_outs")),
    )


def downgrade() -> None:
    op.drop_table("opt_outs")
    op.drop_table("scheduler_marks")
    op.drop_table("shop_prefs")
