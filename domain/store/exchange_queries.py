"""Read queries for the exports (Tally XML, Excel) and the API's lists: a period's vouchers with their
postings and item lines, pages of vouchers, one voucher in full, daily totals. Every query takes the shop id; rows are plain tuples.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from domain.store.models import (
    Account,
    Item,
    Party,
    PartyDayTotal,
    Posting,
    StockMove,
    Voucher,
    VoucherDayTotal,
    VoucherLine,
)


class ExchangeQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def vouchers(self, shop_id: int, start: date, end: date) -> list[tuple[Any, ...]]:
        """(id, type, number, date, party, party GSTIN, payment mode, category, narration, supplier's
        invoice no, total, taxable, cgst, sgst, igst, number reversed, created at)."""
        original = aliased(Voucher)
        stmt = (
            select(
                Voucher.id, Voucher.type, Voucher.number, Voucher.date, Party.name, Party.gstin,
                Voucher.payment_mode, Voucher.category, Voucher.narration, Voucher.invoice_no,
                Voucher.total_paise, Voucher.taxable_paise, Voucher.cgst_paise, Voucher.sgst_paise,
                Voucher.igst_paise, original.number, Voucher.created_at,
            )
            .outerjoin(Party, and_(Party.id == Voucher.party_id, Party.shop_id == shop_id))
            .outerjoin(original, original.id == Voucher.reverses_voucher_id)
            .where(Voucher.shop_id == shop_id, Voucher.date >= start, Voucher.date <= end)
            .order_by(Voucher.date, Voucher.id)
        )
        return [tuple(row) for row in self.session.execute(stmt)]

    def postings(self, shop_id: int, start: date, end: date) -> list[tuple[Any, ...]]:
        """(voucher id, account code, account name, account kind, party, amount paise; debit positive)."""
        stmt = (
            select(Posting.voucher_id, Account.code, Account.name, Account.kind, Party.name, Posting.amount_paise)
            .join(Account, and_(Account.id == Posting.account_id, Account.shop_id == shop_id))
            .outerjoin(Party, and_(Party.id == Posting.party_id, Party.shop_id == shop_id))
            .where(Posting.shop_id == shop_id, Posting.date >= start, Posting.date <= end)
            .order_by(Posting.voucher_id, Posting.id)
        )
        return [tuple(row) for row in self.session.execute(stmt)]

    def lines(self, shop_id: int, start: date, end: date) -> list[tuple[Any, ...]]:
        """(voucher id, item, item unit, HSN, qty milli in the item's unit, taxable, GST rate bp, cgst,
        sgst, igst, total)."""
        stmt = (
            select(
                VoucherLine.voucher_id, Item.name, Item.unit, Item.hsn, VoucherLine.qty_milli,
                VoucherLine.taxable_paise, VoucherLine.gst_rate_bp, VoucherLine.cgst_paise,
                VoucherLine.sgst_paise, VoucherLine.igst_paise, VoucherLine.total_paise,
            )
            .join(Item, and_(Item.id == VoucherLine.item_id, Item.shop_id == shop_id))
            .where(VoucherLine.shop_id == shop_id, VoucherLine.date >= start, VoucherLine.date <= end)
            .order_by(VoucherLine.voucher_id, VoucherLine.line_no)
        )
        return [tuple(row) for row in self.session.execute(stmt)]

    def account_balances(self, shop_id: int, before: date) -> dict[str, int]:
        """Each account's balance (by code, debit positive) over the postings dated before `before`."""
        stmt = (
            select(Account.code, func.coalesce(func.sum(Posting.amount_paise), 0))
            .join(Posting, and_(Posting.account_id == Account.id, Posting.shop_id == shop_id,
                                Posting.date < before), isouter=True)
            .where(Account.shop_id == shop_id)
            .group_by(Account.code)
        )
        return {code: int(total) for code, total in self.session.execute(stmt)}

    def stock_moves(self, shop_id: int, start: date, end: date) -> list[tuple[Any, ...]]:
        """(date, voucher number, voucher type, item, unit, qty milli, value paise)."""
        stmt = (
            select(StockMove.date, Voucher.number, Voucher.type, Item.name, Item.unit, StockMove.qty_milli,
                   StockMove.value_paise)
            .join(Voucher, Voucher.id == StockMove.voucher_id)
            .join(Item, and_(Item.id == StockMove.item_id, Item.shop_id == shop_id))
            .where(StockMove.shop_id == shop_id, StockMove.date >= start, StockMove.date <= end)
            .order_by(StockMove.date, StockMove.id)
        )
        return [tuple(row) for row in self.session.execute(stmt)]

    def voucher_page(self, shop_id: int, types: tuple[str, ...] | None, start: date | None, end: date | None,
                     before_id: int | None, limit: int) -> list[tuple[Any, ...]]:
        """Vouchers newest first (by id), `limit` of them below the cursor `before_id`: (id, type,
        number, date, party, payment mode, category, narration, total, taxable, cgst+sgst+igst,
        number reversed, reversed by)."""
        original = aliased(Voucher)
        reversal = aliased(Voucher)
        stmt = (
            select(
                Voucher.id, Voucher.type, Voucher.number, Voucher.date, Party.name, Voucher.payment_mode,
                Voucher.category, Voucher.narration, Voucher.total_paise, Voucher.taxable_paise,
                Voucher.cgst_paise + Voucher.sgst_paise + Voucher.igst_paise, original.number, reversal.number,
            )
            .outerjoin(Party, and_(Party.id == Voucher.party_id, Party.shop_id == shop_id))
            .outerjoin(original, original.id == Voucher.reverses_voucher_id)
            .outerjoin(reversal, reversal.id == Voucher.reversed_by_voucher_id)
            .where(Voucher.shop_id == shop_id)
            .order_by(Voucher.id.desc())
            .limit(limit)
        )
        if types:
            stmt = stmt.where(Voucher.type.in_(types))
        if start is not None:
            stmt = stmt.where(Voucher.date >= start)
        if end is not None:
            stmt = stmt.where(Voucher.date <= end)
        if before_id is not None:
            stmt = stmt.where(Voucher.id < before_id)
        return [tuple(row) for row in self.session.execute(stmt)]

    def voucher_detail(self, shop_id: int, number: str) -> tuple[Any, list[tuple[Any, ...]]] | None:
        """The voucher with that number and its item lines (item, unit said, qty said milli, rate,
        taxable, GST rate bp, tax, total), or None."""
        voucher = self.session.scalar(
            select(Voucher).where(Voucher.shop_id == shop_id, Voucher.number == number.strip().upper())
        )
        if voucher is None:
            return None
        lines = self.session.execute(
            select(Item.name, VoucherLine.unit_said, VoucherLine.qty_said_milli, VoucherLine.rate_paise,
                   VoucherLine.taxable_paise, VoucherLine.gst_rate_bp,
                   VoucherLine.cgst_paise + VoucherLine.sgst_paise + VoucherLine.igst_paise, VoucherLine.total_paise)
            .join(Item, and_(Item.id == VoucherLine.item_id, Item.shop_id == shop_id))
            .where(VoucherLine.shop_id == shop_id, VoucherLine.voucher_id == voucher.id)
            .order_by(VoucherLine.line_no)
        )
        return voucher, [tuple(row) for row in lines]

    def daily_totals(self, shop_id: int, start: date, end: date, types: tuple[str, ...]) -> dict[tuple[date, str], int]:
        """(day, type) -> GST-inclusive total of that day's vouchers of the type, net of undos."""
        stmt = (
            select(VoucherDayTotal.date, VoucherDayTotal.type, func.sum(VoucherDayTotal.total_paise))
            .where(VoucherDayTotal.shop_id == shop_id, VoucherDayTotal.date >= start, VoucherDayTotal.date <= end,
                   VoucherDayTotal.type.in_(types))
            .group_by(VoucherDayTotal.date, VoucherDayTotal.type)
        )
        return {(d, t): int(s or 0) for d, t, s in self.session.execute(stmt)}

    def receivable_windows(self, shop_id: int, starts: tuple[date, date, date]) -> list[tuple[Any, ...]]:
        """Per party that owes the shop: (id, name, phone, balance, billed on or after starts[0], billed in
        [starts[1], starts[0]), billed in [starts[2], starts[1]), billed ever) — one grouped pass."""
        s0, s1, s2 = starts
        debit = PartyDayTotal.debit_paise
        windows = (
            func.coalesce(func.sum(case((PartyDayTotal.date >= s0, debit), else_=0)), 0),
            func.coalesce(func.sum(case((and_(PartyDayTotal.date >= s1, PartyDayTotal.date < s0), debit), else_=0)), 0),
            func.coalesce(func.sum(case((and_(PartyDayTotal.date >= s2, PartyDayTotal.date < s1), debit), else_=0)), 0),
            func.coalesce(func.sum(debit), 0),
        )
        stmt = (
            select(Party.id, Party.name, Party.phone, Party.balance_paise, *windows)
            .outerjoin(PartyDayTotal, and_(PartyDayTotal.shop_id == shop_id, PartyDayTotal.party_id == Party.id,
                                           PartyDayTotal.debit_paise > 0))
            .where(Party.shop_id == shop_id, Party.balance_paise > 0)
            .group_by(Party.id, Party.name, Party.phone, Party.balance_paise)
        )
        return [tuple(row) for row in self.session.execute(stmt)]

    def oldest_unpaid_bill(self, shop_id: int, party_ids: list[int]) -> dict[int, date]:
        """For these parties (owing the shop): the day of the oldest bill their balance still holds,
        bills being paid oldest first (so the balance is the newest bills)."""
        if not party_ids:
            return {}
        running = func.sum(PartyDayTotal.debit_paise).over(
            partition_by=PartyDayTotal.party_id, order_by=PartyDayTotal.date.desc())
        bills = (
            select(PartyDayTotal.party_id.label("party_id"), PartyDayTotal.date.label("date"),
                   PartyDayTotal.debit_paise.label("amount"), running.label("running"),
                   Party.balance_paise.label("balance"))
            .join(Party, and_(Party.id == PartyDayTotal.party_id, Party.shop_id == shop_id))
            .where(PartyDayTotal.shop_id == shop_id, PartyDayTotal.party_id.in_(party_ids),
                   PartyDayTotal.debit_paise > 0)
            .subquery()
        )
        stmt = (
            select(bills.c.party_id, func.min(bills.c.date))
            .where(bills.c.running - bills.c.amount < bills.c.balance)
            .group_by(bills.c.party_id)
        )
        return {int(p): d for p, d in self.session.execute(stmt)}
