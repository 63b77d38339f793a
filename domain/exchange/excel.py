"""An Excel workbook of a period for the accountant (openpyxl): the day book, the ledgers (each
account's opening, postings with a running balance, closing), the stock (closing quantities and
values, and the period's stock moves), and the GST sales and purchase registers (one row per
voucher and GST rate). Amounts are rupees as numbers with two decimals, exact from paise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from domain.books import reports
from domain.books.common import require_shop
from domain.gst import bp_to_rate
from domain.periods import Period
from domain.units import from_milli

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

MONEY_FORMAT = "#,##,##0.00"
SALES_TYPES = ("sale", "sale_return")
PURCHASE_TYPES = ("purchase", "purchase_return")


@dataclass(frozen=True, slots=True)
class ExcelSummary:
    sheets: tuple[str, ...]
    vouchers: int


def _rupees(paise: int) -> Decimal:
    return Decimal(int(paise)) / 100


def _sheet(book: Workbook, title: str, header: list[str]) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _format_money(sheet: Worksheet, columns: str) -> None:
    for letter in columns:
        for cell in sheet[letter][1:]:
            cell.number_format = MONEY_FORMAT
        sheet.column_dimensions[letter].width = 14


def _day_book(book: Workbook, vouchers: list[tuple[Any, ...]]) -> None:
    sheet = _sheet(book, "Day book", ["Date", "Number", "Type", "Party", "Payment", "Taxable", "CGST",
                                      "SGST", "IGST", "Total", "Narration", "Reverses"])
    for (_, vtype, number, day, party, _, payment, category, narration, _, total, taxable, cgst, sgst,
         igst, reverses, _) in vouchers:
        sheet.append([day, number, vtype, party, payment, _rupees(taxable), _rupees(cgst), _rupees(sgst),
                      _rupees(igst), _rupees(total), narration or category, reverses])
    _format_money(sheet, "FGHIJ")


def _ledgers(book: Workbook, uow: SqlUnitOfWork, shop_id: int, period: Period,
             vouchers: list[tuple[Any, ...]]) -> None:
    sheet = _sheet(book, "Ledgers", ["Account", "Date", "Number", "Type", "Party", "Debit", "Credit", "Balance"])
    about = {row[0]: (row[3], row[2], row[1]) for row in vouchers}
    opening = uow.exchange.account_balances(shop_id, period.start)
    by_account: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    names: dict[str, str] = {}
    for voucher_id, code, name, _, party, amount in uow.exchange.postings(shop_id, period.start, period.end):
        by_account[code].append((voucher_id, party, int(amount)))
        names[code] = name
    for account in sorted(uow.accounts.by_code(shop_id).values(), key=lambda a: a.id):
        rows = by_account.get(account.code, [])
        balance = opening.get(account.code, 0)
        if not rows and not balance:
            continue
        sheet.append([account.name, period.start, None, "opening", None, None, None, _rupees(balance)])
        for voucher_id, party, amount in rows:
            balance += amount
            day, number, vtype = about[voucher_id]
            sheet.append([account.name, day, number, vtype, party, _rupees(max(amount, 0)),
                          _rupees(max(-amount, 0)), _rupees(balance)])
        sheet.append([account.name, period.end, None, "closing", None, None, None, _rupees(balance)])
    _format_money(sheet, "FGH")


def _stock(book: Workbook, uow: SqlUnitOfWork, shop_id: int, period: Period) -> None:
    sheet = _sheet(book, "Stock", ["Item", "Quantity", "Unit", "Value", "Reorder level", "Low"])
    for line in reports.stock_summary(uow, shop_id).lines:
        sheet.append([line.item, line.qty, line.unit, line.value.rupees, line.reorder_level,
                      "yes" if line.low else ""])
    _format_money(sheet, "D")
    moves = _sheet(book, "Stock moves", ["Date", "Number", "Type", "Item", "Quantity", "Unit", "Value"])
    for day, number, vtype, item, unit, qty, value in uow.exchange.stock_moves(shop_id, period.start, period.end):
        moves.append([day, number, vtype, item, from_milli(int(qty)), unit, _rupees(value)])
    _format_money(moves, "G")


def _register(book: Workbook, title: str, types: tuple[str, ...], vouchers: list[tuple[Any, ...]],
              lines: dict[int, list[tuple[Any, ...]]]) -> None:
    sheet = _sheet(book, title, ["Date", "Number", "Type", "Party", "GSTIN", "Supplier invoice", "GST rate %",
                                 "Taxable", "CGST", "SGST", "IGST", "Total"])
    for row in vouchers:
        voucher_id, vtype, number, day, party, gstin, *_ = row
        if vtype not in types:
            continue
        sign = -1 if vtype.endswith("_return") else 1  # an undo's lines carry their own minus
        by_rate: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for _, _, _, _, _, taxable, rate_bp, cgst, sgst, igst, total in lines.get(voucher_id, []):
            for i, value in enumerate((taxable, cgst, sgst, igst, total)):
                by_rate[rate_bp][i] += int(value)
        if not by_rate:  # a voucher booked as a lump sum, without item lines
            by_rate[0] = [int(row[11]), int(row[12]), int(row[13]), int(row[14]), int(row[10])]
        for rate_bp, sums in sorted(by_rate.items()):
            sheet.append([day, number, vtype, party, gstin, row[9], bp_to_rate(rate_bp),
                          *(_rupees(sign * v) for v in sums)])
    _format_money(sheet, "HIJKL")


def build(uow: SqlUnitOfWork, shop_id: int, period: Period) -> tuple[Workbook, ExcelSummary]:
    shop = require_shop(uow, shop_id)
    book = Workbook()
    book.remove(book.active)
    vouchers = uow.exchange.vouchers(shop_id, period.start, period.end)
    lines: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for line in uow.exchange.lines(shop_id, period.start, period.end):
        lines[line[0]].append(line)
    _day_book(book, vouchers)
    _ledgers(book, uow, shop_id, period, vouchers)
    _stock(book, uow, shop_id, period)
    _register(book, "GST sales register", SALES_TYPES, vouchers, lines)
    _register(book, "GST purchase register", PURCHASE_TYPES, vouchers, lines)
    book.properties.title = f"{shop.name}: {period.start.isoformat()} to {period.end.isoformat()}"
    book.properties.creator = "Munshi"
    return book, ExcelSummary(tuple(book.sheetnames), len(vouchers))


def write(uow: SqlUnitOfWork, shop_id: int, period: Period, out: IO[bytes]) -> ExcelSummary:
    book, summary = build(uow, shop_id, period)
    book.save(out)
    return summary
