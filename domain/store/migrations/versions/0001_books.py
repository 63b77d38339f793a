"""The books: shops, users, chart of accounts, items, parties, vouchers with postings, item lines
and stock moves, number series, and the per-day totals that keep reports O(days).

Revision ID: 0001_books
Revises:
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_books"
down_revision = None
branch_labels = None
depends_on = None

LIVE_INVOICE = "type = 'purchase' AND invoice_no_key IS NOT NULL AND reversed_by_voucher_id IS NULL"


def upgrade() -> None:
    op.create_table('shops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('gstin', sa.String(length=15), nullable=True),
    sa.Column('gst_scheme', sa.String(length=12), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=True),
    sa.Column('upi_id', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shops')),
    sa.UniqueConstraint('slug', name=op.f('uq_shops_slug'))
    )
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_accounts_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('shop_id', 'code', name=op.f('uq_accounts_shop_id_code'))
    )
    op.create_table('items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=120), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=True),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('rate_paise', sa.BigInteger(), nullable=False),
    sa.Column('price_includes_tax', sa.Boolean(), nullable=False),
    sa.Column('cost_paise', sa.BigInteger(), nullable=False),
    sa.Column('hsn', sa.String(length=8), nullable=True),
    sa.Column('gst_rate_bp', sa.Integer(), nullable=False),
    sa.Column('reorder_level_milli', sa.BigInteger(), nullable=False),
    sa.Column('stock_milli', sa.BigInteger(), nullable=False),
    sa.Column('stock_value_paise', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_items_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_items')),
    sa.UniqueConstraint('shop_id', 'name_key', name=op.f('uq_items_shop_id_name_key'))
    )
    op.create_table('number_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('voucher_type', sa.String(length=20), nullable=False),
    sa.Column('financial_year', sa.String(length=5), nullable=False),
    sa.Column('prefix', sa.String(length=10), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_number_series_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_number_series')),
    sa.UniqueConstraint('shop_id', 'voucher_type', 'financial_year', name=op.f('uq_number_series_shop_id_voucher_type_financial_year'))
    )
    op.create_table('parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=120), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('gstin', sa.String(length=15), nullable=True),
    sa.Column('state_code', sa.String(length=2), nullable=True),
    sa.Column('balance_paise', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_parties_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties')),
    sa.UniqueConstraint('shop_id', 'name_key', name=op.f('uq_parties_shop_id_name_key'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('voice_replies', sa.Boolean(), nullable=False),
    sa.Column('language_locked', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_users_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('phone', name=op.f('uq_users_phone'))
    )
    op.create_index('ix_users_shop_id', 'users', ['shop_id'], unique=False)
    op.create_table('voucher_day_totals',
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('payment_mode', sa.String(length=8), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('total_paise', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_voucher_day_totals_shop_id_shops')),
    sa.PrimaryKeyConstraint('shop_id', 'type', 'payment_mode', 'date', name=op.f('pk_voucher_day_totals'))
    )
    op.create_table('account_day_totals',
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount_paise', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_account_day_totals_account_id_accounts')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_account_day_totals_shop_id_shops')),
    sa.PrimaryKeyConstraint('shop_id', 'account_id', 'date', name=op.f('pk_account_day_totals'))
    )
    op.create_table('item_day_totals',
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('sold_milli', sa.BigInteger(), nullable=False),
    sa.Column('sales_paise', sa.BigInteger(), nullable=False),
    sa.Column('cost_paise', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_day_totals_item_id_items')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_item_day_totals_shop_id_shops')),
    sa.PrimaryKeyConstraint('shop_id', 'item_id', 'date', name=op.f('pk_item_day_totals'))
    )
    op.create_table('vouchers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('payment_mode', sa.String(length=8), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('narration', sa.String(length=500), nullable=True),
    sa.Column('invoice_no', sa.String(length=40), nullable=True),
    sa.Column('invoice_no_key', sa.String(length=40), nullable=True),
    sa.Column('source_message_id', sa.String(length=120), nullable=True),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('total_paise', sa.BigInteger(), nullable=False),
    sa.Column('taxable_paise', sa.BigInteger(), nullable=False),
    sa.Column('cgst_paise', sa.BigInteger(), nullable=False),
    sa.Column('sgst_paise', sa.BigInteger(), nullable=False),
    sa.Column('igst_paise', sa.BigInteger(), nullable=False),
    sa.Column('reverses_voucher_id', sa.BigInteger(), nullable=True),
    sa.Column('reversed_by_voucher_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint("number <> ''", name=op.f('ck_vouchers_number_not_empty')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_vouchers_created_by_user_id_users')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_vouchers_party_id_parties')),
    sa.ForeignKeyConstraint(['reversed_by_voucher_id'], ['vouchers.id'], name=op.f('fk_vouchers_reversed_by_voucher_id_vouchers')),
    sa.ForeignKeyConstraint(['reverses_voucher_id'], ['vouchers.id'], name=op.f('fk_vouchers_reverses_voucher_id_vouchers')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_vouchers_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vouchers')),
    sa.UniqueConstraint('shop_id', 'number', name=op.f('uq_vouchers_shop_id_number')),
    sa.UniqueConstraint('shop_id', 'source_message_id', name=op.f('uq_vouchers_shop_id_source_message_id'))
    )
    op.create_index('ix_vouchers_shop_creator', 'vouchers', ['shop_id', 'created_by_user_id', 'id'], unique=False)
    op.create_index('ix_vouchers_shop_date', 'vouchers', ['shop_id', 'date'], unique=False)
    op.create_index('uq_vouchers_live_supplier_invoice', 'vouchers', ['shop_id', 'party_id', 'invoice_no_key'], unique=True, sqlite_where=sa.text(LIVE_INVOICE), postgresql_where=sa.text(LIVE_INVOICE))
    op.create_index('ix_vouchers_shop_type_date', 'vouchers', ['shop_id', 'type', 'date'], unique=False)
    op.create_table('party_day_totals',
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('debit_paise', sa.BigInteger(), nullable=False),
    sa.Column('credit_paise', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_party_day_totals_party_id_parties')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_party_day_totals_shop_id_shops')),
    sa.PrimaryKeyConstraint('shop_id', 'party_id', 'date', name=op.f('pk_party_day_totals'))
    )
    op.create_table('postings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('voucher_id', sa.BigInteger(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount_paise', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_postings_account_id_accounts')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_postings_party_id_parties')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_postings_shop_id_shops')),
    sa.ForeignKeyConstraint(['voucher_id'], ['vouchers.id'], name=op.f('fk_postings_voucher_id_vouchers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postings'))
    )
    op.create_index('ix_postings_shop_account_date', 'postings', ['shop_id', 'account_id', 'date'], unique=False)
    op.create_index('ix_postings_shop_party_date', 'postings', ['shop_id', 'party_id', 'date'], unique=False)
    op.create_index('ix_postings_voucher', 'postings', ['voucher_id'], unique=False)
    op.create_table('stock_moves',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('voucher_id', sa.BigInteger(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('value_paise', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_stock_moves_item_id_items')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_stock_moves_shop_id_shops')),
    sa.ForeignKeyConstraint(['voucher_id'], ['vouchers.id'], name=op.f('fk_stock_moves_voucher_id_vouchers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_moves'))
    )
    op.create_index('ix_stock_moves_shop_item_date', 'stock_moves', ['shop_id', 'item_id', 'date'], unique=False)
    op.create_index('ix_stock_moves_voucher', 'stock_moves', ['voucher_id'], unique=False)
    op.create_table('voucher_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('voucher_id', sa.BigInteger(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('qty_said_milli', sa.BigInteger(), nullable=False),
    sa.Column('unit_said', sa.String(length=8), nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('rate_paise', sa.BigInteger(), nullable=False),
    sa.Column('taxable_paise', sa.BigInteger(), nullable=False),
    sa.Column('gst_rate_bp', sa.Integer(), nullable=False),
    sa.Column('cgst_paise', sa.BigInteger(), nullable=False),
    sa.Column('sgst_paise', sa.BigInteger(), nullable=False),
    sa.Column('igst_paise', sa.BigInteger(), nullable=False),
    sa.Column('total_paise', sa.BigInteger(), nullable=False),
    sa.Column('cost_paise', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_voucher_lines_item_id_items')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_voucher_lines_shop_id_shops')),
    sa.ForeignKeyConstraint(['voucher_id'], ['vouchers.id'], name=op.f('fk_voucher_lines_voucher_id_vouchers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voucher_lines'))
    )
    op.create_index('ix_voucher_lines_shop_item_date', 'voucher_lines', ['shop_id', 'item_id', 'date'], unique=False)
    op.create_index('ix_voucher_lines_voucher', 'voucher_lines', ['voucher_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_voucher_lines_voucher', table_name='voucher_lines')
    op.drop_index('ix_voucher_lines_shop_item_date', table_name='voucher_lines')
    op.drop_table('voucher_lines')
    op.drop_index('ix_stock_moves_voucher', table_name='stock_moves')
    op.drop_index('ix_stock_moves_shop_item_date', table_name='stock_moves')
    op.drop_table('stock_moves')
    op.drop_index('ix_postings_voucher', table_name='postings')
    op.drop_index('ix_postings_shop_party_date', table_name='postings')
    op.drop_index('ix_postings_shop_account_date', table_name='postings')
    op.drop_table('postings')
    op.drop_index('ix_vouchers_shop_type_date', table_name='vouchers')
    op.drop_index('uq_vouchers_live_supplier_invoice', table_name='vouchers', sqlite_where=sa.text(LIVE_INVOICE), postgresql_where=sa.text(LIVE_INVOICE))
    op.drop_index('ix_vouchers_shop_date', table_name='vouchers')
    op.drop_index('ix_vouchers_shop_creator', table_name='vouchers')
    op.drop_table('vouchers')
    op.drop_table('item_day_totals')
    op.drop_table('account_day_totals')
    op.drop_table('voucher_day_totals')
    op.drop_index('ix_users_shop_id', table_name='users')
    op.drop_table('users')
    op.drop_table('party_day_totals')
    op.drop_table('parties')
    op.drop_table('number_series')
    op.drop_table('items')
    op.drop_table('accounts')
    op.drop_table('shops')
