"""GST addresses: the shop's and parties' address and PIN code, the shop's filing frequency
(monthly or quarterly under QRMP), and a sale's own place of supply.

Revision ID: 0004_gst_addresses
Revises: 0003_documents
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_gst_addresses"
down_revision = "0003_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shops") as batch:
        batch.add_column(sa.Column("address", sa.String(200), nullable=True))
        batch.add_column(sa.Column("pincode", sa.String(6), nullable=True))
        batch.add_column(sa.Column("filing_frequency", sa.String(10), nullable=False, server_default="monthly"))
    with op.batch_alter_table("parties") as batch:
        batch.add_column(sa.Column("address", sa.String(200), nullable=True))
        batch.add_column(sa.Column("city", sa.String(80), nullable=True))
        batch.add_column(sa.Column("pincode", sa.String(6), nullable=True))
    with op.batch_alter_table("vouchers") as batch:
        batch.add_column(sa.Column("place_of_supply", sa.String(2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vouchers") as batch:
        batch.drop_column("place_of_supply")
    with op.batch_alter_table("parties") as batch:
        batch.drop_column("pincode")
        batch.drop_column("city")
        batch.drop_column("address")
    with op.batch_alter_table("shops") as batch:
        batch.drop_column("filing_frequency")
        batch.drop_column("pincode")
        batch.drop_column("address")
