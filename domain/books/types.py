"""Plain values the domain services take and return: no ORM rows ever leave the services.

Money is `Money` (integer paise), quantities `Decimal` in the unit named beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.money import Money

PAYMENT_MODES = ("cash", "upi", "card", "bank", "credit")
ROLES = ("owner", "manager", "accountant", "staff")
PARTY_KINDS = ("customer", "supplier")
GST_SCHEMES = ("regular", "composition")
EXPENSE_CATEGORIES = (
    "rent", "salary", "electricity", "transport", "repairs", "tea_snacks", "packaging", "phone", "other",
)
VOUCHER_TYPES = (
    "sale", "purchase", "sale_return", "purchase_return", "receipt", "payment", "expense", "journal",
    "stock_adjustment",
)


@dataclass(frozen=True, slots=True)
class ShopInfo:
    id: int
    name: str
    slug: str
    state_code: str
    gstin: str | None
    gst_scheme: str
    language: str
    city: str | None
    upi_id: str | None
    address: str | None = None
    pincode: str | None = None
    filing_frequency: str = "monthly"


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    shop_id: int
    name: str
    phone: str
    role: str
    language: str
    voice_replies: bool
    language_locked: bool


@dataclass(frozen=True, slots=True)
class ItemInfo:
    id: int
    name: str
    aliases: tuple[str, ...]
    unit: str
    rate: Money  # selling price per `unit`, GST included when `price_includes_tax`
    cost: Money  # current weighted-average cost per `unit` (catalog cost until the first move)
    hsn: str | None
    gst_rate: Decimal  # percent, e.g. Decimal("5")
    reorder_level: Decimal  # in `unit`
    stock: Decimal  # in `unit`; may be negative (sold before it was entered)
    stock_value: Money
    price_includes_tax: bool
    sku: str | None = None
    opening_voucher: str | None = None  # set by add_item: the journal that posted its opening stock


@dataclass(frozen=True, slots=True)
class PartyInfo:
    id: int
    name: str
    aliases: tuple[str, ...]
    kind: str
    phone: str | None
    gstin: str | None
    state_code: str | None
    balance: Money  # positive: the party owes the shop; negative: the shop owes the party
    address: str | None = None
    city: str | None = None
    pincode: str | None = None


@dataclass(frozen=True, slots=True)
class LineInput:
    """One item line as said (sale, return, purchase).

    `rate` is rupees per `unit` (GST-inclusive, as shops quote; catalog rate when None);
    `amount` is the line total in rupees. For a supplier's invoice (`post_purchase`), `taxable`,
    `gst_rate` and the tax amounts may be given as printed; they are then taken as they are.
    """

    item: str
    qty: Decimal
    unit: str | None = None
    rate: Decimal | None = None
    amount: Decimal | None = None
    taxable: Decimal | None = None
    gst_rate: Decimal | None = None
    cgst: Decimal | None = None
    sgst: Decimal | None = None
    igst: Decimal | None = None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One posting of a journal: `account` code, `amount` rupees (debit positive, credit negative)."""

    account: str
    amount: Decimal
    party: str | None = None


@dataclass(frozen=True, slots=True)
class PostedLine:
    item: str
    qty: Decimal  # as said, in `unit`
    unit: str
    item_qty: Decimal  # in the item's own unit
    item_unit: str
    rate: Money  # per `unit`, as charged (GST-inclusive for inclusive items)
    taxable: Money
    gst_rate: Decimal
    cgst: Money
    sgst: Money
    igst: Money
    total: Money
    cost: Money  # stock value moved by this line (cost of goods for a sale)


@dataclass(frozen=True, slots=True)
class PostedVoucher:
    id: int
    number: str
    type: str
    date: date
    party: str | None
    payment: str | None
    total: Money  # what changes hands (GST included)
    taxable: Money
    cgst: Money
    sgst: Money
    igst: Money
    lines: tuple[PostedLine, ...] = ()
    narration: str | None = None
    category: str | None = None
    invoice_no: str | None = None
    place_of_supply: str | None = None  # a sale's state code when said (else the buyer's state)
    reverses: str | None = None  # the number of the voucher this one reverses
    party_balance: Money | None = None  # the party's balance after this voucher
    negative_stock: tuple[str, ...] = field(default=())  # items this voucher took below zero
