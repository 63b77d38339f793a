"""Reads that look ahead (the demand forecast, reorder suggestions by supplier, dead stock, the best
customers, cash ahead, odd bills, prices, late payers) and `send_reorder`, the draft orders the bot
WhatsApps to suppliers on the owner's word (it books nothing). The forecast comes from the shop's stored forecast when the scheduler has made one today
or yesterday (`ctx.forecasts`), else it is computed now with the fast models.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd
from pydantic import Field

from domain.books import reports
from domain.insight import books
from domain.insight.demand import DemandForecast
from domain.insight.refresh import fresh_enough
from domain.money import Money
from tools.args import MAX_AMOUNT, Name, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.present import qty, rupees
from tools.resolve import resolve_item, resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

FRESH_DAYS = 1  # a stored forecast made yesterday still answers today


class Forecast(ToolArgs):
    """How much of an item (or of each item) the shop will sell over the coming days."""

    item: Name | None = Field(None, description="the item; leave out for every item")
    days: int = Field(30, ge=1, le=90, description="how many days ahead")


class ReorderSuggestions(ToolArgs):
    """Items at or below their reorder point, grouped by supplier, with how much to order."""

    lead_days: float | None = Field(None, gt=0, le=60, description="days a supplier takes to deliver, if said")


class DeadStock(ToolArgs):
    """Items that are not selling and the money their stock ties up."""

    days: int = Field(60, ge=7, le=365, description="no sale for this many days counts as not selling")


class BestCustomers(ToolArgs):
    """The customers who bought the most lately, with their segment and the chance they stop coming."""

    days: int = Field(90, ge=7, le=365, description="over how many recent days")
    n: int = Field(5, ge=1, le=50, description="how many customers")


class CashFlow(ToolArgs):
    """Money expected in and out over the coming days, and whether it may run short."""

    days: int = Field(7, ge=1, le=30, description="how many days ahead (a week unless said)")


class Anomalies(ToolArgs):
    """Bills that look odd: duplicates, prices far from the catalog, unusual hours or amounts."""

    days: int = Field(7, ge=1, le=90, description="over how many recent days")


class PriceSuggestion(ToolArgs):
    """A suggested selling price for an item from its cost, demand, season and a competitor's price."""

    item: Name = Field(description="the item")
    competitor_price: Decimal | None = Field(None, gt=0, le=MAX_AMOUNT,
                                             description="rupees per unit a competitor charges, if said")
    competitor: Name | None = Field(None, description="the competitor's name, if said ('Reliance')")
    mrp: Decimal | None = Field(None, gt=0, le=MAX_AMOUNT, description="the printed MRP in rupees, if said")


class LatePayers(ToolArgs):
    """Customers whose udhaar is overdue: how much is past the days allowed and how long the oldest has waited."""

    days: int = Field(30, ge=1, le=365, description="days of credit allowed before a bill counts as late")


class SendReorder(ToolArgs):
    """WhatsApp each supplier (or the one named) a draft order of their items now below the reorder point."""

    supplier: Name | None = Field(None, description="only this supplier; leave out for every supplier")
    lead_days: float | None = Field(None, gt=0, le=60, description="days a supplier takes to deliver, if said")


def _forecast(uow: SqlUnitOfWork, ctx: ToolContext, horizon: int) -> DemandForecast | None:
    """The stored forecast from today on when it is fresh, else one computed now with the fast models."""
    stored = ctx.forecasts.get(ctx.shop_id) if ctx.forecasts is not None else None
    if fresh_enough(stored, ctx.today, horizon, FRESH_DAYS):
        result = stored.result
        ahead = result.forecast[pd.to_datetime(result.forecast["date"]).dt.date >= ctx.today]
        return DemandForecast(ahead.reset_index(drop=True), result.backtest, result.calendar)
    return books.shop_forecast(uow, ctx.shop_id, ctx.today, horizon=horizon, fast=True)


