"""GST benchmark: GSTR-1 (and GSTR-3B) for a month of 100,000 sale invoices of one shop, through the
real use case (`domain.gst.returns.gst_return`: load, build, cross-check against the books), with
its time and memory.

    python bench/gst.py [--invoices 100000] [--db URL] [--runs 3]

Without --db a fresh SQLite file is used. The demo shop sharma-kirana is created by the services;
the month's invoices are then inserted in bulk (vouchers, item lines and the per-day account
totals the cross-checks read; postings and stock moves, which no GST file reads, are left out):
1-4 lines an invoice from the catalog's prices, 8 % to registered buyers (half of them in other
states), 3 % inter-state to unregistered buyers (some above ₹1 lakh), 1 % undone.
Prints the invoice and line counts, the median wall and CPU time of each return, the peak of Python
allocations while building GSTR-1 (tracemalloc) and the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import bindparam, insert, select, update  # noqa: E402
from stdnum import luhn  # noqa: E402

from domain.demo.load import load_demo_shop  # noqa: E402
from domain.gst import carve_inclusive  # noqa: E402
from domain.gst.master import GSTIN_ALPHABET  # noqa: E402
from domain.gst.returns import gst_return  # noqa: E402
from domain.store.db import make_engine, make_session_factory  # noqa: E402
from domain.store.migrate import upgrade  # noqa: E402
from domain.store.models import Account, AccountDayTotal, Item, Party, Voucher, VoucherLine  # noqa: E402
from domain.store.uow import SqlUnitOfWork  # noqa: E402

MONTH = (2026, 11)
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
OTHER_STATES = ("27", "07", "06", "24", "29")


def gstin(state: str, n: int) -> str:
    body = f"{state}AAKFS{n % 10000:04d}M1Z"
    return body + luhn.calc_check_digit(body, alphabet=GSTIN_ALPHABET)


def _parties(session, shop_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(registered buyers, unregistered out-of-state buyers) as (id, state)."""
    reg, unreg = [], []
    for n in range(40):
        state = "09" if n % 2 == 0 else OTHER_STATES[n % len(OTHER_STATES)]
        party = Party(shop_id=shop_id, name=f"Bench Buyer {n}", name_key=f"bench buyer {n}", aliases=[],
                      kind="customer", gstin=gstin(state, 1000 + n), state_code=state, balance_paise=0, created_at=NOW)
        session.add(party)
        session.flush()
        reg.append((party.id, state))
    for n in range(20):
        state = OTHER_STATES[n % len(OTHER_STATES)]
        party = Party(shop_id=shop_id, name=f"Bench Walkin {n}", name_key=f"bench walkin {n}", aliases=[],
                      kind="customer", state_code=state, balance_paise=0, created_at=NOW)
        session.add(party)
        session.flush()
        unreg.append((party.id, state))
    return reg, unreg


