"""Lists for screens and the API: pages of vouchers (newest first, by a cursor), one voucher in full,
sales day by day, and the audit trail of a span of time. Money stays `Money`; rows are frozen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from domain.books.common import require_shop
from domain.books.reports import AGEING_BUCKETS
from domain.errors import InvalidArgument, UnknownVoucher
from domain.money import Money
from domain.units import from_milli

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class VoucherRow:
    id: int
    type: str
    number: str
    date: date
    party: str | None
    payment: str | None
    category: str | None
    narration: str | None
    total: Money
    taxable: Money
    tax: Money
    reverses: str | None
    reversed_by: str | None


@dataclass(frozen=True, slots=True)
class VoucherPage:
    rows: tuple[VoucherRow, ...]
    next_before: int | None  # pass as `before` for the next page; None at the end


@dataclass(frozen=True, slots=True)
class LineRow:
    item: str
    qty: Decimal
    unit: str
    rate: Money
    taxable: Money
    gst_rate_bp: int
    tax: Money
    total: Money


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    user: str
    role: str
    tool: str
    source: str | None
    voucher: str | None
    args: dict[str, Any]
    result: dict[str, Any]


def voucher_page(uow: SqlUnitOfWork, shop_id: int, *, types: tuple[str, ...] | None = None,
                 start: date | None = None, end: date | None = None, before: int | None = None,
                 limit: int = 50) -> VoucherPage:
    require_shop(uow, shop_id)
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidArgument("limit", "out_of_range")
    if start and end and end < start:
        raise InvalidArgument("to", "before_from")
    raw = uow.exchange.voucher_page(shop_id, types, start, end, before, limit + 1)
    rows = tuple(
        VoucherRow(i, t, n, d, p, pay, cat, nar, Money(int(tot)), Money(int(tx)), Money(int(tax)), rev, rby)
        for i, t, n, d, p, pay, cat, nar, tot, tx, tax, rev, rby in raw[:limit]
    )
    return VoucherPage(rows, rows[-1].id if len(raw) > limit else None)


def _name(party: Any) -> str | None:
    return party.name if party is not None else None


def _number(voucher: Any) -> str | None:
    return voucher.number if voucher is not None else None


def voucher_detail(uow: SqlUnitOfWork, shop_id: int, number: str) -> tuple[VoucherRow, tuple[LineRow, ...]]:
    """The voucher with that number and its item lines; UnknownVoucher."""
    require_shop(uow, shop_id)
    found = uow.exchange.voucher_detail(shop_id, number)
    if found is None:
        raise UnknownVoucher(number)
    v, lines = found
    party = _name(uow.parties.get(shop_id, v.party_id)) if v.party_id else None
    reverses = _number(uow.ledger.get(shop_id, v.reverses_voucher_id)) if v.reverses_voucher_id else None
    reversed_by = _number(uow.ledger.get(shop_id, v.reversed_by_voucher_id)) if v.reversed_by_voucher_id else None
    row = VoucherRow(v.id, v.type, v.number, v.date, party, v.payment_mode, v.category, v.narration,
                     Money(v.total_paise), Money(v.taxable_paise),
                     Money(v.cgst_paise + v.sgst_paise + v.igst_paise), reverses, reversed_by)
    return row, tuple(
        LineRow(item, from_milli(int(q)), unit, Money(int(rate)), Money(int(tx)), int(bp), Money(int(tax)),
                Money(int(tot)))
        for item, unit, q, rate, tx, bp, tax, tot in lines
    )


def daily_sales(uow: SqlUnitOfWork, shop_id: int, end: date, days: int = 7) -> list[tuple[date, Money]]:
    """Sales net of returns, GST included, for each of the `days` days ending on `end`."""
    require_shop(uow, shop_id)
    start = end - timedelta(days=days - 1)
    totals = uow.exchange.daily_totals(shop_id, start, end, ("sale", "sale_return"))
    return [
        (day, Money(totals.get((day, "sale"), 0) - totals.get((day, "sale_return"), 0)))
        for day in (start + timedelta(days=i) for i in range(days))
    ]


def audit_trail(uow: SqlUnitOfWork, shop_id: int, start: date, end: date, limit: int = 200) -> list[AuditRow]:
    """The writes made on the shop's days from `start` to `end`, oldest first."""
    require_shop(uow, shop_id)
    return [AuditRow(*row) for row in uow.access.audit_between(shop_id, start, end, limit)]


@dataclass(frozen=True, slots=True)
class DueParty:
    party: str
    phone: str | None
    balance: Money
    days: int  # since the oldest bill the balance still holds


@dataclass(frozen=True, slots=True)
class Dues:
    """What customers owe: the total, aged FIFO as `reports.outstanding` ages it, and the largest few."""

    total: Money
    ageing: dict[str, Money]
    parties: tuple[DueParty, ...]


def dues(uow: SqlUnitOfWork, shop_id: int, as_of: date, top: int = 10) -> Dues:
    """Receivables aged in one grouped pass: a party's balance is its newest bills (payments settle the
    oldest first), so it fills the 0-30 days' bills, then 31-60, 61-90, then older ones; a balance no
    bill explains is aged from `as_of` (0-30). Days since the oldest unpaid bill for the `top` only."""
    require_shop(uow, shop_id)
    starts = (as_of - timedelta(days=30), as_of - timedelta(days=60), as_of - timedelta(days=90))
    rows = uow.exchange.receivable_windows(shop_id, starts)
    totals = dict.fromkeys(AGEING_BUCKETS, 0)
    for _, _, _, balance, w0, w1, w2, ever in rows:
        left = int(balance)
        for bucket, billed in zip(AGEING_BUCKETS, (int(w0), int(w1), int(w2), int(ever) - int(w0) - int(w1) - int(w2)),
                                  strict=True):
            taken = min(left, max(billed, 0))
            totals[bucket] += taken
            left -= taken
        totals[AGEING_BUCKETS[0]] += left
    largest = sorted(rows, key=lambda r: (-int(r[3]), r[1]))[:top]
    oldest = uow.exchange.oldest_unpaid_bill(shop_id, [int(r[0]) for r in largest])
    parties = tuple(
        DueParty(name, phone, Money(int(balance)), max((as_of - oldest.get(int(pid), as_of)).days, 0))
        for pid, name, phone, balance, *_ in largest
    )
    return Dues(Money(sum(int(r[3]) for r in rows)), {b: Money(v) for b, v in totals.items()}, parties)
