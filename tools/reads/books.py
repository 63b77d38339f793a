"""Reads of the books for screens and the API: pages of vouchers, one voucher, the day book, a party's
statement, the balance sheet and trial balance, the item and party lists, the dashboard's figures,
and the audit trail ("aaj kisne kya likha": who wrote what, through which message or API call).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from domain.books import catalog, lists, parties, reports
from domain.periods import resolve_period
from tools.args import Name, PartyKind, PeriodArg, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.present import qty, rupees
from tools.resolve import resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

VoucherType = Literal["sale", "purchase", "sale_return", "purchase_return", "receipt", "payment", "expense",
                      "journal", "stock_adjustment", "opening_stock"]


class ListVouchers(ToolArgs):
    """Vouchers newest first, a page at a time, optionally of some types and between two dates."""

    types: list[VoucherType] | None = Field(None, description="only these voucher types", max_length=10)
    from_date: dt.date | None = Field(None, alias="from", description="first day, YYYY-MM-DD")
    to_date: dt.date | None = Field(None, alias="to", description="last day, YYYY-MM-DD")
    before: int | None = Field(None, ge=1, description="the cursor `next` of the previous page")
    limit: int = Field(50, ge=1, le=200, description="vouchers per page")

    @model_validator(mode="after")
    def _order(self) -> ListVouchers:
        if self.from_date and self.to_date and self.to_date < self.from_date:
            raise ValueError("`to` is before `from`")
        return self


class VoucherArgs(ToolArgs):
    """One voucher in full, by its number, with its item lines."""

    number: Name = Field(description="the voucher number, e.g. SL/26-27/0001")


class DayBookArgs(ToolArgs):
    """Every voucher of one day, in the order entered."""

    date: dt.date | None = Field(None, description="the day, YYYY-MM-DD (default today)")


class StatementArgs(ToolArgs):
    """A party's khata over a period: opening balance, each voucher, closing balance."""

    party: Name = Field(description="the customer or supplier")
    period: PeriodArg = Field("this_month", description="a TOOLS.md period")


class AsOfArgs(ToolArgs):
    """A statement of the books as of a day (default today)."""

    as_of: dt.date | None = Field(None, description="YYYY-MM-DD (default today)")


class ListItemsArgs(ToolArgs):
    """The shop's catalog: every item with its unit, price, GST rate, stock and reorder level."""


class ListPartiesArgs(ToolArgs):
    """The shop's customers and suppliers with their balances."""

    kind: PartyKind | None = Field(None, description="customer or supplier (default both)")


class DashboardArgs(ToolArgs):
    """The home screen's figures: today's sales and the change, the last 7 days, low stock with reorder
    points, what to order, dues with ageing, cash and bank, and one insight."""


class AuditArgs(ToolArgs):
    """Who wrote what in the books, through which message or API call ("aaj kisne kya likha")."""

    period: PeriodArg = Field("today", description="a TOOLS.md period (default today)")


def _voucher_json(v: lists.VoucherRow) -> dict:
    return {"id": v.id, "number": v.number, "type": v.type, "date": v.date.isoformat(), "party": v.party,
            "payment": v.payment, "category": v.category, "narration": v.narration, "total": rupees(v.total),
            "taxable": rupees(v.taxable), "tax": rupees(v.tax), "reverses": v.reverses,
            "reversed_by": v.reversed_by}


def list_vouchers(uow: SqlUnitOfWork, ctx: ToolContext, args: ListVouchers) -> ToolResult:
    page = lists.voucher_page(uow, ctx.shop_id, types=tuple(args.types) if args.types else None,
                              start=args.from_date, end=args.to_date, before=args.before, limit=args.limit)
    return ToolResult(data={"vouchers": [_voucher_json(v) for v in page.rows], "next": page.next_before})


def voucher(uow: SqlUnitOfWork, ctx: ToolContext, args: VoucherArgs) -> ToolResult:
    row, lines = lists.voucher_detail(uow, ctx.shop_id, args.number)
    return ToolResult(data={**_voucher_json(row), "lines": [
        {"item": li.item, "qty": qty(li.qty), "unit": li.unit, "rate": rupees(li.rate), "taxable": rupees(li.taxable),
         "gst_rate": float(li.gst_rate_bp) / 100, "tax": rupees(li.tax), "total": rupees(li.total)} for li in lines]})


def day_book(uow: SqlUnitOfWork, ctx: ToolContext, args: DayBookArgs) -> ToolResult:
    day = args.date or ctx.today
    entries = reports.day_book(uow, ctx.shop_id, day)
    return ToolResult(data={"date": day.isoformat(), "entries": [
        {"number": e.number, "type": e.type, "party": e.party, "payment": e.payment, "total": rupees(e.total),
         "narration": e.narration, "reverses": e.reverses} for e in entries]})


def party_statement(uow: SqlUnitOfWork, ctx: ToolContext, args: StatementArgs) -> ToolResult:
    party = resolve_party(uow, ctx.shop_id, args.party)
    s = reports.party_statement(uow, ctx.shop_id, party.name, resolve_period(args.period, ctx.today))
    return ToolResult(data={"party": s.party, "period": s.period.as_dict(), "opening": rupees(s.opening),
                            "closing": rupees(s.closing), "lines": [
        {"date": li.date.isoformat(), "number": li.number, "type": li.type, "debit": rupees(li.debit),
         "credit": rupees(li.credit), "balance": rupees(li.balance)} for li in s.lines]})


