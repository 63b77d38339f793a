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

from domain.chart import PAYMENT_MODES, expense_account, payment_account
from domain.errors import (
    DuplicateInvoice,
    InvalidAmount,
    InvalidArgument,
    NothingToUndo,
    UnknownVoucher,
)
from domain.gst import TaxSplit, add_exclusive, carve_inclusive, is_inter_state, rate_to_bp
from domain.money import D, round_to_int, rupees_to_paise
from domain.services.common import positive_paise, require_shop, require_user, resolve_item, resolve_party
from domain.services.posting import Draft, commit_draft, lock_items, move_stock, outgoing_value, posted
from domain.services.types import JournalEntry, LineInput, PostedVoucher
from domain.store.models import Item, Party, Voucher, VoucherLine
from domain.units import normalise_unit, to_milli

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


# -- shared steps ------------------------------------------------------------------------------


def _start(
    uow: SqlUnitOfWork,
    shop_id: int,
    voucher_type: str,
    *,
    user_id: int | None,
    on: date,
    party: str | None,
    payment: str | None,
    narration: str | None,
    source_message_id: str | None,
) -> Draft:
    shop = require_shop(uow, shop_id)
    if user_id is not None:
        require_user(uow, shop_id, user_id)
    mode = payment.strip().lower() if payment else None
    if mode is not None and mode not in PAYMENT_MODES:
        raise InvalidArgument("payment", "unknown_mode")
    found = resolve_party(uow, shop_id, party) if party and party.strip() else None
    return Draft(
        shop=shop,
        type=voucher_type,
        on=on,
        user_id=user_id,
        party=found,
        payment=mode,
        narration=narration,
        source_message_id=source_message_id or None,
    )


def _party_kind(draft: Draft) -> str | None:
    return draft.party.kind if draft.party else None


def _quantities(item: Item, line: LineInput) -> tuple[str, int, int]:
    """(unit said, qty in that unit in milli, qty in the item's unit in milli)."""
    unit_said = normalise_unit(line.unit) if line.unit else item.unit
    qty_milli = to_milli(line.qty, unit_said, item.unit)
    qty_said_milli = to_milli(line.qty, unit_said, unit_said)
    return unit_said, qty_said_milli, qty_milli


def _gross(line: LineInput, qty_said_milli: int, qty_milli: int, default_rate_paise: int) -> int:
    """The line's money: the amount said, else rate said x qty said, else the default rate."""
    if line.amount is not None:
        return positive_paise(line.amount)
    if line.rate is not None:
        rate = positive_paise(line.rate, "rate")
        gross = round_to_int(Decimal(rate) * qty_said_milli / 1000)
    else:
        if default_rate_paise <= 0:
            raise InvalidAmount(None, "no_price")
        gross = round_to_int(Decimal(default_rate_paise) * qty_milli / 1000)
    if gross <= 0:
        raise InvalidAmount(gross, "not_positive")
    return gross


def _line_rate_bp(line: LineInput, item: Item) -> int:
    return rate_to_bp(line.gst_rate) if line.gst_rate is not None else item.gst_rate_bp


def _add_line(
    draft: Draft,
    item: Item,
    unit_said: str,
    qty_said_milli: int,
    qty_milli: int,
    split: TaxSplit,
    rate_bp: int,
    cost: int,
) -> None:
    draft.lines.append(
        VoucherLine(
            line_no=len(draft.lines) + 1,
            item_id=item.id,
            qty_said_milli=qty_said_milli,
            unit_said=unit_said,
            qty_milli=qty_milli,
            rate_paise=round_to_int(Decimal(split.total) * 1000 / qty_said_milli) if qty_said_milli else 0,
            taxable_paise=split.taxable,
            gst_rate_bp=rate_bp,
            cgst_paise=split.cgst,
            sgst_paise=split.sgst,
            igst_paise=split.igst,
            total_paise=split.total,
            cost_paise=cost,
        )
    )
    draft.line_names.append((item.name, item.unit))
    draft.total += split.total
    draft.taxable += split.taxable
    draft.add_tax(split.cgst, split.sgst, split.igst)


def _post_tax(draft: Draft, split: TaxSplit, side: str, sign: int) -> None:
    """Post a split's tax on the output (sales) or input (ITC) accounts, debit when sign > 0."""
    draft.post(f"gst_{side}_cgst", sign * split.cgst)
    draft.post(f"gst_{side}_sgst", sign * split.sgst)
    draft.post(f"gst_{side}_igst", sign * split.igst)


def _locked_items(uow: SqlUnitOfWork, shop_id: int, lines: Sequence[LineInput]) -> list[Item]:
    if not lines:
        raise InvalidArgument("items", "empty")
    found = [resolve_item(uow, shop_id, line.item) for line in lines]
    locked = lock_items(uow, shop_id, found)
    return [locked[item.id] for item in found]


