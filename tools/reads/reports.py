"""Report reads over a period: sales, top items, expenses, profit and loss; and cash in hand.

A period is resolved against the context's today (TOOLS.md forms); the data echoes it as
`period: {"from", "to"}`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from domain.books import reports
from domain.periods import resolve_period
from tools.args import Category, PeriodArg, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.present import qty, rupees
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

PERIOD_HELP = "today yesterday this_week last_week this_month last_month this_year last_year, YYYY-MM, YYYY-Qn or {from, to}"


class SalesSummary(ToolArgs):
    """Total sales and the number of bills over a period."""

    period: PeriodArg = Field("today", description=PERIOD_HELP)


class TopItems(ToolArgs):
    """The best-selling items over a period."""

    period: PeriodArg = Field("this_month", description=PERIOD_HELP)
    n: int = Field(5, ge=1, le=50, description="how many items")


class ExpenseSummary(ToolArgs):
    """Expenses over a period, by category (or of one category)."""

    period: PeriodArg = Field("this_month", description=PERIOD_HELP)
    category: Category | None = Field(None, description="one category only")


class ProfitLoss(ToolArgs):
    """Profit and loss over a period: sales, cost of goods, gross profit, expenses, net profit."""

    period: PeriodArg = Field("this_month", description=PERIOD_HELP)


class CashBalance(ToolArgs):
    """Cash in the drawer, and money in the bank and UPI."""


def sales_summary(uow: SqlUnitOfWork, ctx: ToolContext, args: SalesSummary) -> ToolResult:
    s = reports.sales_summary(uow, ctx.shop_id, resolve_period(args.period, ctx.today))
    return ToolResult(data={
        "total": rupees(s.total), "count": s.count, "period": s.period.as_dict(), "taxable": rupees(s.taxable),
        "tax": rupees(s.tax), "returns": rupees(s.returns),
        "by_payment": {k: rupees(v) for k, v in s.by_payment.items()},
        "previous_total": rupees(s.previous_total), "previous_count": s.previous_count,
    })


def top_items(uow: SqlUnitOfWork, ctx: ToolContext, args: TopItems) -> ToolResult:
    period = resolve_period(args.period, ctx.today)
    rows = reports.top_items(uow, ctx.shop_id, period, args.n)
    return ToolResult(data={
        "period": period.as_dict(),
        "items": [{"item": r.item, "qty": qty(r.qty), "unit": r.unit, "sales": rupees(r.sales),
                   "profit": rupees(r.profit)} for r in rows],
    })


def expense_summary(uow: SqlUnitOfWork, ctx: ToolContext, args: ExpenseSummary) -> ToolResult:
    s = reports.expense_summary(uow, ctx.shop_id, resolve_period(args.period, ctx.today), args.category)
    return ToolResult(data={
        "total": rupees(s.total), "period": s.period.as_dict(), "category": args.category,
        "by_category": {k: rupees(v) for k, v in s.by_category.items()},
    })


def profit_loss(uow: SqlUnitOfWork, ctx: ToolContext, args: ProfitLoss) -> ToolResult:
    p = reports.profit_and_loss(uow, ctx.shop_id, resolve_period(args.period, ctx.today))
    return ToolResult(data={
        "period": p.period.as_dict(), "sales": rupees(p.sales), "cost_of_goods": rupees(p.cost_of_goods),
        "gross_profit": rupees(p.gross_profit), "expenses": rupees(p.expenses),
        "expenses_by_category": {k: rupees(v) for k, v in p.expenses_by_category.items()},
        "net_profit": rupees(p.net_profit),
    })


def cash_balance(uow: SqlUnitOfWork, ctx: ToolContext, args: CashBalance) -> ToolResult:
    c = reports.cash_and_bank(uow, ctx.shop_id, ctx.today)
    return ToolResult(data={"cash": rupees(c.cash), "bank": rupees(c.bank), "total": rupees(c.cash + c.bank)})


SPECS = (
    spec("sales_summary", SalesSummary, "reports", sales_summary),
    spec("top_items", TopItems, "reports", top_items),
    spec("expense_summary", ExpenseSummary, "reports", expense_summary),
    spec("profit_loss", ProfitLoss, "reports", profit_loss),
    spec("cash_balance", CashBalance, "reports", cash_balance),
)
