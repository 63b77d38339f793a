"""Books benchmark: one big shop with 1,000,000 voucher lines and 1,000 small shops in PostgreSQL,
then the median of 5 runs of each report (profit and loss for a month and a year, outstanding,
stock summary, day book, and a few more) through the real services.

    MUNSHI_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/munshi_books_bench \
        python bench/books.py [--lines 1000000] [--small-shops 1000] [--runs 5] [--no-load]

The database named is wiped and migrated. Rows are loaded with COPY (psycopg), not the ORM; the
shops, users and charts of accounts are made by the services so the data is the real shape.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from domain.books import reports, shops, vouchers  # noqa: E402
from domain.books.posting import SERIES_PREFIX  # noqa: E402
from domain.books.types import LineInput  # noqa: E402
from domain.gst import carve_inclusive  # noqa: E402
from domain.periods import financial_year_label, resolve_period  # noqa: E402
from domain.store.db import make_engine, make_session_factory  # noqa: E402
from domain.store.migrate import recreate  # noqa: E402
from domain.store.uow import SqlUnitOfWork  # noqa: E402

TODAY = date(2026, 11, 20)
START = date(2025, 11, 21)  # a year of trading up to TODAY
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
FLUSH_ROWS = 200_000
RATES_BP = (0, 500, 500, 500, 1800)


class Loader:
    """Generates a shop's trading and streams it into PostgreSQL with COPY, keeping every total
    that the services keep (day totals, balances, stock) consistent with the rows."""

    def __init__(self, conn: psycopg.Connection, first_voucher_id: int) -> None:
        self.conn = conn
        self.next_id = first_voucher_id
        self.buf: dict[str, list[tuple]] = defaultdict(list)
        self.lines = 0

    def start_shop(self, shop_id: int, accounts: dict[str, int]) -> None:
        self.shop_id, self.acc = shop_id, accounts
        self.account_day: dict[tuple[int, date], int] = defaultdict(int)
        self.item_day: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
        self.voucher_day: dict[tuple[str, str, date], list[int]] = defaultdict(lambda: [0, 0])
        self.party_balance: dict[int, int] = defaultdict(int)
        self.party_day: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
        self.stock: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        self.series: dict[tuple[str, str], int] = defaultdict(int)

    def items(self, count: int) -> list[tuple[int, int, int, int]]:
        """Create items; returns (id, rate_paise, cost_paise, gst_bp)."""
        made = []
        with self.conn.cursor() as cur:
            for n in range(count):
                rate = random.randint(10, 600) * 100
                cost = rate * random.randint(78, 92) // 100
                bp = random.choice(RATES_BP)
                cur.execute(
                    "INSERT INTO items (shop_id, name, name_key, aliases, unit, rate_paise, price_includes_tax,"
                    " cost_paise, gst_rate_bp, reorder_level_milli, stock_milli, stock_value_paise)"
                    " VALUES (%s, %s, %s, '[]', %s, %s, true, %s, %s, %s, 0, 0) RETURNING id",
                    (self.shop_id, f"Item {n}", f"item {n}", random.choice(("kg", "pc", "pack", "l")),
                     rate, cost, bp, 20_000),
                )
                made.append((cur.fetchone()[0], rate, cost, bp))
        return made

    def parties(self, count: int, kind: str) -> list[int]:
        with self.conn.cursor() as cur:
            ids = []
            for n in range(count):
                cur.execute(
                    "INSERT INTO parties (shop_id, name, name_key, aliases, kind, balance_paise, created_at)"
                    " VALUES (%s, %s, %s, '[]', %s, 0, %s) RETURNING id",
                    (self.shop_id, f"{kind} {n}", f"{kind} {n}", kind, NOW),
                )
                ids.append(cur.fetchone()[0])
        return ids

    def voucher(self, vtype: str, day: date, payment: str, party: int | None,
                postings: list[tuple[str, int, int | None]], lines: list[tuple] = (),
                total: int = 0, taxable: int = 0, cgst: int = 0, sgst: int = 0) -> None:
        assert sum(p[1] for p in postings) == 0
        vid = self.next_id
        self.next_id += 1
        fy = financial_year_label(day)
        self.series[(vtype, fy)] += 1
        number = f"{SERIES_PREFIX[vtype]}/{fy}/{self.series[(vtype, fy)]:04d}"
        self.buf["vouchers"].append((vid, self.shop_id, vtype, number, day, party, payment, NOW,
                                     total, taxable, cgst, sgst, 0))
        for code, amount, pid in postings:
            self.buf["postings"].append((self.shop_id, vid, self.acc[code], pid, day, amount))
            self.account_day[(self.acc[code], day)] += amount
            if pid is not None:
                self.party_balance[pid] += amount
                self.party_day[(pid, day)][0 if amount > 0 else 1] += abs(amount)
        for n, (item_id, qty_milli, rate, tx, cg, sg, tot, cost, bp, sign) in enumerate(lines, 1):
            self.buf["voucher_lines"].append((self.shop_id, vid, n, item_id, day, qty_milli, "pc", qty_milli, rate,
                                              tx, bp, cg, sg, 0, tot, cost))
            self.buf["stock_moves"].append((self.shop_id, item_id, vid, day, sign * qty_milli, sign * cost))
            st = self.stock[item_id]
            st[0] += sign * qty_milli
            st[1] += sign * cost
            if vtype == "sale":
                d = self.item_day[(item_id, day)]
                d[0] += qty_milli
                d[1] += tx
                d[2] += cost
        self.lines += len(lines)
        vd = self.voucher_day[(vtype, payment, day)]
        vd[0] += 1
        vd[1] += total
        if sum(len(v) for v in self.buf.values()) > FLUSH_ROWS:
            self.flush()

    def sale(self, day: date, items: list, n_lines: int, payment: str, party: int | None) -> None:
        lines, postings = [], []
        total = taxable = cgst = sgst = cost_sum = 0
        for item_id, rate, cost, bp in random.sample(items, n_lines):
            qty = random.randint(1, 4)
            split = carve_inclusive(rate * qty, bp, False)
            lines.append((item_id, qty * 1000, rate, split.taxable, split.cgst, split.sgst, split.total,
                          cost * qty, bp, -1))
            total += split.total
            taxable += split.taxable
            cgst += split.cgst
            sgst += split.sgst
            cost_sum += cost * qty
        settle = {"cash": "cash", "upi": "bank", "credit": "debtors"}[payment]
        postings = [(settle, total, party if payment == "credit" else None), ("sales", -taxable, None),
                    ("gst_output_cgst", -cgst, None), ("gst_output_sgst", -sgst, None),
                    ("cogs", cost_sum, None), ("stock", -cost_sum, None)]
        self.voucher("sale", day, payment, party, [p for p in postings if p[1]], lines, total, taxable, cgst, sgst)

    def purchase(self, day: date, items: list, n_lines: int, supplier: int) -> None:
        lines = []
        taxable = tax = 0
        for item_id, _rate, cost, bp in random.sample(items, n_lines):
            qty = random.randint(20, 60)
            tx = cost * qty
            half = tx * bp // 20000
            lines.append((item_id, qty * 1000, cost, tx, half, half, tx + 2 * half, tx, bp, 1))
            taxable += tx
            tax += 2 * half
        postings = [("stock", taxable, None), ("gst_input_cgst", tax // 2, None), ("gst_input_sgst", tax // 2, None),
                    ("creditors", -(taxable + tax), supplier)]
        self.voucher("purchase", day, "credit", supplier, [p for p in postings if p[1]], lines, taxable + tax,
                     taxable, tax // 2, tax // 2)

    def settle(self, vtype: str, day: date, party: int, amount: int) -> None:
        if vtype == "receipt":
            postings = [("cash", amount, None), ("debtors", -amount, party)]
        else:
            postings = [("creditors", amount, party), ("bank", -amount, None)]
        self.voucher(vtype, day, "cash" if vtype == "receipt" else "bank", party, postings, total=amount,
                     taxable=amount)

    def expense(self, day: date, category: str, amount: int) -> None:
        self.voucher("expense", day, "cash", None, [(f"expense:{category}", amount, None), ("cash", -amount, None)],
                     total=amount, taxable=amount)

    def flush(self) -> None:
        columns = {
            "vouchers": "id, shop_id, type, number, date, party_id, payment_mode, created_at, total_paise,"
                        " taxable_paise, cgst_paise, sgst_paise, igst_paise",
            "postings": "shop_id, voucher_id, account_id, party_id, date, amount_paise",
            "voucher_lines": "shop_id, voucher_id, line_no, item_id, date, qty_said_milli, unit_said, qty_milli,"
                             " rate_paise, taxable_paise, gst_rate_bp, cgst_paise, sgst_paise, igst_paise,"
                             " total_paise, cost_paise",
            "stock_moves": "shop_id, item_id, voucher_id, date, qty_milli, value_paise",
        }
        with self.conn.cursor() as cur:
            for table in ("vouchers", "postings", "voucher_lines", "stock_moves"):
                rows = self.buf.pop(table, [])
                if rows:
                    with cur.copy(f"COPY {table} ({columns[table]}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)

    def finish_shop(self) -> None:
        self.flush()
        with self.conn.cursor() as cur:
            with cur.copy("COPY account_day_totals (shop_id, account_id, date, amount_paise) FROM STDIN") as copy:
                for (acc, day), amount in self.account_day.items():
                    copy.write_row((self.shop_id, acc, day, amount))
            with cur.copy("COPY item_day_totals (shop_id, item_id, date, sold_milli, sales_paise, cost_paise)"
                          " FROM STDIN") as copy:
                for (item, day), (q, s, c) in self.item_day.items():
                    copy.write_row((self.shop_id, item, day, q, s, c))
            with cur.copy("COPY voucher_day_totals (shop_id, type, payment_mode, date, count, total_paise)"
                          " FROM STDIN") as copy:
                for (vtype, mode, day), (n, total) in self.voucher_day.items():
                    copy.write_row((self.shop_id, vtype, mode, day, n, total))
            with cur.copy("COPY party_day_totals (shop_id, party_id, date, debit_paise, credit_paise)"
                          " FROM STDIN") as copy:
                for (pid, day), (dr, cr) in self.party_day.items():
                    copy.write_row((self.shop_id, pid, day, dr, cr))
            for (vtype, fy), last in self.series.items():
                cur.execute("INSERT INTO number_series (shop_id, voucher_type, financial_year, prefix, last_number)"
                            " VALUES (%s, %s, %s, %s, %s)", (self.shop_id, vtype, fy, SERIES_PREFIX[vtype], last))
            for pid, balance in self.party_balance.items():
                cur.execute("UPDATE parties SET balance_paise = %s WHERE id = %s", (balance, pid))
            for item_id, (q, v) in self.stock.items():
                cur.execute("UPDATE items SET stock_milli = %s, stock_value_paise = %s WHERE id = %s",
                            (q, v, item_id))


def trade(loader: Loader, items: list, customers: list[int], suppliers: list[int], sales_per_day: int,
          target_lines: int | None, days: list[date]) -> None:
    """A year of a shop: cash/UPI counter sales, some udhaar, weekly purchases on credit, receipts,
    payments and monthly expenses. Stops once `target_lines` voucher lines are written."""
    start_lines = loader.lines
    for day in days:
        for _ in range(sales_per_day):
            credit = customers and random.random() < 0.1
            payment = "credit" if credit else random.choice(("cash", "cash", "upi"))
            loader.sale(day, items, random.randint(1, min(4, len(items))), payment,
                        random.choice(customers) if credit else None)
        if suppliers and day.weekday() in (0, 3):
            for supplier in random.sample(suppliers, min(3, len(suppliers))):
                loader.purchase(day, items, min(8, len(items)), supplier)
        for customer in random.sample(customers, min(len(customers), sales_per_day // 25)):
            loader.settle("receipt", day, customer, random.randint(100, 2000) * 100)
        if suppliers and day.weekday() == 5:
            loader.settle("payment", day, random.choice(suppliers), random.randint(5000, 30000) * 100)
        if day.day == 1:
            loader.expense(day, "rent", 25_000_00)
            loader.expense(day, "salary", 40_000_00)
        if day.day == 5:
            loader.expense(day, "electricity", random.randint(2000, 6000) * 100)
        if target_lines is not None and loader.lines - start_lines >= target_lines:
            return


def load(url: str, target_lines: int, small_shops: int) -> None:
    random.seed(7)
    recreate(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    t0 = time.perf_counter()
    made: list[tuple[int, dict[str, int]]] = []
    with SqlUnitOfWork(factory) as uow:
        for n in range(small_shops + 1):
            shop, _owner = shops.create_shop(uow, name=f"Shop {n}", slug=f"shop-{n}", state_code="09",
                                             owner_name="Owner", owner_phone=f"+9190{n:08d}")
            made.append((shop.id, {code: a.id for code, a in uow.accounts.by_code(shop.id).items()}))
        uow.commit()
    print(f"  {len(made)} shops with their charts of accounts: {time.perf_counter() - t0:.1f} s", flush=True)
    pg = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
    loader = Loader(pg, first_voucher_id=1)
    days = [START + timedelta(days=i) for i in range((TODAY - START).days + 1)]
    big_id, big_acc = made[0]
    loader.start_shop(big_id, big_acc)
    t0 = time.perf_counter()
    items = loader.items(500)
    # ~1,100 sales a day (2.5 lines each) and purchases twice a week reach a million lines in a year
    trade(loader, items, loader.parties(300, "customer"), loader.parties(30, "supplier"),
          sales_per_day=max(1, int((target_lines / len(days) - 7) / 2.5 * 1.04)), target_lines=target_lines,
          days=days)
    loader.finish_shop()
    pg.commit()
    big_lines = loader.lines
    print(f"  big shop: {big_lines:,} voucher lines, {loader.next_id - 1:,} vouchers: "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    for shop_id, acc in made[1:]:
        loader.start_shop(shop_id, acc)
        trade(loader, loader.items(12), loader.parties(5, "customer"), loader.parties(2, "supplier"),
              sales_per_day=1, target_lines=None, days=days[-60:])
        loader.finish_shop()
    pg.commit()
    with pg.cursor() as cur:
        cur.execute("SELECT setval(pg_get_serial_sequence('vouchers', 'id'), (SELECT max(id) FROM vouchers))")
    pg.commit()
    pg.autocommit = True
    pg.execute("VACUUM ANALYZE")
    pg.close()
    print(f"  {small_shops} small shops: {loader.lines - big_lines:,} more lines: {time.perf_counter() - t0:.1f} s",
          flush=True)
    engine.dispose()


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure(url: str, runs: int) -> dict[str, float]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with SqlUnitOfWork(factory) as uow:
        shop_id = shops.find_shop_by_slug(uow, "shop-0").id
        owner_id = shops.owner_of(uow, shop_id).id

    def report(fn: Callable[[SqlUnitOfWork], object]) -> Callable[[], object]:
        def run() -> object:
            with SqlUnitOfWork(factory) as uow:
                return fn(uow)
        return run

    month = resolve_period("last_month", TODAY)
    year = resolve_period({"from": START.isoformat(), "to": TODAY.isoformat()}, TODAY)
    cases: dict[str, Callable[[SqlUnitOfWork], object]] = {
        "profit_and_loss month": lambda uow: reports.profit_and_loss(uow, shop_id, month),
        "profit_and_loss year": lambda uow: reports.profit_and_loss(uow, shop_id, year),
        "outstanding receivable": lambda uow: reports.outstanding(uow, shop_id, "receivable", as_of=TODAY),
        "outstanding payable": lambda uow: reports.outstanding(uow, shop_id, "payable", as_of=TODAY),
        "stock_summary": lambda uow: reports.stock_summary(uow, shop_id),
        "day_book": lambda uow: reports.day_book(uow, shop_id, date(2026, 10, 15)),
        "sales_summary year": lambda uow: reports.sales_summary(uow, shop_id, year),
        "top_items month": lambda uow: reports.top_items(uow, shop_id, month, 10),
        "balance_sheet": lambda uow: reports.balance_sheet(uow, shop_id, TODAY),
        "gst_summary month": lambda uow: reports.gst_summary(uow, shop_id, month),
        # a write keeps every day total; measured and rolled back
        "post_sale 3 lines": lambda uow: vouchers.post_sale(
            uow, shop_id, user_id=owner_id, on=TODAY, payment="credit", party="customer 7",
            lines=[LineInput(f"Item {n}", Decimal(2)) for n in (1, 2, 3)]),
    }
    with SqlUnitOfWork(factory) as uow:
        tb = reports.trial_balance(uow, shop_id, TODAY)
        pl = reports.profit_and_loss(uow, shop_id, month)
        rows = len(reports.day_book(uow, shop_id, date(2026, 10, 15)))
    print(f"  big shop: trial balance Dr {tb.total_debit} = Cr {tb.total_credit}; {month.start:%B} sales "
          f"{pl.sales}, net profit {pl.net_profit}; day book of 15 Oct: {rows} vouchers")
    results = {name: median_ms(report(fn), runs) for name, fn in cases.items()}
    engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("MUNSHI_BENCH_DATABASE_URL"))
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--small-shops", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-load", action="store_true", help="measure the data already loaded")
    args = parser.parse_args()
    if not args.db or not args.db.startswith("postgresql"):
        print("books: skipped — set MUNSHI_BENCH_DATABASE_URL to a PostgreSQL database it may wipe")
        return 0
    if not args.no_load:
        print(f"loading {args.lines:,} lines into one shop and {args.small_shops} small shops", flush=True)
        load(args.db, args.lines, args.small_shops)
    print(f"median of {args.runs} runs (goal: under 300 ms each)")
    for name, ms in measure(args.db, args.runs).items():
        print(f"  {name:<24} {ms:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
