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

from domain.books.common import positive_paise, resolve_item, resolve_party
from domain.books.drafting import (
    add_line,
    finish,
    inter_state,
    line_gross,
    line_rate_bp,
    locked_items,
    party_kind,
    post_tax,
    quantities,
    start_draft,
)
from domain.books.posting import Draft, lock_items, move_stock, outgoing_value
from domain.books.types import JournalEntry, LineInput, PostedVoucher
from domain.chart import expense_account, payment_account
from domain.errors import (
    DuplicateInvoice,
    InvalidAmount,
    InvalidArgument,
)
from domain.gst import TaxSplit, add_exclusive, carve_inclusive, rate_to_bp
from domain.money import D, round_to_int, rupees_to_paise
from domain.store.models import Item
from domain.units import normalise_unit, to_milli

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork


# -- sales and purchases -----------------------------------------------------------------------


def post_sale(
    uow: UnitOfWork,
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
    place_of_supply: str | None = None,
) -> PostedVoucher:
    """A sale. With `lines`: priced from the catalog unless a rate/amount is said, GST carved out of
    the inclusive price (CGST+SGST in the shop's state, IGST when the party's GSTIN is elsewhere;
    none for a composition shop), stock out at average cost. With only `amount` ("aaj 5000 ki
    bikri"): sales without stock moves, tax carved out at `gst_rate` when given (else none).
    `place_of_supply` (a state code) overrides the party's GSTIN state for the tax split."""
    d = start_draft(
        uow,
        shop_id,
        "sale",
        user_id=user_id,
        on=on,
        party=party,
        payment=payment,
        narration=narration,
        source_message_id=source_message_id,
    )
    settle = payment_account(d.payment or "cash", party_kind=party_kind(d), customer_side=True)
    composition = d.shop.gst_scheme == "composition"
    if place_of_supply is not None and not (len(place_of_supply) == 2 and place_of_supply.isdigit()):
        raise InvalidArgument("place_of_supply", "not_a_state_code")
    inter = inter_state(d, place_of_supply)
    d.place_of_supply = place_of_supply
    if lines:
        for line, item in zip(lines, locked_items(uow, shop_id, lines), strict=True):
            unit_said, qty_said, qty = quantities(item, line)
            gross = line_gross(line, qty_said, qty, item.rate_paise)
            rate_bp = 0 if composition else line_rate_bp(line, item)
            if item.price_includes_tax or line.amount is not None or line.rate is not None:
                split = carve_inclusive(gross, rate_bp, inter)
            else:
                split = add_exclusive(gross, rate_bp, inter)
            cost = outgoing_value(item, qty)
            move_stock(d, item, -qty, -cost, strict=strict_stock)
            add_line(d, item, unit_said, qty_said, qty, split, rate_bp, cost)
            d.post("sales", -split.taxable)
            post_tax(d, split, "output", -1)
            d.post("cogs", cost)
            d.post("stock", -cost)
    elif amount is not None:
        rate_bp = 0 if composition or gst_rate is None else rate_to_bp(gst_rate)
        split = carve_inclusive(positive_paise(amount), rate_bp, inter)
        d.total, d.taxable = split.total, split.taxable
        d.add_tax(split.cgst, split.sgst, split.igst)
        d.post("sales", -split.taxable)
        post_tax(d, split, "output", -1)
    else:
        raise InvalidAmount(None, "missing")
    d.post(settle, d.total, d.party)
    return finish(uow, d)


