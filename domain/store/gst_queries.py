"""GST queries: a period's sales, credit notes, purchases and debit notes with their parties and
item lines, in two indexed selects (vouchers, then lines), for the returns in `domain.gst`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.gst.model import GstDoc, GstLine
from domain.store.models import Item, Party, Voucher, VoucherLine

GST_TYPES = ("sale", "sale_return", "purchase", "purchase_return")
BATCH = 20_000  # rows fetched at a time: the month is read in bulk without holding every raw row


class GstQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def documents(self, shop_id: int, start: date, end: date, types: tuple[str, ...] = GST_TYPES) -> list[GstDoc]:
        """Every voucher of `types` dated in [start, end] (undone ones and undos included), in
        number order, each with its lines."""
        stmt = (
            select(Voucher.id, Voucher.type, Voucher.number, Voucher.date, Voucher.total_paise,
                   Voucher.taxable_paise, Voucher.cgst_paise, Voucher.sgst_paise, Voucher.igst_paise,
                   Party.name, Party.gstin, Party.state_code, Party.address, Party.city, Party.pincode,
                   Party.phone, Voucher.place_of_supply, Voucher.reverses_voucher_id, Voucher.reversed_by_voucher_id)
            .outerjoin(Party, Party.id == Voucher.party_id)
            .where(Voucher.shop_id == shop_id, Voucher.date >= start, Voucher.date <= end, Voucher.type.in_(types))
            .order_by(Voucher.id)
        )
        connection = self.session.connection()
        docs = {row[0]: GstDoc(*row) for part in connection.execute(stmt).partitions(BATCH) for row in part}
        if not docs:
            return []
        lines = (
            select(VoucherLine.voucher_id, Item.name, Item.hsn, Item.unit, VoucherLine.qty_milli,
                   VoucherLine.gst_rate_bp, VoucherLine.taxable_paise, VoucherLine.cgst_paise,
                   VoucherLine.sgst_paise, VoucherLine.igst_paise, Item.gst_rate_bp)
            .join(Voucher, Voucher.id == VoucherLine.voucher_id)
            .join(Item, Item.id == VoucherLine.item_id)
            .where(VoucherLine.shop_id == shop_id, Voucher.shop_id == shop_id, VoucherLine.date >= start,
                   VoucherLine.date <= end, Voucher.type.in_(types))
            .order_by(VoucherLine.voucher_id, VoucherLine.line_no)
        )
        for part in connection.execute(lines).partitions(BATCH):
            for voucher_id, *rest in part:
                doc = docs.get(voucher_id)
                if doc is not None:
                    doc.lines.append(GstLine(*rest))
        return list(docs.values())

    def document(self, shop_id: int, number: str) -> GstDoc | None:
        """One voucher by its number (case-insensitive), with its lines."""
        found = self.session.execute(
            select(Voucher.date, Voucher.type).where(Voucher.shop_id == shop_id, Voucher.number == number.strip().upper())
        ).first()
        if found is None:
            return None
        day, kind = found
        return next((d for d in self.documents(shop_id, day, day, (kind,)) if d.number == number.strip().upper()), None)