def forecast(uow: SqlUnitOfWork, ctx: ToolContext, args: Forecast) -> ToolResult:
    name = resolve_item(uow, ctx.shop_id, args.item).name if args.item else None
    result = _forecast(uow, ctx, args.days)
    if result is None:
        return ToolResult(data={"item": name, "days": args.days, "items": []})
    items = {i.name: i for i in uow.items.list(ctx.shop_id)}
    rows = [f for f in books.item_forecasts(result, items, args.days) if name is None or f.item == name]
    history = books.recent_sales(uow, ctx.shop_id, ctx.today, name) if name else []
    return ToolResult(data={
        "item": name, "days": args.days,
        "items": [{"item": f.item, "qty": qty(f.qty), "unit": f.unit, "low": qty(f.low), "high": qty(f.high),
                   "model": f.model,
                   "daily": [{"date": d.isoformat(), "qty": round(m, 2), "low": round(lo, 2), "high": round(hi, 2)}
                             for d, m, lo, hi in f.daily],
                   "history": [{"date": d.isoformat(), "qty": round(q, 3)} for d, q in history]}
                  for f in rows],
    })


def reorder_suggestions(uow: SqlUnitOfWork, ctx: ToolContext, args: ReorderSuggestions) -> ToolResult:
    result = _forecast(uow, ctx, 30)
    groups = books.reorder_suggestions(uow, ctx.shop_id, ctx.today, args.lead_days, result)
    suppliers = [
        {"supplier": supplier, "items": [
            {"item": s.item, "qty": s.order_qty, "unit": s.unit, "stock": s.stock, "reorder_point": s.reorder_point,
             "safety_stock": s.safety_stock, "lead_days": s.lead_days} for s in rows]}
        for supplier, rows in sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    ]
    flat = [dict(row, supplier=g["supplier"]) for g in suppliers for row in g["items"]]
    return ToolResult(data={"suppliers": suppliers, "items": flat})


def dead_stock(uow: SqlUnitOfWork, ctx: ToolContext, args: DeadStock) -> ToolResult:
    found = books.shop_dead_stock(uow, ctx.shop_id, ctx.today, args.days)
    total = sum(d.value_paise for d in found)
    return ToolResult(data={
        "days": args.days, "total_value": rupees(Money(total)),
        "items": [{"item": d.item, "qty": round(d.stock, 3), "unit": d.unit, "value": rupees(Money(d.value_paise)),
                   "idle_days": d.idle_days, "turnover": d.turnover, "no_sale_probability": d.no_sale_probability}
                  for d in found],
    })


def best_customers(uow: SqlUnitOfWork, ctx: ToolContext, args: BestCustomers) -> ToolResult:
    found = books.customers(uow, ctx.shop_id, ctx.today, args.days)[: args.n]
    return ToolResult(data={
        "days": args.days,
        "parties": [{"party": c.party, "purchases": rupees(c.purchases), "visits": c.visits,
                     "last_visit": c.last_visit.isoformat(), "segment": c.segment,
                     "churn_probability": round(c.churn_probability, 3), "on_credit": rupees(c.on_credit)}
                    for c in found],
    })




def cash_flow(uow: SqlUnitOfWork, ctx: ToolContext, args: CashFlow) -> ToolResult:
    days = books.cash_forecast(uow, ctx.shop_id, ctx.today, max(args.days, 7), _forecast(uow, ctx, 30))
    shown = days[: args.days]
    lowest = min(shown, key=lambda d: d.balance_paise)
    short = next((d for d in shown if d.balance_paise < 0), None)
    return ToolResult(data={
        "days": args.days,
        "money_in": rupees(Money(sum(d.money_in_paise for d in shown))),
        "money_out": rupees(Money(sum(d.money_out_paise for d in shown))),
        "lowest_balance": rupees(Money(lowest.balance_paise)), "lowest_on": lowest.day.isoformat(),
        "short_on": short.day.isoformat() if short else None,
        "daily": [{"date": d.day.isoformat(), "in": rupees(Money(d.money_in_paise)),
                   "out": rupees(Money(d.money_out_paise)), "balance": rupees(Money(d.balance_paise))} for d in shown],
    })


