"""Reads for the insight room: daily units sold per item from the stock moves, purchases per item and
supplier, and sales per customer. Every query takes the shop id; undone vouchers and their reversals
are left out (a reversal cancels its original).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.store.models import Party, StockMove, Voucher


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
