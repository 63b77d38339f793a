"""The GST use cases: a period's GSTR-1, GSTR-3B or CMP-08, and one voucher's e-invoice or e-way
bill, read from the books and cross-checked against them before they are handed over.

Periods: `YYYY-MM` (a month) or `YYYY-Qn` (a quarter of the financial year starting in April of
YYYY: 2026-Q1 = April-June 2026). A composition shop files CMP-08, not GSTR-1/3B, and the other
way round (InvalidArgument). Problems make a file wrong; notices do not.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.chart import INPUT_TAX, OUTPUT_TAX
from domain.errors import InvalidArgument, UnknownShop, UnknownVoucher
from domain.gst import checks
from domain.gst.classify import amount
from domain.gst.cmp08 import build_cmp08, composition_tax
from domain.gst.einvoice import Seller, build_einvoice, build_ewaybill
from domain.gst.gstr1 import Gstr1Totals, Totals, build_gstr1
from domain.gst.gstr3b import build_gstr3b, inward, set_off
from domain.gst.master import ALL_RATES_BP, state_name
from domain.gst.model import GstDoc, GstLine, Problem, ReturnFile
from domain.periods import Period, financial_year_start, resolve_period

if TYPE_CHECKING:
    from domain.store.models import Shop
    from domain.store.uow import SqlUnitOfWork

FORMS = ("GSTR1", "GSTR3B", "CMP08")
_PERIOD = re.compile(r"^\d{4}-(0?[1-9]|1[0-2]|[qQ][1-4])$")


def parse_period(text: str) -> Period:
    """A month `YYYY-MM` or a financial-year quarter `YYYY-Qn`; InvalidArgument otherwise."""
    if not _PERIOD.match(text.strip()):
        raise InvalidArgument("period", "not_a_month_or_quarter")
    return resolve_period(text.strip().lower(), date.today())


def _whole_voucher_line(doc: GstDoc) -> list[GstLine]:
    """A voucher booked by amount alone ("aaj 5000 ki bikri") as one line at its effective rate."""
    if doc.lines or not doc.taxable:
        return doc.lines
    tax = doc.cgst + doc.sgst + doc.igst
    effective = Decimal(tax) * 10000 / abs(doc.taxable)
    bp = min(ALL_RATES_BP, key=lambda r: abs(r - effective))
    return [GstLine("Sales" if doc.type.startswith("sale") else "Purchases", None, "pc", 0, bp, doc.taxable,
                    doc.cgst, doc.sgst, doc.igst)]


def load_documents(uow: SqlUnitOfWork, shop_id: int, period: Period) -> list[GstDoc]:
    docs = uow.gst.documents(shop_id, period.start, period.end)
    for doc in docs:
        doc.lines = _whole_voucher_line(doc)
    return docs


def composition_turnover(docs: list[GstDoc]) -> tuple[int, int]:
    """(turnover of taxable supplies, of exempt ones) of a composition shop's live sales net of
    returns, by each item's own rate (a sale booked by amount alone counts as taxable)."""
    taxable = exempt = 0
    for doc in docs:
        if not doc.live or doc.type not in ("sale", "sale_return"):
            continue
        sign = 1 if doc.type == "sale" else -1
        for line in doc.lines:
            if line.catalog_rate_bp == 0:
                exempt += sign * abs(line.taxable)
            else:
                taxable += sign * abs(line.taxable)
    return taxable, exempt


def book_totals(uow: SqlUnitOfWork, shop_id: int, period: Period) -> checks.BookTotals:
    by_id = uow.reports.account_sums(shop_id, period.start, period.end)
    sums = {a.code: by_id.get(a.id, 0) for a in uow.accounts.by_code(shop_id).values()}
    out_c, out_s, out_i = (-sums.get(c, 0) for c in OUTPUT_TAX)
    in_c, in_s, in_i = (sums.get(c, 0) for c in INPUT_TAX)
    return checks.BookTotals(sales=-sums.get("sales", 0), output_igst=out_i, output_cgst=out_c, output_sgst=out_s,
                             input_igst=in_i, input_cgst=in_c, input_sgst=in_s)


def aggregate_turnover(uow: SqlUnitOfWork, shop_id: int, on: date) -> int:
    """AATO: the preceding financial year's sales (taxable and nil, net of returns), in paise."""
    fy = financial_year_start(on)
    previous = Period(date(fy.year - 1, 4, 1), date(fy.year, 3, 31))
    return book_totals(uow, shop_id, previous).sales


def require_shop(uow: SqlUnitOfWork, shop_id: int) -> Shop:
    shop = uow.shops.get(shop_id)
    if shop is None:
        raise UnknownShop(shop_id)
    return shop


def _require_scheme(shop: Shop, form: str) -> None:
    composition = shop.gst_scheme == "composition"
    if composition and form != "CMP08":
        raise InvalidArgument("form", "composition_files_cmp08")
    if not composition and form == "CMP08":
        raise InvalidArgument("form", "regular_files_gstr1_gstr3b")


