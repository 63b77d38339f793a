"""The books' tables: shops, users, accounts, items, parties, vouchers, postings, item lines,
stock moves, number series, and the per-day totals that keep period reports O(days).

Money columns are BigInteger `*_paise`; quantities are BigInteger `*_milli` (thousandths of the
item's own unit: grams of a kg item, millilitres of a litre item); GST rates are integer basis
points (`gst_rate_bp`: 500 = 5 %). Nothing here is a float. Every row carries its `shop_id`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.store.base import Base

_LIVE_INVOICE = "type = 'purchase' AND invoice_no_key IS NOT NULL AND reversed_by_voucher_id IS NULL"

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Shop(Base):
    __tablename__ = "shops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    state_code: Mapped[str] = mapped_column(String(2))
    gstin: Mapped[str | None] = mapped_column(String(15))
    gst_scheme: Mapped[str] = mapped_column(String(12), default="regular")
    language: Mapped[str] = mapped_column(String(5), default="hi")
    city: Mapped[str | None] = mapped_column(String(80))
    upi_id: Mapped[str | None] = mapped_column(String(80))
    address: Mapped[str | None] = mapped_column(String(200))
    pincode: Mapped[str | None] = mapped_column(String(6))
    filing_frequency: Mapped[str] = mapped_column(String(10), default="monthly", server_default="monthly")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    __tablename__ = "users"
    __table_args__ = (Index("ix_users_shop_id", "shop_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164: one phone, one user, one shop
    role: Mapped[str] = mapped_column(String(12))
    language: Mapped[str] = mapped_column(String(5))
    voice_replies: Mapped[bool] = mapped_column(Boolean, default=False)
    language_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("shop_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    code: Mapped[str] = mapped_column(String(40))  # "cash", "sales", "expense:rent", ...
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))  # asset liability equity income expense


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("shop_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))  # casefolded name, for uniqueness and lookup
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    sku: Mapped[str | None] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(8))
    rate_paise: Mapped[int] = mapped_column(BigInteger, default=0)  # selling price per unit
    price_includes_tax: Mapped[bool] = mapped_column(Boolean, default=True)
    cost_paise: Mapped[int] = mapped_column(BigInteger, default=0)  # average cost per unit, last known
    hsn: Mapped[str | None] = mapped_column(String(8))
    gst_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    reorder_level_milli: Mapped[int] = mapped_column(BigInteger, default=0)
    # Running stock, changed only under a row lock together with a stock move:
    stock_milli: Mapped[int] = mapped_column(BigInteger, default=0)
    stock_value_paise: Mapped[int] = mapped_column(BigInteger, default=0)


class Party(Base):
    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("shop_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(10))  # customer supplier
    phone: Mapped[str | None] = mapped_column(String(20))
    gstin: Mapped[str | None] = mapped_column(String(15))
    state_code: Mapped[str | None] = mapped_column(String(2))
    address: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(80))
    pincode: Mapped[str | None] = mapped_column(String(6))
    # Sum of this party's postings on debtors and creditors (positive: owes the shop).
    balance_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NumberSeries(Base):
    __tablename__ = "number_series"
    __table_args__ = (UniqueConstraint("shop_id", "voucher_type", "financial_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    voucher_type: Mapped[str] = mapped_column(String(20))
    financial_year: Mapped[str] = mapped_column(String(5))  # "26-27"
    prefix: Mapped[str] = mapped_column(String(10))  # "SL/26-27/"
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Voucher(Base):
    __tablename__ = "vouchers"
    __table_args__ = (
        UniqueConstraint("shop_id", "number"),
        UniqueConstraint("shop_id", "source_message_id"),
        Index("ix_vouchers_shop_date", "shop_id", "date"),
        Index("ix_vouchers_shop_type_date", "shop_id", "type", "date"),
        Index("ix_vouchers_shop_creator", "shop_id", "created_by_user_id", "id"),
        # A supplier's bill is booked once while it stands (an undone one may be booked again).
        Index(
            "uq_vouchers_live_supplier_invoice",
            "shop_id",
            "party_id",
            "invoice_no_key",
            unique=True,
            sqlite_where=text(_LIVE_INVOICE),
            postgresql_where=text(_LIVE_INVOICE),
        ),
        CheckConstraint("number <> ''", name="number_not_empty"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    type: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(16))
    date: Mapped[date] = mapped_column(Date)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    payment_mode: Mapped[str | None] = mapped_column(String(8))
    category: Mapped[str | None] = mapped_column(String(20))  # expense category
    narration: Mapped[str | None] = mapped_column(String(500))
    invoice_no: Mapped[str | None] = mapped_column(String(40))  # the supplier's bill number
    invoice_no_key: Mapped[str | None] = mapped_column(String(40))  # upper-cased, for duplicates
    place_of_supply: Mapped[str | None] = mapped_column(String(2))  # a sale's state, when said
    source_message_id: Mapped[str | None] = mapped_column(String(120))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    total_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    taxable_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    cgst_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    sgst_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    igst_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    reverses_voucher_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("vouchers.id"))
    reversed_by_voucher_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("vouchers.id"))


class Posting(Base):
    __tablename__ = "postings"
    __table_args__ = (
        Index("ix_postings_voucher", "voucher_id"),
        Index("ix_postings_shop_account_date", "shop_id", "account_id", "date"),
        Index("ix_postings_shop_party_date", "shop_id", "party_id", "date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    voucher_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("vouchers.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    date: Mapped[date] = mapped_column(Date)
    amount_paise: Mapped[int] = mapped_column(BigInteger)  # debit positive, credit negative


class VoucherLine(Base):
    __tablename__ = "voucher_lines"
    __table_args__ = (
        Index("ix_voucher_lines_voucher", "voucher_id"),
        Index("ix_voucher_lines_shop_item_date", "shop_id", "item_id", "date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    voucher_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("vouchers.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    date: Mapped[date] = mapped_column(Date)
    qty_said_milli: Mapped[int] = mapped_column(BigInteger)  # in unit_said
    unit_said: Mapped[str] = mapped_column(String(8))
    qty_milli: Mapped[int] = mapped_column(BigInteger)  # in the item's unit; negative only in a reversal
    rate_paise: Mapped[int] = mapped_column(BigInteger)  # per unit_said, as charged
    taxable_paise: Mapped[int] = mapped_column(BigInteger)
    gst_rate_bp: Mapped[int] = mapped_column(Integer)
    cgst_paise: Mapped[int] = mapped_column(BigInteger)
    sgst_paise: Mapped[int] = mapped_column(BigInteger)
    igst_paise: Mapped[int] = mapped_column(BigInteger)
    total_paise: Mapped[int] = mapped_column(BigInteger)
    cost_paise: Mapped[int] = mapped_column(BigInteger)  # stock value moved by the line


class StockMove(Base):
    __tablename__ = "stock_moves"
    __table_args__ = (
        Index("ix_stock_moves_voucher", "voucher_id"),
        Index("ix_stock_moves_shop_item_date", "shop_id", "item_id", "date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    voucher_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("vouchers.id"))
    date: Mapped[date] = mapped_column(Date)
    qty_milli: Mapped[int] = mapped_column(BigInteger)  # in: positive, out: negative
    value_paise: Mapped[int] = mapped_column(BigInteger)  # at the average cost of the moment


class AccountDayTotal(Base):
    """Per shop, account and day: the net of the postings. Period reports sum these rows."""

    __tablename__ = "account_day_totals"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    amount_paise: Mapped[int] = mapped_column(BigInteger, default=0)


class ItemDayTotal(Base):
    """Per shop, item and day: quantity sold, sales (taxable) and cost, net of returns."""

    __tablename__ = "item_day_totals"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    sold_milli: Mapped[int] = mapped_column(BigInteger, default=0)
    sales_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_paise: Mapped[int] = mapped_column(BigInteger, default=0)


class PartyDayTotal(Base):
    """Per shop, party and day: what the party was billed (debit) and what settled it (credit),
    net of undos (a reversal is dated like its original, so it cancels inside the same day).
    Ageing reads these instead of every posting."""

    __tablename__ = "party_day_totals"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    debit_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    credit_paise: Mapped[int] = mapped_column(BigInteger, default=0)


class VoucherDayTotal(Base):
    """Per shop, voucher type, payment mode and day: count and GST-inclusive total (net of undos)."""

    __tablename__ = "voucher_day_totals"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    payment_mode: Mapped[str] = mapped_column(String(8), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    total_paise: Mapped[int] = mapped_column(BigInteger, default=0)


class ShopPrefs(Base):
    """What the owner asked Munshi to say unprompted: the morning digest's hour (or none), the closing
    hour of the "record today's sales?" nudge, and the rules of udhaar reminders to customers."""

    __tablename__ = "shop_prefs"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    digest_hour: Mapped[int | None] = mapped_column(Integer, default=8)  # None: the digest is off
    closing_hour: Mapped[int | None] = mapped_column(Integer, default=20)  # None: no nudge
    remind_every_days: Mapped[int | None] = mapped_column(Integer)  # None: no automatic reminders
    remind_min_paise: Mapped[int] = mapped_column(BigInteger, default=0)
    remind_never: Mapped[list | None] = mapped_column(JSON)  # party ids the owner excluded


class ItemPack(Base):
    """A shop's pack of an item: how much of the item's own unit one bag, box or pack holds
    ("1 bori chawal = 25 kilo": item Rice, unit "bag", qty_milli 25000)."""

    __tablename__ = "item_packs"
    __table_args__ = (UniqueConstraint("shop_id", "item_id", "unit"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    unit: Mapped[str] = mapped_column(String(8))
    qty_milli: Mapped[int] = mapped_column(BigInteger)
