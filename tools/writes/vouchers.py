"""Writes that post a voucher: sale, purchase, sale return, expense, payment in and out, stock count,
and undo. Each resolves items and parties in the caller's shop only, books on today (or the day
said, never a future one), carries the message id for idempotency and returns `voucher_data`.

Parties are never created on the fly: an unknown name (even on a credit sale) is refused with
`unknown_party` and suggestions, because a mistyped name would open a phantom khata and leave the
real customer's dues wrong; the bot offers `add_party` and retries.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from domain.books import vouchers
from domain.errors import InvalidArgument
from domain.gst import find_state
from tools.args import (
    Amount,
    Category,
    DatedWrite,
    ItemLine,
    Name,
    Payment,
    Settlement,
    ToolArgs,
    UnitArg,
    check_qty,
)
from tools.common import line_inputs, party_name, voucher_date
from tools.context import ToolContext, ToolResult
from tools.present import voucher_data
from tools.resolve import resolve_item, resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class _ItemsOrAmount(DatedWrite):
    items: list[ItemLine] | None = Field(None, description="item lines; or leave out and give `amount`")
    amount: Amount | None = Field(None, description="a whole-voucher total in rupees when no items were said")
    party: Name | None = Field(None, description="the party's name from the shop's parties list")
    payment: Payment = Field("cash", description="cash upi credit card bank; udhaar is credit")

    @model_validator(mode="after")
    def _one_of(self):
        if not self.items and self.amount is None:
            raise ValueError("give `items` or an `amount`")
        if self.items and self.amount is not None:
            raise ValueError("give `items` or an `amount`, not both (a line's total goes in its `amount`)")
        if self.payment == "credit" and not self.party:
            raise ValueError("a credit (udhaar) entry needs the party")
        return self


class RecordSale(_ItemsOrAmount):
    """A sale: items (priced from the catalog unless a rate or amount is said) or a day's total."""

    place_of_supply: Name | None = Field(None, description="where the goods go when it is another state "
                                                           "(\"Nagpur bhejna hai\"): a state, its code or a city")


class RecordPurchase(_ItemsOrAmount):
    """A purchase from a supplier: items (at the said rate, else the item's cost) or a total."""

    invoice_no: Name | None = Field(None, max_length=30, description="the supplier's bill number")


class RecordSaleReturn(DatedWrite):
    """Goods a customer brings back. Refunded in cash, or taken off the party's dues (`credit`) —
    the default when the party named owes the shop."""

    items: list[ItemLine] = Field(min_length=1, description="the lines returned")
    party: Name | None = Field(None, description="the customer returning them")
    payment: Payment | None = Field(None, description="how the refund goes; default cash, or credit for a party with dues")


class RecordExpense(DatedWrite):
    """An expense of a category, paid in cash by default."""

    amount: Amount = Field(description="rupees")
    category: Category = Field("other", description="rent salary electricity transport repairs tea_snacks packaging phone other")
    note: Name | None = Field(None, description="what it was for, as said")
    payment: Settlement = Field("cash", description="cash upi card bank")


class RecordPaymentIn(DatedWrite):
    """A customer pays their dues."""

    party: Name = Field(description="the customer")
    amount: Amount = Field(description="rupees received")
    payment: Settlement = Field("cash", description="cash upi card bank")


class RecordPaymentOut(DatedWrite):
    """The shop pays a supplier's dues."""

    party: Name = Field(description="the supplier")
    amount: Amount = Field(description="rupees paid")
    payment: Settlement = Field("cash", description="cash upi card bank")


class AdjustStock(DatedWrite):
    """The stock counted now ("cheeni 50 kilo bacha hai"); the difference is booked as shrinkage."""

    item: Name = Field(description="the item counted")
    qty: Decimal = Field(description="the quantity there is now, in `unit` (0 when none is left)")
    unit: UnitArg | None = Field(None, description="the unit said, else the item's unit")

    @model_validator(mode="after")
    def _qty(self):
        check_qty(self.qty, self.unit, allow_zero=True)
        return self


class UndoLast(ToolArgs):
    """Undo your own latest write with a reversing voucher (nothing is ever deleted)."""


def _result(posted) -> ToolResult:
    return ToolResult(data=voucher_data(posted), voucher=posted.number)


def record_sale(uow: SqlUnitOfWork, ctx: ToolContext, args: RecordSale) -> ToolResult:
    posted = vouchers.post_sale(
        uow, ctx.shop_id, user_id=ctx.user_id, on=voucher_date(ctx, args.date),
        lines=line_inputs(uow, ctx.shop_id, args.items or ()), amount=args.amount,
        party=party_name(uow, ctx.shop_id, args.party, "customer"), payment=args.payment,
        source_message_id=ctx.message_id, place_of_supply=_state(args.place_of_supply),
    )
    return _result(posted)