def anomalies(uow: SqlUnitOfWork, ctx: ToolContext, args: Anomalies) -> ToolResult:
    found = books.shop_anomalies(uow, ctx.shop_id, ctx.today, args.days)
    return ToolResult(data={"days": args.days, "bills": [
        {"voucher": a.number, "date": a.day.isoformat(), "total": rupees(Money(a.total_paise)),
         "reasons": list(a.reasons)} for a in found]})


def price_suggestion(uow: SqlUnitOfWork, ctx: ToolContext, args: PriceSuggestion) -> ToolResult:
    item = resolve_item(uow, ctx.shop_id, args.item)
    competitor = Money.from_rupees(args.competitor_price) if args.competitor_price else None
    mrp = Money.from_rupees(args.mrp) if args.mrp else None
    advice = books.price_advice(uow, ctx.shop_id, ctx.today, item.name, competitor, mrp)
    s = advice.suggestion
    return ToolResult(data={
        "item": advice.item, "unit": advice.unit, "price": rupees(Money(s.price_paise)), "rate": rupees(advice.rate),
        "cost": rupees(advice.cost), "competitor": args.competitor, "competitor_price": rupees(competitor),
        "mrp": rupees(mrp), "capped_by_mrp": s.capped_by_mrp,
        "factors": {"demand": float(s.demand_factor), "competition": float(s.competition_factor),
                    "season": float(s.season_factor)},
    })


def send_reorder(uow: SqlUnitOfWork, ctx: ToolContext, args: SendReorder) -> ToolResult:
    only = resolve_party(uow, ctx.shop_id, args.supplier, "supplier").name if args.supplier else None
    groups = books.reorder_suggestions(uow, ctx.shop_id, ctx.today, args.lead_days, _forecast(uow, ctx, 30))
    phones = {p.name: p.phone for p in uow.parties.list(ctx.shop_id, "supplier")}
    orders, unreachable = [], []
    for supplier, rows in sorted(groups.items(), key=lambda kv: kv[0] or ""):
        if supplier is None or (only and supplier != only):
            continue
        items = [{"item": r.item, "qty": r.order_qty, "unit": r.unit} for r in rows]
        if phones.get(supplier):
            orders.append({"supplier": supplier, "phone": phones[supplier], "items": items})
        else:
            unreachable.append(supplier)
    shop = uow.shops.get(ctx.shop_id)
    return ToolResult(data={"orders": orders, "no_phone": unreachable, "shop": shop.name if shop else "",
                            "voucher": None})


OVERDUE_BUCKETS = {30: ("31-60", "61-90", "90+"), 60: ("61-90", "90+"), 90: ("90+",)}


def late_payers(uow: SqlUnitOfWork, ctx: ToolContext, args: LatePayers) -> ToolResult:
    owed = reports.outstanding(uow, ctx.shop_id, "receivable", as_of=ctx.today)
    buckets = next((b for limit, b in sorted(OVERDUE_BUCKETS.items()) if args.days <= limit), ("90+",))
    rows = []
    for p in owed.parties:
        if p.days <= args.days:
            continue
        overdue = sum((p.ageing.get(b, Money(0)) for b in buckets), Money(0))
        rows.append({"party": p.party, "overdue": rupees(overdue if overdue.paise else p.balance),
                     "balance": rupees(p.balance), "days": p.days, "late_by": p.days - args.days})
    rows.sort(key=lambda r: (-r["late_by"], r["party"]))
    return ToolResult(data={"days": args.days, "parties": rows})


SPECS = (
    spec("forecast", Forecast, "stock", forecast),
    spec("reorder_suggestions", ReorderSuggestions, "stock", reorder_suggestions),
    spec("dead_stock", DeadStock, "reports", dead_stock),
    spec("best_customers", BestCustomers, "reports", best_customers),
    spec("cash_flow", CashFlow, "reports", cash_flow),
    spec("anomalies", Anomalies, "reports", anomalies),
    spec("price_suggestion", PriceSuggestion, "catalog", price_suggestion),
    spec("late_payers", LatePayers, "reports", late_payers),
    spec("send_reorder", SendReorder, "purchases", send_reorder, write=True),
)
