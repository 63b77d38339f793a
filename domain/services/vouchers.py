"""Posting vouchers: sales, purchases, returns, expenses, receipts, payments, journals, stock counts,
and undo. Every voucher's postings sum to zero; stock moves at weighted-average cost.

Common keywords: `user_id` (who asked), `on` (the voucher date), `source_message_id` (the chat
message that caused it: unique per shop, so a redelivered message cannot post twice — the second
attempt raises DuplicateMessage; look it up first with `find_by_source_message`).
Payment modes: cash -> cash; upi, card, bank -> bank; credit -> the party's ledger (party required).
Stock may go negative (shops sell before entering a purchase); the voucher lists such items in
`negative_stock`, and `strict_stock=True` refuses instead with InsufficientStock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.services.types import JournalEntry, LineInput, PostedVoucher

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


def post_sale(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    lines: Sequence[LineInput] = (),
    amount: Decimal | None = None,
    party: str | None = None,
    payment: str = "cash",
    gst_rate: Decimal | None = None,
    narration: str | None = None,
    source_message_id: str | None = None,
    strict_stock: bool = False,
) -> PostedVoucher:
    """A sale. With `lines`: priced from the catalog unless a rate/amount is said, GST carved out of
    the inclusive price (CGST+SGST in the shop's state, IGST when the party's GSTIN is elsewhere;
    none for a composition shop), stock out at average cost. With only `amount` ("aaj 5000 ki
    bikri"): sales without stock moves, tax carved out at `gst_rate` when given (else none)."""
    raise NotImplementedError


def post_purchase(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    lines: Sequence[LineInput] = (),
    amount: Decimal | None = None,
    party: str | None = None,
    payment: str = "cash",
    invoice_no: str | None = None,
    gst_rate: Decimal | None = None,
    narration: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """A purchase. Lines priced by the said rate (GST-inclusive), else the item's cost; or, from a
    supplier's invoice, by the printed taxable value, rate and tax. Input tax is credited (ITC) for
    a regular shop and added to stock cost for a composition shop. The same supplier's same
    `invoice_no` (case-insensitive, not undone) raises DuplicateInvoice."""
    raise NotImplementedError


def post_sale_return(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    lines: Sequence[LineInput],
    party: str | None = None,
    payment: str = "cash",
    narration: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """Goods come back: sales and output tax reversed, stock in at the original sale's cost;
    refunded in cash/bank, or credited to the party's ledger with payment="credit"."""
    raise NotImplementedError


def post_purchase_return(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    lines: Sequence[LineInput],
    party: str | None = None,
    payment: str = "credit",
    narration: str | None = None,
    source_message_id: str | None = None,
    strict_stock: bool = False,
) -> PostedVoucher:
    """Goods go back to a supplier: stock out at average cost, input tax reversed, the supplier's
    ledger debited (payment="credit") or cash/bank refunded."""
    raise NotImplementedError


def post_expense(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    amount: Decimal,
    category: str,
    payment: str = "cash",
    party: str | None = None,
    note: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """An expense of a category (rent salary electricity transport repairs tea_snacks packaging
    phone other); "credit" needs a party and leaves the shop owing it."""
    raise NotImplementedError


def post_receipt(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    party: str,
    amount: Decimal,
    payment: str = "cash",
    narration: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """A party pays the shop (settles udhaar): cash/bank Dr, the party's ledger Cr."""
    raise NotImplementedError


def post_payment(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    party: str,
    amount: Decimal,
    payment: str = "cash",
    narration: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """The shop pays a party (a supplier's dues): the party's ledger Dr, cash/bank Cr."""
    raise NotImplementedError


def post_journal(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    entries: Sequence[JournalEntry],
    narration: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """A free journal over account codes (see `domain.services.accounts.CHART`); must balance."""
    raise NotImplementedError


def post_stock_adjustment(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    item: str,
    counted_qty: Decimal,
    unit: str | None = None,
    narration: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """The stock counted now ("cheeni 50 kilo bacha hai"): the difference moves at average cost
    against the stock adjustment (shrinkage) account."""
    raise NotImplementedError


def undo_last(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """Reverse this user's latest voucher not yet reversed (and not itself a reversal) with a
    reversing voucher of the same type: postings negated, stock moves reversed at their original
    cost. Returns the reversal (`reverses` = the original number). NothingToUndo."""
    raise NotImplementedError


def find_by_source_message(uow: SqlUnitOfWork, shop_id: int, source_message_id: str) -> PostedVoucher | None:
    """The voucher posted for this message, if any (idempotent redelivery)."""
    raise NotImplementedError


def get_voucher(uow: SqlUnitOfWork, shop_id: int, number: str) -> PostedVoucher:
    """A voucher by its number; UnknownVoucher."""
    raise NotImplementedError


def last_voucher(uow: SqlUnitOfWork, shop_id: int, type: str | None = None, party: str | None = None) -> PostedVoucher | None:
    """The latest voucher of the shop (optionally of a type and/or party), e.g. for share_bill."""
    raise NotImplementedError