def post_purchase(
    uow: UnitOfWork,
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
    round_off: Decimal | None = None,
) -> PostedVoucher:
    """A purchase. Lines priced by the said rate (GST-inclusive), else the item's average cost plus
    GST; or, from a supplier's invoice, by the printed taxable value, rate and tax. Input tax is
    credited (ITC) for a regular shop and added to stock cost for a composition shop. The same
    supplier's same `invoice_no` (case-insensitive, not undone) raises DuplicateInvoice.
    `round_off` (a bill's printed round-off, |round_off| < ₹1, signed) goes to the round-off
    account and into the total, so the supplier is owed the printed grand total."""
    d = start_draft(
        uow,
        shop_id,
        "purchase",
        user_id=user_id,
        on=on,
        party=party,
        payment=payment,
        narration=narration,
        source_message_id=source_message_id,
    )
    if invoice_no is not None:
        key = invoice_no.strip().upper()
        if not key:
            raise InvalidArgument("invoice_no", "empty")
        earlier = uow.ledger.purchase_with_invoice(shop_id, d.party.id if d.party else None, key)
        if earlier is not None:
            raise DuplicateInvoice(invoice_no.strip(), d.party.name if d.party else "", earlier.number)
        d.invoice_no = invoice_no.strip()[:40]
    settle = payment_account(d.payment or "cash", party_kind=party_kind(d), customer_side=False)
    regular = d.shop.gst_scheme == "regular"
    inter = inter_state(d)
    if lines:
        for line, item in zip(lines, locked_items(uow, shop_id, lines), strict=True):
            unit_said, qty_said, qty = quantities(item, line)
            rate_bp = line_rate_bp(line, item)
            if line.taxable is not None:
                taxable = positive_paise(line.taxable, "taxable")
                if any(t is not None for t in (line.cgst, line.sgst, line.igst)):
                    taxes = [
                        rupees_to_paise(t) if t is not None else 0 for t in (line.cgst, line.sgst, line.igst)
                    ]
                    if min(taxes) < 0:
                        raise InvalidAmount(min(taxes), "not_positive")
                    split = TaxSplit(taxable, *taxes)
                else:
                    split = add_exclusive(taxable, rate_bp, inter)
            elif line.amount is not None or line.rate is not None:
                split = carve_inclusive(line_gross(line, qty_said, qty, 0), rate_bp, inter)
            else:
                split = add_exclusive(line_gross(line, qty_said, qty, item.cost_paise), rate_bp, inter)
            value = split.taxable if regular else split.total
            move_stock(d, item, qty, value)
            add_line(d, item, unit_said, qty_said, qty, split, rate_bp, value)
            d.post("stock", value)
            if regular:
                post_tax(d, split, "input", +1)
    elif amount is not None:
        rate_bp = 0 if gst_rate is None else rate_to_bp(gst_rate)
        split = carve_inclusive(positive_paise(amount), rate_bp, inter)
        d.total, d.taxable = split.total, split.taxable
        d.add_tax(split.cgst, split.sgst, split.igst)
        if regular:
            d.post("purchases", split.taxable)
            post_tax(d, split, "input", +1)
        else:
            d.post("purchases", split.total)
    else:
        raise InvalidAmount(None, "missing")
    if round_off is not None:
        rounding = rupees_to_paise(round_off)
        if abs(rounding) >= 100:
            raise InvalidAmount(round_off, "round_off_too_large")
        if rounding:
            d.post("round_off", rounding)
            d.total += rounding
    d.post(settle, -d.total, d.party)
    party_name = d.party.name if d.party else ""  # read now: a failed flush spoils the session
    try:
        return finish(uow, d)
    except DuplicateInvoice as raced:  # the same bill booked by another writer a moment ago
        raise DuplicateInvoice(d.invoice_no or "", party_name, raced.voucher) from raced


