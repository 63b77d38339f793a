"""Reads for the insight room: daily units sold per item from the stock moves, purchases per item and
supplier, and sales per customer. Every query takes the shop id; undone vouchers and their reversals
are left out (a reversal cancels its original).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.store.models import Item, Party, StockMove, Voucher, VoucherLine


def _live(stmt):
    return stmt.where(Voucher.reversed_by_voucher_id.is_(None), Voucher.reverses_voucher_id.is_(None))


class InsightQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def daily_units_sold(self, shop_id: int, start: date, end: date) -> list[tuple[int, date, int]]:
        """(item id, day, milli-units sold net of returns) from the stock moves of sales and returns."""
        sold = -func.sum(StockMove.qty_milli)
        stmt = (
            select(StockMove.item_id, StockMove.date, sold)
            .join(Voucher, Voucher.id == StockMove.voucher_id)
            .where(StockMove.shop_id == shop_id, Voucher.shop_id == shop_id, StockMove.date >= start,
                   StockMove.date <= end, Voucher.type.in_(("sale", "sale_return")))
            .group_by(StockMove.item_id, StockMove.date)
        )
        return [(int(i), d, int(q or 0)) for i, d, q in self.session.execute(_live(stmt))]

    def purchases_in(self, shop_id: int, start: date) -> list[tuple[int, int | None, date, int]]:
        """(item id, supplier id or None, day, milli-units received) of the purchases since `start`."""
        stmt = (
            select(StockMove.item_id, Voucher.party_id, StockMove.date, func.sum(StockMove.qty_milli))
            .join(Voucher, Voucher.id == StockMove.voucher_id)
            .where(StockMove.shop_id == shop_id, Voucher.shop_id == shop_id, StockMove.date >= start,
                   Voucher.type == "purchase")
            .group_by(StockMove.item_id, Voucher.party_id, StockMove.date)
        )
        return [(int(i), p, d, int(q or 0)) for i, p, d, q in self.session.execute(_live(stmt))]

    def customer_sales(self, shop_id: int, start: date, end: date) -> list[tuple[Any, ...]]:
        """(party id, party name, day, GST-inclusive paise, payment mode) of each sale to a named customer."""
        stmt = (
            select(Voucher.party_id, Party.name, Voucher.date, Voucher.total_paise, Voucher.payment_mode)
            .join(Party, Party.id == Voucher.party_id)
            .where(Voucher.shop_id == shop_id, Party.shop_id == shop_id, Voucher.type == "sale",
                   Voucher.date >= start, Voucher.date <= end)
            .order_by(Voucher.date)
        )
        return [tuple(row) for row in self.session.execute(_live(stmt))]

    def settlements(self, shop_id: int, start: date, end: date, voucher_type: str) -> list[tuple[int, int]]:
        """(party id, paise) settled per party since `start` by receipts ('receipt') or payments ('payment')."""
        stmt = (
            select(Voucher.party_id, func.sum(Voucher.total_paise))
            .where(Voucher.shop_id == shop_id, Voucher.type == voucher_type, Voucher.party_id.is_not(None),
                   Voucher.date >= start, Voucher.date <= end)
            .group_by(Voucher.party_id)
        )
        return [(int(p), int(s or 0)) for p, s in self.session.execute(_live(stmt))]

    def sale_lines(self, shop_id: int, start: date, end: date) -> list[tuple[Any, ...]]:
        """(voucher number, day, created at, party id, voucher total paise, item id, unit said, qty said milli,
        rate paise as charged, the item's unit and catalog rate paise) of every sale line in the days."""
        stmt = (
            select(Voucher.number, Voucher.date, Voucher.created_at, Voucher.party_id, Voucher.total_paise,
                   VoucherLine.item_id, VoucherLine.unit_said, VoucherLine.qty_said_milli, VoucherLine.rate_paise,
                   Item.unit, Item.rate_paise)
            .join(VoucherLine, VoucherLine.voucher_id == Voucher.id)
            .join(Item, Item.id == VoucherLine.item_id)
            .where(Voucher.shop_id == shop_id, VoucherLine.shop_id == shop_id, Item.shop_id == shop_id,
                   Voucher.type == "sale", Voucher.date >= start, Voucher.date <= end)
            .order_by(Voucher.created_at)
        )
        return [tuple(row) for row in self.session.execute(_live(stmt))]