def gst_return(uow: SqlUnitOfWork, shop_id: int, form: str, period_text: str) -> ReturnFile:
    """The return `form` for the period, with every cross-check's problems."""
    form = form.strip().upper().replace("-", "")
    if form not in FORMS:
        raise InvalidArgument("form", "unknown_form")
    period = parse_period(period_text)
    if form == "CMP08" and "q" not in period_text.lower():
        raise InvalidArgument("period", "cmp08_needs_a_quarter")
    shop = require_shop(uow, shop_id)
    _require_scheme(shop, form)
    gstin = shop.gstin or ""
    books = book_totals(uow, shop_id, period)
    label = period_text.strip().upper()
    if form == "CMP08":
        taxable, exempt = composition_turnover(load_documents(uow, shop_id, period))
        cgst, sgst = composition_tax(taxable)
        payload = build_cmp08(gstin, label, period.end, taxable, exempt)
        problems = [] if shop.gstin else [Problem("shop_gstin_missing", {})]
        if taxable + exempt != books.sales:
            problems.append(Problem("cmp08_differs_from_books", {"expected": books.sales / 100,
                                                                 "found": (taxable + exempt) / 100}))
        summary = {"turnover": amount(taxable), "exempt": amount(exempt), "cgst": amount(cgst), "sgst": amount(sgst),
                   "payable": amount(cgst + sgst)}
        return ReturnFile(form, label, payload, tuple(problems), (Problem("cmp08_enter_on_portal", {}),), summary)
    docs = load_documents(uow, shop_id, period)
    g1, totals, problems = build_gstr1(gstin, shop.state_code, period.end, docs)
    problems += checks.check_b2b_gstins(g1) + checks.check_gstr1_against_books(g1, books) + checks.check_hsn(g1)
    problems += checks.check_documents(docs, aggregate_turnover(uow, shop_id, period.end))
    inw = inward(docs, shop.state_code)
    g3b = build_gstr3b(gstin, period.end, totals, inw)
    problems += checks.check_3b_against_gstr1(g1, g3b) + checks.check_itc(g3b, books)
    summary = _summary(totals, inw.itc, sum(len(row["inv"]) for row in g1.get("b2b", ())))
    return ReturnFile(form, label, g1 if form == "GSTR1" else g3b, tuple(problems), (), summary)


def _summary(totals: Gstr1Totals, itc: Totals, b2b_invoices: int) -> dict:
    out = totals.outward
    _, cash = set_off(out, itc)
    return {
        "invoices": totals.invoices, "cancelled": totals.cancelled, "b2b": b2b_invoices,
        "taxable": amount(out.txval), "nil": amount(totals.nil), "igst": amount(out.iamt), "cgst": amount(out.camt),
        "sgst": amount(out.samt), "itc": amount(itc.iamt + itc.camt + itc.samt),
        "payable": amount(cash["i"] + cash["c"] + cash["s"]),
    }


def _seller(shop: Shop) -> Seller:
    return Seller(gstin=shop.gstin or "", name=shop.name, address=shop.address, city=shop.city,
                  pincode=shop.pincode, state=shop.state_code, composition=shop.gst_scheme == "composition")


def _document(uow: SqlUnitOfWork, shop_id: int, number: str) -> GstDoc:
    doc = uow.gst.document(shop_id, number)
    if doc is None:
        raise UnknownVoucher(number)
    doc.lines = _whole_voucher_line(doc)
    return doc


def einvoice(uow: SqlUnitOfWork, shop_id: int, number: str) -> ReturnFile:
    shop = require_shop(uow, shop_id)
    doc = _document(uow, shop_id, number)
    payload, problems, notices = build_einvoice(_seller(shop), doc, aggregate_turnover(uow, shop_id, doc.date))
    if shop.gst_scheme == "composition":
        problems.append(Problem("composition_issues_bill_of_supply", {}))
    return ReturnFile("EINVOICE", doc.number, payload, tuple(problems), tuple(notices),
                      {"voucher": doc.number, "total": amount(doc.total), "buyer": doc.party})


def ewaybill(uow: SqlUnitOfWork, shop_id: int, number: str, *, vehicle: str | None = None,
             distance_km: int | None = None) -> ReturnFile:
    shop = require_shop(uow, shop_id)
    doc = _document(uow, shop_id, number)
    payload, problems, notices = build_ewaybill(_seller(shop), doc, vehicle=vehicle, distance_km=distance_km)
    to_state = f"{payload['billLists'][0]['toStateCode']:02d}"
    summary = {"voucher": doc.number, "total": amount(doc.total), "to": state_name(to_state) or to_state}
    return ReturnFile("EWAYBILL", doc.number, payload, tuple(problems), tuple(notices), summary)