def post_sale_return(
    uow: UnitOfWork,
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
    d = start_draft(
        uow,
        shop_id,
        "sale_return",
        user_id=user_id,
        on=on,
        party=party,
        payment=payment,
        narration=narration,
        source_message_id=source_message_id,
    )
    settle = payment_account(d.payment or "cash", party_kind=party_kind(d), customer_side=True)
    composition = d.shop.gst_scheme == "composition"
    inter = inter_state(d)
    for line, item in zip(lines, locked_items(uow, shop_id, lines), strict=True):
        unit_said, qty_said, qty = quantities(item, line)
        gross = line_gross(line, qty_said, qty, item.rate_paise)
        rate_bp = 0 if composition else line_rate_bp(line, item)
        if item.price_includes_tax or line.amount is not None or line.rate is not None:
            split = carve_inclusive(gross, rate_bp, inter)
        else:
            split = add_exclusive(gross, rate_bp, inter)
        sold = uow.ledger.last_line(shop_id, "sale", item.id, d.party.id if d.party else None)
        cost = round_to_int(Decimal(sold.cost_paise) * qty / sold.qty_milli) if sold else outgoing_value(item, qty)
        move_stock(d, item, qty, cost)
        add_line(d, item, unit_said, qty_said, qty, split, rate_bp, cost)
        d.post("sales", split.taxable)
        post_tax(d, split, "output", +1)
        d.post("stock", cost)
        d.post("cogs", -cost)
    d.post(settle, -d.total, d.party)
    return finish(uow, d)


def post_purchase_return(
    uow: UnitOfWork,
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
    ledger debited (payment="credit") or cash/bank refunded; what the supplier allows above or
    below the average cost lands in cost of goods. Without a rate or amount the goods go back at
    the rate they were billed at (`_billed_rate`), tax added."""
    d = start_draft(
        uow,
        shop_id,
        "purchase_return",
        user_id=user_id,
        on=on,
        party=party,
        payment=payment,
        narration=narration,
        source_message_id=source_message_id,
    )
    settle = payment_account(d.payment or "credit", party_kind=party_kind(d), customer_side=False)
    regular = d.shop.gst_scheme == "regular"
    inter = inter_state(d)
    for line, item in zip(lines, locked_items(uow, shop_id, lines), strict=True):
        unit_said, qty_said, qty = quantities(item, line)
        rate_bp = line_rate_bp(line, item)
        if line.amount is not None or line.rate is not None:
            split = carve_inclusive(line_gross(line, qty_said, qty, 0), rate_bp, inter)
        else:
            split = add_exclusive(line_gross(line, qty_said, qty, _billed_rate(uow, d, item)), rate_bp, inter)
        value_out = outgoing_value(item, qty)
        move_stock(d, item, -qty, -value_out, strict=strict_stock)
        add_line(d, item, unit_said, qty_said, qty, split, rate_bp, value_out)
        refund_value = split.taxable if regular else split.total
        d.post("stock", -value_out)
        d.post("cogs", value_out - refund_value)
        if regular:
            post_tax(d, split, "input", -1)
    d.post(settle, d.total, d.party)
    return finish(uow, d)


def _billed_rate(uow: UnitOfWork, draft: Draft, item: Item) -> Decimal:
    """The rate before tax, per the item's unit, on the item's latest live purchase bill — this
    supplier's first, as a supplier credits a return at what it charged — else, with no bill on
    the books (opening stock), the item's last known unit cost."""
    bought = uow.ledger.last_line(draft.shop.id, "purchase", item.id, draft.party.id if draft.party else None)
    if bought is None:
        return Decimal(item.cost_paise)
    return Decimal(bought.taxable_paise) * 1000 / bought.qty_milli


# -- money in and out --------------------------------------------------------------------------


def post_expense(
    uow: UnitOfWork,
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
    account = expense_account(category)
    paise = positive_paise(amount)
    d = start_draft(
        uow,
        shop_id,
        "expense",
        user_id=user_id,
        on=on,
        party=party,
        payment=payment,
        narration=note,
        source_message_id=source_message_id,
    )
    d.category = account.split(":", 1)[1]
    settle = payment_account(d.payment or "cash", party_kind=party_kind(d), customer_side=False)
    d.total = d.taxable = paise
    d.post(account, paise)
    d.post(settle, -paise, d.party)
    return finish(uow, d)


def _settlement(
    uow: UnitOfWork,
    shop_id: int,
    voucher_type: str,
    *,
    user_id: int,
    on: date,
    party: str,
    amount: Decimal,
    payment: str,
    narration: str | None,
    source_message_id: str | None,
) -> PostedVoucher:
    if not party or not party.strip():
        raise InvalidArgument("party", "required")
    paise = positive_paise(amount)
    d = start_draft(
        uow,
        shop_id,
        voucher_type,
        user_id=user_id,
        on=on,
        party=party,
        payment=payment,
        narration=narration,
        source_message_id=source_message_id,
    )
    if d.payment == "credit":
        raise InvalidArgument("payment", "credit_not_allowed")
    assert d.party is not None
    money = payment_account(d.payment or "cash", party_kind=d.party.kind, customer_side=True)
    ledger = "debtors" if d.party.kind == "customer" else "creditors"
    sign = 1 if voucher_type == "receipt" else -1
    d.total = d.taxable = paise
    d.post(money, sign * paise)
    d.post(ledger, -sign * paise, d.party)
    return finish(uow, d)


def post_receipt(
    uow: UnitOfWork,
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
    return _settlement(
        uow,
        shop_id,
        "receipt",
        user_id=user_id,
        on=on,
        party=party,
        amount=amount,
        payment=payment,
        narration=narration,
        source_message_id=source_message_id,
    )


def post_payment(
    uow: UnitOfWork,
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
    return _settlement(
        uow,
        shop_id,
        "payment",
        user_id=user_id,
        on=on,
        party=party,
        amount=amount,
        payment=payment,
        narration=narration,
        source_message_id=source_message_id,
    )


def post_journal(
    uow: UnitOfWork,
    shop_id: int,
    *,
    user_id: int | None,
    on: date,
    entries: Sequence[JournalEntry],
    narration: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """A free journal over account codes (see `domain.chart.CHART`); must balance (UnbalancedVoucher)."""
    d = start_draft(
        uow,
        shop_id,
        "journal",
        user_id=user_id,
        on=on,
        party=None,
        payment=None,
        narration=narration,
        source_message_id=source_message_id,
    )
    chart = uow.accounts.by_code(shop_id)
    if not entries:
        raise InvalidArgument("entries", "empty")
    for entry in entries:
        if entry.account not in chart:
            raise InvalidArgument("account", "unknown")
        paise = rupees_to_paise(D(entry.amount))
        if paise == 0:
            raise InvalidAmount(entry.amount, "zero")
        party = resolve_party(uow, shop_id, entry.party) if entry.party else None
        d.post(entry.account, paise, party)
        if paise > 0:
            d.total += paise
    d.taxable = d.total
    return finish(uow, d)


def post_opening_stock(
    uow: UnitOfWork,
    shop_id: int,
    item: Item,
    qty_milli: int,
    value_paise: int,
    *,
    user_id: int | None,
    on: date,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """Opening stock of a new item: a journal, stock Dr and capital Cr, with its stock move."""
    d = start_draft(
        uow,
        shop_id,
        "journal",
        user_id=user_id,
        on=on,
        party=None,
        payment=None,
        narration=f"opening stock: {item.name}",
        source_message_id=source_message_id,
    )
    locked = lock_items(uow, shop_id, [item])[item.id]
    move_stock(d, locked, qty_milli, value_paise)
    add_line(d, locked, locked.unit, qty_milli, qty_milli, TaxSplit(value_paise, 0, 0, 0), 0, value_paise)
    d.post("stock", value_paise)
    d.post("capital", -value_paise)
    return finish(uow, d)


def post_stock_adjustment(
    uow: UnitOfWork,
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
    against the stock adjustment (shrinkage) account. A count equal to the books posts an empty
    voucher, so the count itself is on record."""
    d = start_draft(
        uow,
        shop_id,
        "stock_adjustment",
        user_id=user_id,
        on=on,
        party=None,
        payment=None,
        narration=narration,
        source_message_id=source_message_id,
    )
    found = resolve_item(uow, shop_id, item)
    locked = lock_items(uow, shop_id, [found])[found.id]
    unit_said = normalise_unit(unit) if unit else locked.unit
    counted = to_milli(counted_qty, unit_said, locked.unit, allow_zero=True)
    diff = counted - locked.stock_milli
    if diff < 0:
        value = -outgoing_value(locked, -diff)
    else:
        value = round_to_int(Decimal(locked.cost_paise) * diff / 1000)
    if diff:
        move_stock(d, locked, diff, value)
    said = to_milli(counted_qty, unit_said, unit_said, allow_zero=True)
    add_line(d, locked, unit_said, said, diff, TaxSplit(0, 0, 0, 0), 0, value)
    d.post("stock", value)
    d.post("stock_adjustment", -value)
    return finish(uow, d)


# Undo and look-ups live in `reversals`; they are part of this module's API.
from domain.books.reversals import (  # noqa: E402
    find_by_source_message,
    get_voucher,
    last_voucher,
    undo_last,
)

__all__ = [
    "find_by_source_message",
    "get_voucher",
    "last_voucher",
    "post_expense",
    "post_journal",
    "post_opening_stock",
    "post_payment",
    "post_purchase",
    "post_purchase_return",
    "post_receipt",
    "post_sale",
    "post_sale_return",
    "post_stock_adjustment",
    "undo_last",
]
