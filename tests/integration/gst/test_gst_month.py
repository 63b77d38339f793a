"""A month of the demo shop's trading (with a return and an undone sale added) gives a GSTR-1 and a
GSTR-3B whose totals equal the books to the paisa, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from domain.books import reports, reversals, shops, vouchers
from domain.books.types import LineInput
from domain.demo.load import load_demo_shop
from domain.gst import checks
from domain.gst.returns import gst_return
from domain.periods import month_period
from domain.store.models import Voucher
from domain.store.uow import SqlUnitOfWork

TODAY = date(2026, 12, 1)


def _paise(value: float) -> int:
    return round(value * 100)


def _vouchers_sum(uow, shop_id: int, types: tuple[str, ...]) -> tuple[int, int, int, int]:
    period = month_period(2026, 11)
    row = uow.session.execute(
        select(func.sum(Voucher.taxable_paise), func.sum(Voucher.cgst_paise), func.sum(Voucher.sgst_paise),
               func.sum(Voucher.igst_paise))
        .where(Voucher.shop_id == shop_id, Voucher.type.in_(types), Voucher.date >= period.start,
               Voucher.date <= period.end)).one()
    return tuple(int(x or 0) for x in row)


def test_a_demo_month_files_returns_equal_to_the_books(session_factory):
    load_demo_shop(session_factory, "sharma-kirana", today=TODAY, days=32, seed=7)
    with SqlUnitOfWork(session_factory) as uow:
        shop = shops.find_shop_by_slug(uow, "sharma-kirana")
        owner = shops.owner_of(uow, shop.id)
        vouchers.post_sale_return(uow, shop.id, user_id=owner.id, on=date(2026, 11, 20), party="Verma Sweets",
                                  lines=[LineInput("Sugar", Decimal(2), "kg")], payment="credit")
        vouchers.post_sale(uow, shop.id, user_id=owner.id, on=date(2026, 11, 21),
                           lines=[LineInput("Ghee", Decimal(1), "kg")])
        reversals.undo_last(uow, shop.id, user_id=owner.id)
        uow.commit()

    with SqlUnitOfWork(session_factory) as uow:
        g1 = gst_return(uow, shop.id, "GSTR1", "2026-11")
        g3b = gst_return(uow, shop.id, "GSTR3B", "2026-11")
        assert g1.problems == () and g3b.problems == ()
        assert g1.payload["b2b"] and g1.payload["b2cs"] and g1.payload["cdnr"]

        # The ledger's accounts, through the report every shopkeeper reads.
        summary = reports.gst_summary(uow, shop.id, month_period(2026, 11))
        osup = g3b.payload["sup_details"]["osup_det"]
        nil = g3b.payload["sup_details"]["osup_nil_exmp"]["txval"]
        assert _paise(osup["txval"]) + _paise(nil) == summary.taxable.paise
        assert (_paise(osup["camt"]), _paise(osup["samt"]), _paise(osup["iamt"])) == (
            summary.cgst.paise, summary.sgst.paise, summary.igst.paise)
        itc = g3b.payload["itc_elg"]["itc_net"]
        assert _paise(itc["camt"]) + _paise(itc["samt"]) + _paise(itc["iamt"]) == summary.input_tax_credit.paise

        # The vouchers themselves: sales less returns (undone ones cancel out inside the month).
        s_tax, s_c, s_s, s_i = _vouchers_sum(uow, shop.id, ("sale",))
        r_tax, r_c, r_s, r_i = _vouchers_sum(uow, shop.id, ("sale_return",))
        sums = checks.gstr1_sums(g1.payload)
        g1_taxable = sum(sums[k]["txval"] for k in sums)
        assert g1_taxable == s_tax - r_tax
        assert sums["b2b"]["camt"] + sums["b2c"]["camt"] == s_c - r_c
        assert sums["b2b"]["iamt"] + sums["b2c"]["iamt"] == s_i - r_i
        assert checks.check_3b_against_gstr1(g1.payload, g3b.payload) == []

        docs = g1.payload["doc_issue"]["doc_det"][0]["docs"][0]
        assert docs["cancel"] == 2 and docs["net_issue"] == docs["totnum"] - 2
