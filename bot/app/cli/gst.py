"""`munshi gst`: GST returns and documents from the command line, as the portal takes them.

    munshi gst [--db URL] --shop SLUG return FORM PERIOD [--out FILE]   # FORM: GSTR1 GSTR3B CMP08
    munshi gst [--db URL] --shop SLUG einvoice VOUCHER_NO [--out FILE]
    munshi gst [--db URL] --shop SLUG ewaybill VOUCHER_NO [--vehicle NO] [--distance KM] [--out FILE]
    munshi gst [--db URL] --shop SLUG invoice VOUCHER_NO --out FILE.pdf

The JSON goes to standard output (or FILE). When a cross-check fails, `{"problems": [...]}` goes
to standard error and the exit status is 1; notices that do not make the file wrong go to standard
error as `{"notices": [...]}` with exit status 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.app.cli.books import _url, ensure_schema
from domain.books import shops
from domain.errors import DomainError, UnknownShop
from domain.gst import returns
from domain.store.db import make_engine, make_session_factory
from domain.store.uow import SqlUnitOfWork
from locales.words import local_amount_in_words
from tools.writes.bill import invoice_pdf

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(subparsers) -> None:
    gst = subparsers.add_parser("gst", help="GST returns, e-invoice, e-way bill and tax invoice PDF")
    gst.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    gst.add_argument("--shop", required=True, help="the shop's slug, e.g. sharma-kirana")
    commands = gst.add_subparsers(dest="gst_command", required=True)

    ret = commands.add_parser("return", help="GSTR-1, GSTR-3B (a month or QRMP quarter) or CMP-08 (a quarter)")
    ret.add_argument("form", help="GSTR1, GSTR3B or CMP08")
    ret.add_argument("period", help="YYYY-MM or YYYY-Qn (financial-year quarter: 2026-Q1 = Apr-Jun 2026)")
    ret.add_argument("--out", help="write the JSON here instead of standard output")

    einv = commands.add_parser("einvoice", help="e-invoice (INV-01 v1.1) JSON of a B2B sale")
    einv.add_argument("voucher_no")
    einv.add_argument("--out")

    ewb = commands.add_parser("ewaybill", help="e-way bill JSON (bulk-upload form) of a sale")
    ewb.add_argument("voucher_no")
    ewb.add_argument("--vehicle", help="vehicle number, e.g. UP32AB1234")
    ewb.add_argument("--distance", type=int, help="approximate distance in km")
    ewb.add_argument("--out")

    inv = commands.add_parser("invoice", help="the sale's tax invoice (or bill of supply) as PDF")
    inv.add_argument("voucher_no")
    inv.add_argument("--out", required=True, help="the PDF file to write")
    gst.set_defaults(func=run_gst)


def _emit(data: object, out: str | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


def _report(problems: list[dict], notices: list[dict]) -> int:
    if problems or notices:
        body = {k: v for k, v in (("problems", problems), ("notices", notices)) if v}
        print(json.dumps(body, ensure_ascii=False), file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _produce(uow, shop_id: int, args: argparse.Namespace):

    if args.gst_command == "return":
        return returns.gst_return(uow, shop_id, args.form, args.period)
    if args.gst_command == "einvoice":
        return returns.einvoice(uow, shop_id, args.voucher_no)
    return returns.ewaybill(uow, shop_id, args.voucher_no, vehicle=args.vehicle, distance_km=args.distance)


def _invoice_pdf(uow, shop_id: int, number: str) -> bytes:

    return invoice_pdf(uow, shop_id, number, local_amount_in_words)


def run_gst(args: argparse.Namespace) -> int:

    url = _url(args)
    ensure_schema(url)
    engine = make_engine(url)
    try:
        with SqlUnitOfWork(make_session_factory(engine)) as uow:
            try:
                shop = shops.find_shop_by_slug(uow, args.shop)
                if args.gst_command == "invoice":
                    Path(args.out).write_bytes(_invoice_pdf(uow, shop.id, args.voucher_no))
                    return EXIT_OK
                result = _produce(uow, shop.id, args)
            except UnknownShop:
                return _report([{"code": "unknown_shop", "shop": args.shop}], [])
            except DomainError as exc:
                return _report([{"code": exc.code, **{k: str(v) for k, v in exc.fields.items()}}], [])
    finally:
        engine.dispose()
    _emit(result.payload, args.out)
    return _report([p.as_dict() for p in result.problems], [n.as_dict() for n in result.notices])
