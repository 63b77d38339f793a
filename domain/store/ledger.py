"""The ledger repository: number series, vouchers with their postings, item lines and stock moves,
and the per-day totals kept in the same transaction (upserts that add, on SQLite and PostgreSQL).

Locks are taken in one order — number series, items (by id), party balances, day totals (by key) —
so concurrent writers queue instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, and_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.errors import DuplicateInvoice, DuplicateMessage
from domain.store.models import (
    AccountDayTotal,
    ItemDayTotal,
    NumberSeries,
    PartyDayTotal,
    Posting,
    StockMove,
    Voucher,
    VoucherDayTotal,
    VoucherLine,
)

_UPSERTS: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Any] = {}


def _upsert_statement(dialect: str, table: Table, keys: tuple[str, ...], values: tuple[str, ...]) -> Any:
    """One INSERT ... ON CONFLICT DO UPDATE (add) per dialect, table and column set, built once: its
    rows come as bound parameters, so SQLAlchemy compiles it once and reuses it from its cache."""
    cache_key = (dialect, table.name, keys, values)
    stmt = _UPSERTS.get(cache_key)
    if stmt is None:
        ins: Any = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
        stmt = ins.on_conflict_do_update(
            index_elements=list(keys), set_={c: table.c[c] + ins.excluded[c] for c in values}
        )
        _UPSERTS[cache_key] = stmt
    return stmt


def upsert_add(session: Session, table: Table, keys: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """Insert rows, or add their value columns to the rows already there (sorted, to lock in order;
    one statement executed for all the rows)."""
    if not rows:
        return
    rows = sorted(rows, key=lambda r: tuple(r[k] for k in keys))
    values = tuple(c for c in rows[0] if c not in keys)
    stmt = _upsert_statement(session.get_bind().dialect.name, table, tuple(keys), values)
    session.execute(stmt, rows)


class LedgerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- numbers -------------------------------------------------------------------------------

    def next_number(self, shop_id: int, voucher_type: str, financial_year: str, prefix: str) -> int:
        """The next number of the series, allocated under the series row's lock (an UPDATE holds
        it to the end of the transaction on PostgreSQL; SQLite has one writer at a time)."""
        bump = (
            update(NumberSeries)
            .where(
                NumberSeries.shop_id == shop_id,
                NumberSeries.voucher_type == voucher_type,
                NumberSeries.financial_year == financial_year,
            )
            .values(last_number=NumberSeries.last_number + 1)
            .returning(NumberSeries.last_number)
        )
        number = self.session.scalar(bump)
        if number is None:
            dialect = self.session.get_bind().dialect.name
            ins: Any = postgresql.insert(NumberSeries) if dialect == "postgresql" else sqlite.insert(NumberSeries)
            self.session.execute(
                ins.values(
                    shop_id=shop_id,
                    voucher_type=voucher_type,
                    financial_year=financial_year,
                    prefix=prefix,
                    last_number=0,
                ).on_conflict_do_nothing()
            )
            number = self.session.scalar(bump)
        assert number is not None
        return int(number)

    # -- writing -------------------------------------------------------------------------------

    def add(
        self,
        voucher: Voucher,
        lines: Sequence[VoucherLine],
        postings: Sequence[Posting],
        moves: Sequence[StockMove],
    ) -> Voucher:
        self.session.add(voucher)
        try:
            self.session.flush()
        except IntegrityError as exc:
            # Two deliveries of one message racing: the second waits for the first and then meets
            # the unique constraint. The transaction is spoilt either way; say what happened.
            if voucher.source_message_id and "source_message_id" in str(exc.orig):
                raise DuplicateMessage(voucher.source_message_id, "") from exc
            if voucher.invoice_no and ("invoice_no_key" in str(exc.orig) or "supplier_invoice" in str(exc.orig)):
                raise DuplicateInvoice(voucher.invoice_no or "", "", "") from exc
            raise
        rows: list[VoucherLine | Posting | StockMove] = [*lines, *postings, *moves]
        for row in rows:
            row.voucher_id = voucher.id
            row.shop_id = voucher.shop_id
            row.date = voucher.date
        self.session.add_all(rows)
        self.session.flush()
        return voucher

    def bump_day_totals(
        self,
        shop_id: int,
        day: date,
        accounts: dict[int, int],
        items: dict[int, tuple[int, int, int]],
        parties: dict[int, tuple[int, int]],
        voucher_type: str,
        payment_mode: str,
        count: int,
        total_paise: int,
    ) -> None:
        """Add a voucher's effect to the per-day totals: net per account, (sold, sales, cost) per
        item, (billed, settled) per party, (count, total) per voucher type and payment mode."""
        upsert_add(
            self.session,
            AccountDayTotal.__table__,  # type: ignore[arg-type]
            ("shop_id", "account_id", "date"),
            [
                {"shop_id": shop_id, "account_id": a, "date": day, "amount_paise": amt}
                for a, amt in accounts.items()
                if amt
            ],
        )
        upsert_add(
            self.session,
            ItemDayTotal.__table__,  # type: ignore[arg-type]
            ("shop_id", "item_id", "date"),
            [
                {"shop_id": shop_id, "item_id": i, "date": day, "sold_milli": q, "sales_paise": s, "cost_paise": c}
                for i, (q, s, c) in items.items()
            ],
        )
        upsert_add(
            self.session,
            PartyDayTotal.__table__,  # type: ignore[arg-type]
            ("shop_id", "party_id", "date"),
            [
                {"shop_id": shop_id, "party_id": p, "date": day, "debit_paise": dr, "credit_paise": cr}
                for p, (dr, cr) in parties.items()
            ],
        )
        upsert_add(
            self.session,
            VoucherDayTotal.__table__,  # type: ignore[arg-type]
            ("shop_id", "type", "payment_mode", "date"),
            [
                {
                    "shop_id": shop_id,
                    "type": voucher_type,
                    "payment_mode": payment_mode,
                    "date": day,
                    "count": count,
                    "total_paise": total_paise,
                }
            ],
        )

    def mark_reversed(self, shop_id: int, voucher_id: int, reversal_id: int) -> bool:
        """Link the original to its reversal, only if nobody reversed it first."""
        result = self.session.execute(
            update(Voucher)
            .where(Voucher.shop_id == shop_id, Voucher.id == voucher_id, Voucher.reversed_by_voucher_id.is_(None))
            .values(reversed_by_voucher_id=reversal_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- reading -------------------------------------------------------------------------------

    def get(self, shop_id: int, voucher_id: int) -> Voucher | None:
        return self.session.scalar(select(Voucher).where(Voucher.shop_id == shop_id, Voucher.id == voucher_id))

    def by_number(self, shop_id: int, number: str) -> Voucher | None:
        return self.session.scalar(
            select(Voucher).where(Voucher.shop_id == shop_id, Voucher.number == number.strip().upper())
        )

    def by_source_message(self, shop_id: int, source_message_id: str) -> Voucher | None:
        return self.session.scalar(
            select(Voucher).where(Voucher.shop_id == shop_id, Voucher.source_message_id == source_message_id)
        )

    def last_undoable(self, shop_id: int, user_id: int) -> Voucher | None:
        """The user's latest voucher that is neither reversed nor itself a reversal."""
        return self.session.scalar(
            select(Voucher)
            .where(
                Voucher.shop_id == shop_id,
                Voucher.created_by_user_id == user_id,
                Voucher.reversed_by_voucher_id.is_(None),
                Voucher.reverses_voucher_id.is_(None),
            )
            .order_by(Voucher.id.desc())
            .limit(1)
        )

    def latest(self, shop_id: int, voucher_type: str | None = None, party_id: int | None = None) -> Voucher | None:
        stmt = select(Voucher).where(
            Voucher.shop_id == shop_id,
            Voucher.reversed_by_voucher_id.is_(None),
            Voucher.reverses_voucher_id.is_(None),
        )
        if voucher_type:
            stmt = stmt.where(Voucher.type == voucher_type)
        if party_id is not None:
            stmt = stmt.where(Voucher.party_id == party_id)
        return self.session.scalar(stmt.order_by(Voucher.id.desc()).limit(1))

    def purchase_with_invoice(self, shop_id: int, party_id: int | None, invoice_no_key: str) -> Voucher | None:
        """A live (not undone) purchase of this supplier with this bill number."""
        stmt = select(Voucher).where(
            Voucher.shop_id == shop_id,
            Voucher.type == "purchase",
            Voucher.invoice_no_key == invoice_no_key,
            Voucher.reversed_by_voucher_id.is_(None),
            Voucher.reverses_voucher_id.is_(None),
        )
        stmt = stmt.where(Voucher.party_id.is_(None) if party_id is None else Voucher.party_id == party_id)
        return self.session.scalar(stmt.limit(1))

    def lines(self, shop_id: int, voucher_id: int) -> list[VoucherLine]:
        return list(
            self.session.scalars(
                select(VoucherLine)
                .where(VoucherLine.shop_id == shop_id, VoucherLine.voucher_id == voucher_id)
                .order_by(VoucherLine.line_no)
            )
        )

    def postings(self, shop_id: int, voucher_id: int) -> list[Posting]:
        return list(
            self.session.scalars(
                select(Posting).where(Posting.shop_id == shop_id, Posting.voucher_id == voucher_id).order_by(Posting.id)
            )
        )

    def moves(self, shop_id: int, voucher_id: int) -> list[StockMove]:
        return list(
            self.session.scalars(
                select(StockMove)
                .where(StockMove.shop_id == shop_id, StockMove.voucher_id == voucher_id)
                .order_by(StockMove.id)
            )
        )

    def last_line(self, shop_id: int, voucher_type: str, item_id: int, party_id: int | None) -> VoucherLine | None:
        """The item's line on the latest live voucher of the type (this party's first), if any."""
        for party_filter in ([party_id, None] if party_id is not None else [None]):
            stmt = (
                select(VoucherLine)
                .join(Voucher, Voucher.id == VoucherLine.voucher_id)
                .where(
                    VoucherLine.shop_id == shop_id,
                    VoucherLine.item_id == item_id,
                    VoucherLine.qty_milli != 0,
                    Voucher.type == voucher_type,
                    Voucher.reversed_by_voucher_id.is_(None),
                    Voucher.reverses_voucher_id.is_(None),
                )
            )
            if party_filter is not None:
                stmt = stmt.where(Voucher.party_id == party_filter)
            line = self.session.scalars(stmt.order_by(VoucherLine.id.desc()).limit(1)).first()
            if line is not None:
                return line
        return None

    def vouchers(self, shop_id: int, ids: Iterable[int]) -> dict[int, Voucher]:
        ids = list(ids)
        if not ids:
            return {}
        rows = self.session.scalars(select(Voucher).where(and_(Voucher.shop_id == shop_id, Voucher.id.in_(ids))))
        return {v.id: v for v in rows}

