"""Item packs: how much of an item's unit a shop's bag, box or pack of it holds.

Revision ID: 0007_item_packs
Revises: 0006_api_access
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_item_packs"
down_revision = "0006_api_access"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "item_packs",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(8), nullable=False),
        sa.Column("qty_milli", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_item_packs_shop_id_shops")),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_item_packs_item_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_packs")),
        sa.UniqueConstraint("shop_id", "item_id", "unit", name=op.f("uq_item_packs_shop_id_item_id_unit")),
    )


def downgrade() -> None:
    op.drop_table("item_packs")