def _inter_state(draft: Draft, place_of_supply: str | None = None) -> bool:
    party_state = draft.party.state_code if draft.party else None
    return is_inter_state(draft.shop.state_code, party_state, place_of_supply)


def _done(uow: SqlUnitOfWork, draft: Draft, count: int = 1) -> PostedVoucher:
    voucher = commit_draft(uow, draft, count=count)
    return posted(draft, voucher)


# -- sales and purchases -----------------------------------------------------------------------


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
    place_of_supply: str | None = None,
) -> PostedVoucher:
    """A sale. With `lines`: priced from the catalog unless a rate/amount is said, GST carved out of
    the inclusive price (CGST+SGST in the shop's state, IGST when the party's GSTIN is elsewhere;
    none for a composition shop), stock out at average cost. With only `amount` ("aaj 5000 ki
    bikri"): sales without stock moves, tax carved out at `gst_rate` when given (else none).
    `place_of_supply` (a state code) overrides the party's GSTIN state for the tax split."""
    d = _start(
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
    settle = payment_account(d.payment or "cash", party_kind=_party_kind(d), customer_side=True)
    composition = d.shop.gst_scheme == "composition"
    if place_of_supply is not None and not (len(place_of_supply) == 2 and place_of_supply.isdigit()):
        raise InvalidArgument("place_of_supply", "not_a_state_code")
    inter = _inter_state(d, place_of_supply)
    if lines:
        for line, item in zip(lines, _locked_items(uow, shop_id, lines), strict=True):
            unit_said, qty_said, qty = _quantities(item, line)
            gross = _gross(line, qty_said, qty, item.rate_paise)
            rate_bp = 0 if composition else _line_rate_bp(line, item)
            if item.price_includes_tax or line.amount is not None or line.rate is not None:
                split = carve_inclusive(gross, rate_bp, inter)
            else:
                split = add_exclusive(gross, rate_bp, inter)
            cost = outgoing_value(item, qty)
            move_stock(d, item, -qty, -cost, strict=strict_stock)
            _add_line(d, item, unit_said, qty_said, qty, split, rate_bp, cost)
            d.post("sales", -split.taxable)
            _post_tax(d, split, "output", -1)
            d.post("cogs", cost)
            d.post("stock", -cost)
    elif amount is not None:
        rate_bp = 0 if composition or gst_rate is None else rate_to_bp(gst_rate)
        split = carve_inclusive(positive_paise(amount), rate_bp, inter)
        d.total, d.taxable = split.total, split.taxable
        d.add_tax(split.cgst, split.sgst, split.igst)
        d.post("sales", -split.taxable)
        _post_tax(d, split, "output", -1)
    else:
        raise InvalidAmount(None, "missing")
    d.post(settle, d.total, d.party)
    return _done(uow, d)


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
    """A purchase. Lines priced by the said rate (GST-inclusive), else the item's average cost plus
    GST; or, from a supplier's invoice, by the printed taxable value, rate and tax. Input tax is
    credited (ITC) for a regular shop and added to stock cost for a composition shop. The same
    supplier's same `invoice_no` (case-insensitive, not undone) raises DuplicateInvoice."""
    d = _start(
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
    settle = payment_account(d.payment or "cash", party_kind=_party_kind(d), customer_side=False)
    regular = d.shop.gst_scheme == "regular"
    inter = _inter_state(d)
    if lines:
        for line, item in zip(lines, _locked_items(uow, shop_id, lines), strict=True):
            unit_said, qty_said, qty = _quantities(item, line)
            rate_bp = _line_rate_bp(line, item)
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
                split = carve_inclusive(_gross(line, qty_said, qty, 0), rate_bp, inter)
            else:
                split = add_exclusive(_gross(line, qty_said, qty, item.cost_paise), rate_bp, inter)
            value = split.taxable if regular else split.total
            move_stock(d, item, qty, value)
            _add_line(d, item, unit_said, qty_said, qty, split, rate_bp, value)
            d.post("stock", value)
            if regular:
                _post_tax(d, split, "input", +1)
    elif amount is not None:
        rate_bp = 0 if gst_rate is None else rate_to_bp(gst_rate)
        split = carve_inclusive(positive_paise(amount), rate_bp, inter)
        d.total, d.taxable = split.total, split.taxable
        d.add_tax(split.cgst, split.sgst, split.igst)
        if regular:
            d.post("purchases", split.taxable)
            _post_tax(d, split, "input", +1)
        else:
            d.post("purchases", split.total)
    else:
        raise InvalidAmount(None, "missing")
    d.post(settle, -d.total, d.party)
    return _done(uow, d)


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
    d = _start(
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
    settle = payment_account(d.payment or "cash", party_kind=_party_kind(d), customer_side=True)
    composition = d.shop.gst_scheme == "composition"
    inter = _inter_state(d)
    for line, item in zip(lines, _locked_items(uow, shop_id, lines), strict=True):
        unit_said, qty_said, qty = _quantities(item, line)
        gross = _gross(line, qty_said, qty, item.rate_paise)
        rate_bp = 0 if composition else _line_rate_bp(line, item)
        if item.price_includes_tax or line.amount is not None or line.rate is not None:
            split = carve_inclusive(gross, rate_bp, inter)
        else:
            split = add_exclusive(gross, rate_bp, inter)
        sold = uow.ledger.last_sale_unit_cost(shop_id, item.id, d.party.id if d.party else None)
        cost = round_to_int(Decimal(sold[0]) * qty / sold[1]) if sold else outgoing_value(item, qty)
        move_stock(d, item, qty, cost)
        _add_line(d, item, unit_said, qty_said, qty, split, rate_bp, cost)
        d.post("sales", split.taxable)
        _post_tax(d, split, "output", +1)
        d.post("stock", cost)
        d.post("cogs", -cost)
    d.post(settle, -d.total, d.party)
    return _done(uow, d)


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
    ledger debited (payment="credit") or cash/bank refunded; what the supplier allows above or
    below the average cost lands in cost of goods."""
    d = _start(
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
    settle = payment_account(d.payment or "credit", party_kind=_party_kind(d), customer_side=False)
    regular = d.shop.gst_scheme == "regular"
    inter = _inter_state(d)
    for line, item in zip(lines, _locked_items(uow, shop_id, lines), strict=True):
        unit_said, qty_said, qty = _quantities(item, line)
        rate_bp = _line_rate_bp(line, item)
        if line.amount is not None or line.rate is not None:
            split = carve_inclusive(_gross(line, qty_said, qty, 0), rate_bp, inter)
        else:
            split = add_exclusive(_gross(line, qty_said, qty, item.cost_paise), rate_bp, inter)
        value_out = outgoing_value(item, qty)
        move_stock(d, item, -qty, -value_out, strict=strict_stock)
        _add_line(d, item, unit_said, qty_said, qty, split, rate_bp, value_out)
        refund_value = split.taxable if regular else split.total
        d.post("stock", -value_out)
        d.post("cogs", value_out - refund_value)
        if regular:
            _post_tax(d, split, "input", -1)
    d.post(settle, d.total, d.party)
    return _done(uow, d)


# -- money in and out --------------------------------------------------------------------------


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
    account = expense_account(category)
    paise = positive_paise(amount)
    d = _start(
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
    settle = payment_account(d.payment or "cash", party_kind=_party_kind(d), customer_side=False)
    d.total = d.taxable = paise
    d.post(account, paise)
    d.post(settle, -paise, d.party)
    return _done(uow, d)


def _settlement(
    uow: SqlUnitOfWork,
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
    d = _start(
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
    return _done(uow, d)


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
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int | None,
    on: date,
    entries: Sequence[JournalEntry],
    narration: str | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """A free journal over account codes (see `domain.chart.CHART`); must balance (UnbalancedVoucher)."""
    d = _start(
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
    return _done(uow, d)


def post_opening_stock(
    uow: SqlUnitOfWork,
    shop_id: int,
    item: Item,
    qty_milli: int,
    value_paise: int,
    *,
    user_id: int | None,
    on: date,
) -> PostedVoucher:
    """Opening stock of a new item: a journal, stock Dr and capital Cr, with its stock move."""
    d = _start(
        uow,
        shop_id,
        "journal",
        user_id=user_id,
        on=on,
        party=None,
        payment=None,
        narration=f"opening stock: {item.name}",
        source_message_id=None,
    )
    locked = lock_items(uow, shop_id, [item])[item.id]
    move_stock(d, locked, qty_milli, value_paise)
    _add_line(d, locked, locked.unit, qty_milli, qty_milli, TaxSplit(value_paise, 0, 0, 0), 0, value_paise)
    d.post("stock", value_paise)
    d.post("capital", -value_paise)
    return _done(uow, d)


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
    against the stock adjustment (shrinkage) account. A count equal to the books posts an empty
    voucher, so the count itself is on record."""
    d = _start(
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
    _add_line(d, locked, unit_said, said, diff, TaxSplit(0, 0, 0, 0), 0, value)
    d.post("stock", value)
    d.post("stock_adjustment", -value)
    return _done(uow, d)


# -- undo and look-ups -------------------------------------------------------------------------


def undo_last(
    uow: SqlUnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """Reverse this user's latest voucher not yet reversed (and not itself a reversal) with a
    reversing voucher of the same type and series: postings negated, stock moves reversed at their
    original cost, totals negative. It is dated like the original, so every report of that day
    nets to zero (`on` is accepted for symmetry and not used). Returns the reversal (`reverses` =
    the original number). NothingToUndo."""
    shop = require_shop(uow, shop_id)
    require_user(uow, shop_id, user_id)
    original = uow.ledger.last_undoable(shop_id, user_id)
    if original is None:
        raise NothingToUndo(user_id)
    party = uow.parties.get(shop_id, original.party_id) if original.party_id else None
    d = Draft(
        shop=shop,
        type=original.type,
        on=original.date,
        user_id=user_id,
        party=party,
        payment=original.payment_mode,
        narration=f"undo {original.number}",
        category=original.category,
        source_message_id=source_message_id or None,
        reverses=original,
    )
    codes = {a.id: a.code for a in uow.accounts.by_code(shop_id).values()}
    for posting in uow.ledger.postings(shop_id, original.id):
        key = (codes[posting.account_id], posting.party_id)
        d.postings[key] = d.postings.get(key, 0) - posting.amount_paise
    moves = uow.ledger.moves(shop_id, original.id)
    items = {m.item_id: uow.items.get(shop_id, m.item_id) for m in moves}
    locked = lock_items(uow, shop_id, [i for i in items.values() if i is not None])
    for move in moves:
        move_stock(d, locked[move.item_id], -move.qty_milli, -move.value_paise)
    for line in uow.ledger.lines(shop_id, original.id):
        item = locked.get(line.item_id) or uow.items.get(shop_id, line.item_id)
        assert item is not None
        d.lines.append(
            VoucherLine(
                line_no=line.line_no,
                item_id=line.item_id,
                qty_said_milli=-line.qty_said_milli,
                unit_said=line.unit_said,
                qty_milli=-line.qty_milli,
                rate_paise=line.rate_paise,
                taxable_paise=-line.taxable_paise,
                gst_rate_bp=line.gst_rate_bp,
                cgst_paise=-line.cgst_paise,
                sgst_paise=-line.sgst_paise,
                igst_paise=-line.igst_paise,
                total_paise=-line.total_paise,
                cost_paise=-line.cost_paise,
            )
        )
        d.line_names.append((item.name, item.unit))
    d.total, d.taxable = -original.total_paise, -original.taxable_paise
    d.add_tax(-original.cgst_paise, -original.sgst_paise, -original.igst_paise)
    voucher = commit_draft(uow, d, count=-1)
    if not uow.ledger.mark_reversed(shop_id, original.id, voucher.id):
        raise NothingToUndo(user_id)
    return posted(d, voucher)


def _load(uow: SqlUnitOfWork, shop_id: int, voucher: Voucher) -> PostedVoucher:
    shop = require_shop(uow, shop_id)
    party: Party | None = uow.parties.get(shop_id, voucher.party_id) if voucher.party_id else None
    reverses = uow.ledger.get(shop_id, voucher.reverses_voucher_id) if voucher.reverses_voucher_id else None
    d = Draft(
        shop=shop,
        type=voucher.type,
        on=voucher.date,
        user_id=voucher.created_by_user_id,
        party=party,
        reverses=reverses,
    )
    for line in uow.ledger.lines(shop_id, voucher.id):
        item = uow.items.get(shop_id, line.item_id)
        assert item is not None
        d.lines.append(line)
        d.line_names.append((item.name, item.unit))
    return posted(d, voucher)


def find_by_source_message(uow: SqlUnitOfWork, shop_id: int, source_message_id: str) -> PostedVoucher | None:
    """The voucher posted for this message, if any (idempotent redelivery)."""
    voucher = uow.ledger.by_source_message(shop_id, source_message_id)
    return _load(uow, shop_id, voucher) if voucher else None


def get_voucher(uow: SqlUnitOfWork, shop_id: int, number: str) -> PostedVoucher:
    """A voucher by its number; UnknownVoucher."""
    voucher = uow.ledger.by_number(shop_id, number)
    if voucher is None:
        raise UnknownVoucher(number)
    return _load(uow, shop_id, voucher)


def last_voucher(
    uow: SqlUnitOfWork, shop_id: int, type: str | None = None, party: str | None = None
) -> PostedVoucher | None:
    """The latest live voucher of the shop (optionally of a type and/or party), e.g. for share_bill."""
    party_id = resolve_party(uow, shop_id, party).id if party else None
    voucher = uow.ledger.latest(shop_id, type, party_id)
    return _load(uow, shop_id, voucher) if voucher else None
