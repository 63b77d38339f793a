"""The posting engine under every voucher: a draft collects postings, item lines and stock moves;
`commit_draft` checks it balances (UnbalancedVoucher otherwise), refuses a message already posted,
numbers it in its series, writes it and the per-day totals, and moves party balances.

Stock is valued at the moving weighted average: an outgoing move takes the current average cost
(all of the value when it empties the stock exactly), an incoming move adds its own cost.
Stock on hand is never left valued at nothing or less while its cost is known (see
`revaluation`): when stock bought back after being oversold, or goods left after an undo, cannot
be valued by the running total, they are revalued, the difference booked to cost of goods in the
same voucher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.books.types import PostedLine, PostedVoucher
from domain.chart import PARTY_ACCOUNTS
from domain.errors import DuplicateMessage, InsufficientStock, UnbalancedVoucher
from domain.gst import bp_to_rate
from domain.money import Money, round_to_int
from domain.periods import financial_year_label
from domain.store.models import Item, Party, Posting, Shop, StockMove, Voucher, VoucherLine
from domain.units import from_milli

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork

SERIES_PREFIX = {
    "sale": "SL",
    "purchase": "PU",
    "sale_return": "SR",
    "purchase_return": "PR",
    "receipt": "RC",
    "payment": "PY",
    "expense": "EX",
    "journal": "JV",
    "stock_adjustment": "SA",
}


def voucher_number(voucher_type: str, on: date, n: int) -> str:
    """`SL/26-27/0001`: upper case, `[A-Z0-9/-]`, starts with a letter, at most 16 characters."""
    number = f"{SERIES_PREFIX[voucher_type]}/{financial_year_label(on)}/{n:04d}"
    if len(number) > 16:
        raise OverflowError(number)
    return number


@dataclass
class Draft:
    shop: Shop
    type: str
    on: date
    user_id: int | None
    party: Party | None = None
    payment: str | None = None
    narration: str | None = None
    category: str | None = None
    invoice_no: str | None = None
    place_of_supply: str | None = None
    source_message_id: str | None = None
    reverses: Voucher | None = None
    postings: dict[tuple[str, int | None], int] = field(default_factory=dict)
    lines: list[VoucherLine] = field(default_factory=list)
    line_names: list[tuple[str, str]] = field(default_factory=list)  # (item name, item unit)
    moves: list[tuple[Item, int, int]] = field(default_factory=list)  # (item, qty_milli, value_paise)
    total: int = 0
    taxable: int = 0
    cgst: int = 0
    sgst: int = 0
    igst: int = 0
    negative_stock: list[str] = field(default_factory=list)

    def post(self, account: str, amount_paise: int, party: Party | None = None) -> None:
        """Debit positive, credit negative; the party only rides on debtors and creditors."""
        if not amount_paise:
            return
        party_id = party.id if party is not None and account in PARTY_ACCOUNTS else None
        key = (account, party_id)
        self.postings[key] = self.postings.get(key, 0) + amount_paise

    def add_tax(self, cgst: int, sgst: int, igst: int) -> None:
        self.cgst += cgst
        self.sgst += sgst
        self.igst += igst


def lock_items(uow: UnitOfWork, shop_id: int, items: list[Item]) -> dict[int, Item]:
    """Lock every item of a voucher, in id order (so two writers never wait on each other in a circle)."""
    return uow.items.lock_many(shop_id, (item.id for item in items))


def outgoing_value(item: Item, qty_milli: int) -> int:
    """The cost of `qty_milli` leaving at the current weighted average."""
    if item.stock_milli > 0:
        if qty_milli <= item.stock_milli:
            return round_to_int(Decimal(item.stock_value_paise) * qty_milli / item.stock_milli)
        unit_cost = Decimal(item.stock_value_paise) * 1000 / item.stock_milli
        return item.stock_value_paise + round_to_int(unit_cost * (qty_milli - item.stock_milli) / 1000)
    return round_to_int(Decimal(item.cost_paise) * qty_milli / 1000)


def revaluation(item: Item, qty_milli: int, value_paise: int) -> int:
    """What the stock on hand must be revalued by after this move, so that stock on hand is valued
    at what it cost. Only two cases cannot be left to the running total:
    - the stock was at or below zero and the move brings it above: the goods on hand are the ones
      just received, at their own unit cost (the goods sold short had been costed at the old
      average; this corrects their cost);
    - the value has run out while goods remain (an undo took out a purchase at what it cost after
      its goods were sold at a lower average): they keep the last known unit cost.
    Otherwise 0. The item is read before the move is applied."""
    after = item.stock_milli + qty_milli
    if after <= 0:
        return 0
    held = item.stock_value_paise + value_paise
    if item.stock_milli <= 0 < qty_milli:
        worth = round_to_int(Decimal(value_paise) * after / qty_milli)
    elif held <= 0:
        worth = round_to_int(Decimal(item.cost_paise) * after / 1000)
    else:
        return 0
    return worth - held


def move_stock(draft: Draft, item: Item, qty_milli: int, value_paise: int, *, strict: bool = False) -> None:
    """Apply a stock move to the (locked) item and record it; negative stock is allowed and noted,
    or refused with InsufficientStock when `strict`. A `revaluation` the move calls for is posted
    here (stock against cost of goods) and recorded in the move, so the stock stays the sum of its
    moves and an undo takes it back with the move. The item's unit cost follows the average while
    the stock on hand has a value, and is otherwise the last known one."""
    after = item.stock_milli + qty_milli
    if qty_milli < 0 and after < 0:
        if strict:
            raise InsufficientStock(
                item.name, from_milli(max(item.stock_milli, 0)), from_milli(-qty_milli), item.unit
            )
        if item.name not in draft.negative_stock:
            draft.negative_stock.append(item.name)
    revalued = revaluation(item, qty_milli, value_paise)
    draft.post("stock", revalued)
    draft.post("cogs", -revalued)
    item.stock_milli = after
    item.stock_value_paise += value_paise + revalued
    if item.stock_milli > 0 and item.stock_value_paise > 0:
        item.cost_paise = round_to_int(Decimal(item.stock_value_paise) * 1000 / item.stock_milli)
    draft.moves.append((item, qty_milli, value_paise + revalued))


def commit_draft(uow: UnitOfWork, draft: Draft, *, count: int = 1) -> Voucher:
    """Write the draft as a voucher; raises UnbalancedVoucher or DuplicateMessage first."""
    difference = sum(draft.postings.values())
    if difference != 0:
        raise UnbalancedVoucher(difference)
    shop_id = draft.shop.id
    if draft.source_message_id:
        earlier = uow.ledger.by_source_message(shop_id, draft.source_message_id)
        if earlier is not None:
            raise DuplicateMessage(draft.source_message_id, earlier.number)
    n = uow.ledger.next_number(shop_id, draft.type, financial_year_label(draft.on), SERIES_PREFIX[draft.type])
    accounts = uow.accounts.by_code(shop_id)
    voucher = Voucher(
        shop_id=shop_id,
        type=draft.type,
        number=voucher_number(draft.type, draft.on, n),
        date=draft.on,
        party_id=draft.party.id if draft.party else None,
        payment_mode=draft.payment,
        category=draft.category,
        narration=(draft.narration or None) and draft.narration[:500],
        invoice_no=draft.invoice_no,
        invoice_no_key=draft.invoice_no.strip().upper() if draft.invoice_no else None,
        place_of_supply=draft.place_of_supply,
        source_message_id=draft.source_message_id,
        created_by_user_id=draft.user_id,
        created_at=datetime.now(UTC),
        total_paise=draft.total,
        taxable_paise=draft.taxable,
        cgst_paise=draft.cgst,
        sgst_paise=draft.sgst,
        igst_paise=draft.igst,
        reverses_voucher_id=draft.reverses.id if draft.reverses else None,
    )
    postings = [
        Posting(account_id=accounts[code].id, party_id=party_id, amount_paise=amount)
        for (code, party_id), amount in sorted(
            draft.postings.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)
        )
        if amount
    ]
    moves = [StockMove(item_id=item.id, qty_milli=q, value_paise=v) for item, q, v in draft.moves]
    uow.ledger.add(voucher, draft.lines, postings, moves)

    by_account: dict[int, int] = {}
    party_delta: dict[int, int] = {}
    party_days: dict[int, tuple[int, int]] = {}
    for posting in postings:
        amount = posting.amount_paise
        by_account[posting.account_id] = by_account.get(posting.account_id, 0) + amount
        if posting.party_id is not None:
            party_delta[posting.party_id] = party_delta.get(posting.party_id, 0) + amount
            # A reversal takes back what its original billed or settled, on the original's day.
            debit, credit = party_days.get(posting.party_id, (0, 0))
            if (amount > 0) != (draft.reverses is not None):
                debit += amount
            else:
                credit -= amount
            party_days[posting.party_id] = (debit, credit)
    items: dict[int, tuple[int, int, int]] = {}
    if draft.type in ("sale", "sale_return"):
        sign = 1 if draft.type == "sale" else -1
        for line in draft.lines:
            q, s, c = items.get(line.item_id, (0, 0, 0))
            items[line.item_id] = (
                q + sign * line.qty_milli,
                s + sign * line.taxable_paise,
                c + sign * line.cost_paise,
            )
    for party_id in sorted(party_delta):
        uow.parties.add_to_balance(shop_id, party_id, party_delta[party_id])
    uow.ledger.bump_day_totals(
        shop_id,
        draft.on,
        by_account,
        items,
        party_days,
        draft.type,
        draft.payment or "none",
        count,
        draft.total,
    )
    return voucher


def posted(draft: Draft, voucher: Voucher) -> PostedVoucher:
    """The plain result of a committed draft."""
    lines = tuple(
        PostedLine(
            item=name,
            qty=from_milli(line.qty_said_milli),
            unit=line.unit_said,
            item_qty=from_milli(line.qty_milli),
            item_unit=unit,
            rate=Money(line.rate_paise),
            taxable=Money(line.taxable_paise),
            gst_rate=bp_to_rate(line.gst_rate_bp),
            cgst=Money(line.cgst_paise),
            sgst=Money(line.sgst_paise),
            igst=Money(line.igst_paise),
            total=Money(line.total_paise),
            cost=Money(line.cost_paise),
        )
        for line, (name, unit) in zip(draft.lines, draft.line_names, strict=True)
    )
    return PostedVoucher(
        id=voucher.id,
        number=voucher.number,
        type=voucher.type,
        date=voucher.date,
        party=draft.party.name if draft.party else None,
        payment=voucher.payment_mode,
        total=Money(voucher.total_paise),
        taxable=Money(voucher.taxable_paise),
        cgst=Money(voucher.cgst_paise),
        sgst=Money(voucher.sgst_paise),
        igst=Money(voucher.igst_paise),
        lines=lines,
        narration=voucher.narration,
        category=voucher.category,
        invoice_no=voucher.invoice_no,
        place_of_supply=voucher.place_of_supply,
        reverses=draft.reverses.number if draft.reverses else None,
        party_balance=Money(draft.party.balance_paise) if draft.party else None,
        negative_stock=tuple(draft.negative_stock),
    )