class Month:
    def __init__(self, shop_id: int, items: list[Item], reg, unreg, seed: int) -> None:
        self.shop_id, self.items, self.reg, self.unreg = shop_id, items, reg, unreg
        self.rng = random.Random(seed)
        self.vouchers: list[dict] = []
        self.lines: list[dict] = []
        self.day_totals: dict[tuple[str, date], int] = defaultdict(int)
        self.undone: list[dict] = []

    def invoice(self, n: int, vid: int) -> None:
        rng = self.rng
        day = date(*MONTH, 1 + n % 30)
        roll = rng.random()
        party, state, big = None, "09", False
        if roll < 0.08:
            party, state = rng.choice(self.reg)
        elif roll < 0.11:
            party, state = rng.choice(self.unreg)
            big = rng.random() < 0.1
        inter = state != "09"
        totals = {"taxable": 0, "cgst": 0, "sgst": 0, "igst": 0, "total": 0}
        for line_no, item in enumerate(rng.sample(self.items, rng.randint(1, 4)), start=1):
            qty_milli = rng.randint(1, 20) * 500 * (100 if big else 1)
            split = carve_inclusive(item.rate_paise * qty_milli // 1000, item.gst_rate_bp, inter)
            self.lines.append({"shop_id": self.shop_id, "voucher_id": vid, "line_no": line_no, "item_id": item.id,
                               "date": day, "qty_said_milli": qty_milli, "unit_said": item.unit, "qty_milli": qty_milli,
                               "rate_paise": item.rate_paise, "taxable_paise": split.taxable,
                               "gst_rate_bp": item.gst_rate_bp, "cgst_paise": split.cgst, "sgst_paise": split.sgst,
                               "igst_paise": split.igst, "total_paise": split.total, "cost_paise": 0})
            for key, value in (("taxable", split.taxable), ("cgst", split.cgst), ("sgst", split.sgst),
                               ("igst", split.igst), ("total", split.total)):
                totals[key] += value
        self.vouchers.append({"id": vid, "shop_id": self.shop_id, "type": "sale", "number": f"SL/26-27/{n + 1:06d}",
                              "date": day, "party_id": party, "payment_mode": "cash", "created_at": NOW,
                              "total_paise": totals["total"], "taxable_paise": totals["taxable"],
                              "cgst_paise": totals["cgst"], "sgst_paise": totals["sgst"], "igst_paise": totals["igst"],
                              "reverses_voucher_id": None})
        if n % 100 != 99:  # one in a hundred is undone: the pair nets to nothing in the books
            for key in ("taxable", "cgst", "sgst", "igst"):
                self.day_totals[(key, day)] += totals[key]

    def undo(self, vid: int, original: dict) -> None:
        self.undone.append({"vid": original["id"], "by": vid})
        self.vouchers.append({**original, "id": vid, "number": f"SL/26-27/{vid:06d}", "reverses_voucher_id": original["id"],
                              **{k: -original[k] for k in ("total_paise", "taxable_paise", "cgst_paise", "sgst_paise",
                                                           "igst_paise")}})
        for line in [ln for ln in self.lines if ln["voucher_id"] == original["id"]]:
            self.lines.append({**line, "voucher_id": vid, **{k: -line[k] for k in (
                "qty_said_milli", "qty_milli", "taxable_paise", "cgst_paise", "sgst_paise", "igst_paise",
                "total_paise")}})


def load(url: str, invoices: int, seed: int) -> int:
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    report = load_demo_shop(factory, "sharma-kirana", today=date(2026, 12, 1))
    with factory() as session:
        shop_id = report.shop_id
        items = list(session.scalars(select(Item).where(Item.shop_id == shop_id, Item.rate_paise > 0)))
        reg, unreg = _parties(session, shop_id)
        accounts = {a.code: a.id for a in session.scalars(select(Account).where(Account.shop_id == shop_id))}
        month = Month(shop_id, items, reg, unreg, seed)
        first = (session.scalar(select(Voucher.id).order_by(Voucher.id.desc()).limit(1)) or 0) + 1
        for n in range(invoices):
            month.invoice(n, first + n)
        for k, n in enumerate(range(99, invoices, 100)):
            month.undo(first + invoices + k, month.vouchers[n])
        codes = {"taxable": "sales", "cgst": "gst_output_cgst", "sgst": "gst_output_sgst", "igst": "gst_output_igst"}
        totals = [{"shop_id": shop_id, "account_id": accounts[codes[key]], "date": day, "amount_paise": -value}
                  for (key, day), value in month.day_totals.items()]
        for chunk in range(0, len(month.vouchers), 20000):
            session.execute(insert(Voucher), month.vouchers[chunk:chunk + 20000])
        mark = update(Voucher.__table__).where(Voucher.__table__.c.id == bindparam("vid"))
        session.execute(mark.values(reversed_by_voucher_id=bindparam("by")), month.undone)
        for chunk in range(0, len(month.lines), 50000):
            session.execute(insert(VoucherLine), month.lines[chunk:chunk + 50000])
        session.execute(insert(AccountDayTotal), totals)
        session.commit()
        print(f"loaded: {invoices:,} invoices (+{len(month.vouchers) - invoices:,} undos), "
              f"{len(month.lines):,} item lines")
    engine.dispose()
    return shop_id


def timed(factory, shop_id: int, form: str) -> tuple[float, float, int, list]:
    """(wall seconds, CPU seconds of this process, JSON bytes, problems) of one return."""
    start, cpu = time.perf_counter(), time.process_time()
    with SqlUnitOfWork(factory) as uow:
        result = gst_return(uow, shop_id, form, f"{MONTH[0]}-{MONTH[1]:02d}")
    size = len(json.dumps(result.payload))
    return time.perf_counter() - start, time.process_time() - cpu, size, list(result.problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='munshi-gst-bench-')}/gst.db"
    started = time.perf_counter()
    shop_id = load(url, args.invoices, args.seed)
    print(f"load time: {time.perf_counter() - started:.1f} s ({url.split(':')[0]}); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall time includes waiting for them)")
    engine = make_engine(url)
    factory = make_session_factory(engine)
    for form in ("GSTR1", "GSTR3B"):
        runs = [timed(factory, shop_id, form) for _ in range(args.runs)]
        wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        problems = runs[0][3]
        print(f"{form}: median {wall:.2f} s wall, {cpu:.2f} s CPU over {args.runs} runs, JSON {runs[0][2] / 1e6:.1f} MB, "
              f"problems {len(problems)}" + (f" (first: {problems[0].as_dict()})" if problems else ""))
    tracemalloc.start()
    timed(factory, shop_id, "GSTR1")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"GSTR1 peak Python allocations: {peak / 2**20:.0f} MiB; "
          f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    engine.dispose()


if __name__ == "__main__":
    main()