def balance_sheet(uow: SqlUnitOfWork, ctx: ToolContext, args: AsOfArgs) -> ToolResult:
    b = reports.balance_sheet(uow, ctx.shop_id, args.as_of or ctx.today)
    return ToolResult(data={
        "as_of": b.as_of.isoformat(), "assets": {k: rupees(v) for k, v in b.assets.items()},
        "liabilities": {k: rupees(v) for k, v in b.liabilities.items()},
        "equity": {k: rupees(v) for k, v in b.equity.items()}, "total_assets": rupees(b.total_assets),
        "total_liabilities_and_equity": rupees(b.total_liabilities_and_equity)})


def trial_balance(uow: SqlUnitOfWork, ctx: ToolContext, args: AsOfArgs) -> ToolResult:
    t = reports.trial_balance(uow, ctx.shop_id, args.as_of or ctx.today)
    return ToolResult(data={"as_of": t.as_of.isoformat(), "accounts": [
        {"code": a.code, "name": a.name, "kind": a.kind, "balance": rupees(a.balance)} for a in t.accounts],
        "total_debit": rupees(t.total_debit), "total_credit": rupees(t.total_credit)})


def list_items(uow: SqlUnitOfWork, ctx: ToolContext, args: ListItemsArgs) -> ToolResult:
    return ToolResult(data={"items": [
        {"item": i.name, "unit": i.unit, "rate": rupees(i.rate), "gst_rate": float(i.gst_rate), "hsn": i.hsn,
         "stock": qty(i.stock), "reorder_level": qty(i.reorder_level)} for i in catalog.list_items(uow, ctx.shop_id)]})


def list_parties(uow: SqlUnitOfWork, ctx: ToolContext, args: ListPartiesArgs) -> ToolResult:
    return ToolResult(data={"parties": [
        {"party": p.name, "kind": p.kind, "phone": p.phone, "gstin": p.gstin, "balance": rupees(p.balance)}
        for p in parties.list_parties(uow, ctx.shop_id, args.kind)]})


def _insight(uow: SqlUnitOfWork, ctx: ToolContext) -> dict | None:
    """The week's best seller and how this week's sales compare with last week's."""
    week = resolve_period("this_week", ctx.today)
    top = reports.top_items(uow, ctx.shop_id, week, 1)
    sales = reports.sales_summary(uow, ctx.shop_id, week)
    if not top and not sales.total:
        return None
    return {"kind": "week", "top_item": top[0].item if top else None,
            "top_item_sales": rupees(top[0].sales) if top else None,
            "week_sales": rupees(sales.total), "last_week_sales": rupees(sales.previous_total)}


def _pending_orders(uow: SqlUnitOfWork, ctx: ToolContext, low: list) -> list[dict]:
    """What to order: the `reorder_suggestions` tool's answer where it is installed; otherwise each item
    at or below its reorder level, enough to bring it back up to twice that level."""
    from tools.registry import TOOLS  # the registry imports this module: looked up when called

    spec = TOOLS.get("reorder_suggestions")
    if spec is not None:
        data = spec.handler(uow, ctx, spec.input_model()).data
        return [{"item": r["item"], "qty": r.get("qty", r.get("order_qty", 0)), "unit": r.get("unit", "")}
                for r in data.get("items", data.get("suggestions", []))]
    return [{"item": s.item, "qty": qty(max(s.reorder_level * 2 - s.qty, s.reorder_level)), "unit": s.unit}
            for s in low]


def dashboard(uow: SqlUnitOfWork, ctx: ToolContext, args: DashboardArgs) -> ToolResult:
    today = reports.sales_summary(uow, ctx.shop_id, resolve_period("today", ctx.today))
    dues = lists.dues(uow, ctx.shop_id, ctx.today)
    cash = reports.cash_and_bank(uow, ctx.shop_id, ctx.today)
    low = reports.low_stock(uow, ctx.shop_id)
    return ToolResult(data={
        "date": ctx.today.isoformat(),
        "today": {"total": rupees(today.total), "count": today.count, "previous_total": rupees(today.previous_total),
                  "change": rupees(today.total - today.previous_total)},
        "week": [{"date": d.isoformat(), "total": rupees(m)} for d, m in lists.daily_sales(uow, ctx.shop_id, ctx.today)],
        "low_stock": [{"item": s.item, "qty": qty(s.qty), "unit": s.unit, "reorder_level": qty(s.reorder_level)}
                      for s in low],
        "pending_orders": _pending_orders(uow, ctx, low),
        "dues": {"total": rupees(dues.total), "ageing": {k: rupees(v) for k, v in dues.ageing.items()},
                 "parties": [{"party": p.party, "balance": rupees(p.balance), "days": p.days}
                             for p in dues.parties]},
        "cash": rupees(cash.cash), "bank": rupees(cash.bank),
        "insight": _insight(uow, ctx),
    })


def audit_log(uow: SqlUnitOfWork, ctx: ToolContext, args: AuditArgs) -> ToolResult:
    period = resolve_period(args.period, ctx.today)
    rows = lists.audit_trail(uow, ctx.shop_id, period.start, period.end)
    return ToolResult(data={"period": period.as_dict(), "entries": [
        {"at": r.at.isoformat(), "user": r.user, "role": r.role, "tool": r.tool, "source": r.source,
         "voucher": r.voucher, "args": r.args, "result": r.result} for r in rows]})


SPECS = (
    spec("list_vouchers", ListVouchers, "reports", list_vouchers),
    spec("voucher", VoucherArgs, "reports", voucher),
    spec("day_book", DayBookArgs, "reports", day_book),
    spec("party_statement", StatementArgs, "reports", party_statement),
    spec("balance_sheet", AsOfArgs, "reports", balance_sheet),
    spec("trial_balance", AsOfArgs, "reports", trial_balance),
    spec("list_items", ListItemsArgs, "stock", list_items),
    spec("list_parties", ListPartiesArgs, "reports", list_parties),
    spec("dashboard", DashboardArgs, "reports", dashboard),
    spec("audit_log", AuditArgs, "reports", audit_log),
)