def _state(said: str | None) -> str | None:
    if said is None:
        return None
    code = find_state(said)
    if code is None:
        raise InvalidArgument("place_of_supply", "unknown_state")
    return code


def record_purchase(uow: SqlUnitOfWork, ctx: ToolContext, args: RecordPurchase) -> ToolResult:
    posted = vouchers.post_purchase(
        uow, ctx.shop_id, user_id=ctx.user_id, on=voucher_date(ctx, args.date),
        lines=line_inputs(uow, ctx.shop_id, args.items or ()), amount=args.amount,
        party=party_name(uow, ctx.shop_id, args.party, "supplier"), payment=args.payment,
        invoice_no=args.invoice_no, source_message_id=ctx.message_id,
    )
    return _result(posted)


def record_sale_return(uow: SqlUnitOfWork, ctx: ToolContext, args: RecordSaleReturn) -> ToolResult:
    party = resolve_party(uow, ctx.shop_id, args.party, "customer") if args.party else None
    payment = args.payment or ("credit" if party is not None and party.balance.paise > 0 else "cash")
    if payment == "credit" and party is None:
        raise InvalidArgument("party", "required_for_credit")
    posted = vouchers.post_sale_return(
        uow, ctx.shop_id, user_id=ctx.user_id, on=voucher_date(ctx, args.date),
        lines=line_inputs(uow, ctx.shop_id, args.items), party=party.name if party else None,
        payment=payment, source_message_id=ctx.message_id,
    )
    return _result(posted)


def record_expense(uow: SqlUnitOfWork, ctx: ToolContext, args: RecordExpense) -> ToolResult:
    posted = vouchers.post_expense(
        uow, ctx.shop_id, user_id=ctx.user_id, on=voucher_date(ctx, args.date), amount=args.amount,
        category=args.category, payment=args.payment, note=args.note, source_message_id=ctx.message_id,
    )
    return _result(posted)


def record_payment_in(uow: SqlUnitOfWork, ctx: ToolContext, args: RecordPaymentIn) -> ToolResult:
    posted = vouchers.post_receipt(
        uow, ctx.shop_id, user_id=ctx.user_id, on=voucher_date(ctx, args.date),
        party=resolve_party(uow, ctx.shop_id, args.party, "customer").name, amount=args.amount,
        payment=args.payment, source_message_id=ctx.message_id,
    )
    return _result(posted)


def record_payment_out(uow: SqlUnitOfWork, ctx: ToolContext, args: RecordPaymentOut) -> ToolResult:
    posted = vouchers.post_payment(
        uow, ctx.shop_id, user_id=ctx.user_id, on=voucher_date(ctx, args.date),
        party=resolve_party(uow, ctx.shop_id, args.party, "supplier").name, amount=args.amount,
        payment=args.payment, source_message_id=ctx.message_id,
    )
    return _result(posted)


def adjust_stock(uow: SqlUnitOfWork, ctx: ToolContext, args: AdjustStock) -> ToolResult:
    item = resolve_item(uow, ctx.shop_id, args.item)
    posted = vouchers.post_stock_adjustment(
        uow, ctx.shop_id, user_id=ctx.user_id, on=voucher_date(ctx, args.date), item=item.name,
        counted_qty=args.qty, unit=args.unit or item.unit, source_message_id=ctx.message_id,
    )
    return _result(posted)


def undo_last(uow: SqlUnitOfWork, ctx: ToolContext, args: UndoLast) -> ToolResult:
    posted = vouchers.undo_last(uow, ctx.shop_id, user_id=ctx.user_id, on=ctx.today, source_message_id=ctx.message_id)
    return _result(posted)


SPECS = (
    spec("record_sale", RecordSale, "sales", record_sale, money=True),
    spec("record_purchase", RecordPurchase, "purchases", record_purchase, money=True),
    spec("record_sale_return", RecordSaleReturn, "sales", record_sale_return, money=True),
    spec("record_expense", RecordExpense, "payments", record_expense, money=True),
    spec("record_payment_in", RecordPaymentIn, "payments", record_payment_in, money=True),
    spec("record_payment_out", RecordPaymentOut, "payments", record_payment_out, money=True),
    spec("adjust_stock", AdjustStock, "catalog", adjust_stock, voucher=True),
    spec("undo_last", UndoLast, "self", undo_last, voucher=True, undoable=False, confirm="never"),
)
