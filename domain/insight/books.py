"""The insight use cases over a shop's books: demand forecasts, reorder suggestions, dead stock and the
best customers. Each reads through the unit of work, turns the books into plain series and rows, and
hands them to the pure computations of this room. Nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from domain.books import reports
from domain.books.common import require_shop
from domain.errors import UnknownItem
from domain.insight import reorder
from domain.insight.anomalies import Anomaly, Bill, find_anomalies
from domain.insight.calendar import learn_calendar, subdivision_of
from domain.insight.cashflow import CashDay, CashInputs, Dues, project
from domain.insight.churn import score_churn
from domain.insight.deadstock import DeadItem, StockItem, dead_stock
from domain.insight.demand import DemandForecast, forecast_demand
from domain.insight.pricing import PriceSuggestion, suggest_price
from domain.money import Money
from domain.units import from_milli

if TYPE_CHECKING:
    from domain.store.models import Item
    from domain.store.uow import SqlUnitOfWork

HISTORY_DAYS = 365
WHOLE_UNITS = frozenset({"pc", "dozen", "pack", "box", "bag"})


def _units(milli: int) -> float:
    return float(from_milli(milli))


def daily_demand(uow: SqlUnitOfWork, shop_id: int, today: date, days: int = HISTORY_DAYS) -> pd.DataFrame:
    """`series, date, units`: units sold per item (the item's name) and day up to yesterday, every day of
    each item from its first sale, zero when nothing sold."""
    start, end = today - timedelta(days=days), today - timedelta(days=1)
    items = {i.id: i.name for i in uow.items.list(shop_id)}
    rows = [(items[i], d, _units(q)) for i, d, q in uow.insight.daily_units_sold(shop_id, start, end) if i in items]
    if not rows:
        return pd.DataFrame(columns=["series", "date", "units"])
    frame = pd.DataFrame(rows, columns=["series", "date", "units"])
    frame["date"] = pd.to_datetime(frame["date"])
    first = frame["date"].min()
    # The last day is yesterday for every item, so each series runs to the same end.
    grid = pd.MultiIndex.from_product([sorted(frame["series"].unique()), pd.date_range(first, pd.Timestamp(end))],
                                      names=["series", "date"])
    full = frame.groupby(["series", "date"])["units"].sum().reindex(grid, fill_value=0.0).reset_index()
    return full


def recent_sales(uow: SqlUnitOfWork, shop_id: int, today: date, item: str, days: int = 28) -> list[tuple[date, float]]:
    """An item's units sold per day over the last `days` days (zero on days without a sale)."""
    frame = daily_demand(uow, shop_id, today, days)
    part = frame[frame["series"] == item]
    return [(d.date(), float(u)) for d, u in zip(part["date"], part["units"], strict=True)]


def shop_forecast(uow: SqlUnitOfWork, shop_id: int, today: date, horizon: int = 30, fast: bool = True) -> DemandForecast | None:
    """The demand forecast of every item that has sold, from the books as they are now."""
    shop = require_shop(uow, shop_id)
    sales = daily_demand(uow, shop_id, today)
    if sales.empty:
        return None
    return forecast_demand(sales, horizon=horizon, state=subdivision_of(shop.state_code), fast=fast)


@dataclass(frozen=True, slots=True)
class ItemForecast:
    item: str
    unit: str
    qty: Decimal  # expected units over the days
    low: Decimal  # the 80% band of the total
    high: Decimal
    model: str
    daily: tuple[tuple[date, float, float, float], ...]  # day, mean, lo80, hi80


def item_forecasts(result: DemandForecast, items: dict[str, Item], days: int) -> list[ItemForecast]:
    """Totals over the first `days` days per item, the largest first. The band of a total assumes the
    days' errors independent: the mean's sum plus or minus the root of the summed squared half-widths."""
    out = []
    for name, part in result.forecast.groupby("series", sort=False):
        part = part.head(days)
        item = items.get(str(name))
        mean = float(part["mean"].sum())
        half_lo = float(np.sqrt(((part["mean"] - part["lo80"]) ** 2).sum()))
        half_hi = float(np.sqrt(((part["hi80"] - part["mean"]) ** 2).sum()))
        daily = tuple((d, float(m), float(lo), float(hi))
                      for d, m, lo, hi in zip(part["date"], part["mean"], part["lo80"], part["hi80"], strict=True))
        out.append(ItemForecast(str(name), item.unit if item else "", _dec(mean), _dec(max(mean - half_lo, 0.0)),
                                _dec(mean + half_hi), str(part["model"].iloc[0]), daily))
    return sorted(out, key=lambda f: (-f.qty, f.item))


def _dec(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def _suppliers(uow: SqlUnitOfWork, shop_id: int, today: date) -> tuple[dict[int, str], dict[str, float]]:
    """Each item's latest supplier, and each supplier's lead time learned from its deliveries."""
    names = {p.id: p.name for p in uow.parties.list(shop_id, "supplier")}
    latest: dict[int, tuple[date, str]] = {}
    deliveries: dict[str, list[date]] = defaultdict(list)
    for item_id, party_id, day, _ in uow.insight.purchases_in(shop_id, today - timedelta(days=HISTORY_DAYS)):
        if party_id not in names:
            continue
        supplier = names[party_id]
        deliveries[supplier].append(day)
        if item_id not in latest or day >= latest[item_id][0]:
            latest[item_id] = (day, supplier)
    lead = {s: d for s, days in deliveries.items() if (d := reorder.lead_days_from_purchases(days)) is not None}
    return {i: s for i, (_, s) in latest.items()}, lead


def _sigma(result: DemandForecast, name: str, history: pd.DataFrame) -> float:
    """The spread of a day's forecast error: the backtest's, else the spread of daily sales."""
    errors = result.backtest[result.backtest["series"] == name]
    if len(errors) >= 7:
        return float(np.std(errors["actual"] - errors["predicted"], ddof=1))
    units = history.loc[history["series"] == name, "units"].tail(28)
    return float(units.std(ddof=1)) if len(units) > 1 else 0.0


def reorder_suggestions(uow: SqlUnitOfWork, shop_id: int, today: date, lead_days: float | None = None,
                        result: DemandForecast | None = None) -> dict[str | None, list[reorder.Suggestion]]:
    """Items at or below their reorder point, grouped by supplier, with quantities to order. A lead time
    told by the owner applies to every supplier; otherwise each supplier's is learned, else the default."""
    require_shop(uow, shop_id)
    items = {i.name: i for i in uow.items.list(shop_id)}
    history = daily_demand(uow, shop_id, today)
    if history.empty:
        return {}
    result = result or shop_forecast(uow, shop_id, today)
    if result is None:
        return {}
    supplier_of, learned = _suppliers(uow, shop_id, today)
    demands = []
    for name, part in result.forecast.groupby("series", sort=False):
        item = items.get(str(name))
        if item is None:
            continue
        supplier = supplier_of.get(item.id)
        lead = lead_days or learned.get(supplier or "", reorder.DEFAULT_LEAD_DAYS)
        horizon = part.head(max(1, int(round(lead))))
        demands.append(reorder.ItemDemand(
            item=item.name, unit=item.unit, stock=_units(item.stock_milli), daily_demand=float(horizon["mean"].mean()),
            sigma=_sigma(result, str(name), history), lead_days=float(lead), supplier=supplier,
            whole_units=item.unit in WHOLE_UNITS,
        ))
    return reorder.by_supplier(demands)


def shop_dead_stock(uow: SqlUnitOfWork, shop_id: int, today: date, idle_days: int = 60) -> list[DeadItem]:
    require_shop(uow, shop_id)
    sales: dict[int, dict[date, float]] = defaultdict(dict)
    for item_id, day, milli in uow.insight.daily_units_sold(shop_id, today - timedelta(days=HISTORY_DAYS), today):
        sales[item_id][day] = _units(milli)
    stock = [StockItem(i.name, i.unit, _units(i.stock_milli), int(i.stock_value_paise), sales.get(i.id, {}))
             for i in uow.items.list(shop_id)]
    return dead_stock(stock, today, idle_days)


@dataclass(frozen=True, slots=True)
class CustomerInsight:
    party: str
    purchases: Money  # over the period
    visits: int
    last_visit: date
    churn_probability: float
    segment: str
    on_credit: Money  # of the purchases, what was on credit


def customers(uow: SqlUnitOfWork, shop_id: int, today: date, days: int = 90,
              horizon_days: int = 90) -> list[CustomerInsight]:
    """Named customers by what they bought in the last `days` days, with churn and segment, best first."""
    require_shop(uow, shop_id)
    rows = uow.insight.customer_sales(shop_id, today - timedelta(days=HISTORY_DAYS), today)
    if not rows:
        return []
    frame = pd.DataFrame(rows, columns=["party_id", "customer", "date", "paise", "payment"])
    frame["amount"] = frame["paise"] / 100
    scores = score_churn(frame[["customer", "date", "amount"]], today, horizon_days).set_index("customer")
    recent = frame[frame["date"] > today - timedelta(days=days)]
    out = []
    for name, part in recent.groupby("customer"):
        score = scores.loc[name] if name in scores.index else None
        out.append(CustomerInsight(
            party=str(name), purchases=Money(int(part["paise"].sum())), visits=int(part["date"].nunique()),
            last_visit=max(part["date"]), segment=str(score["segment"]) if score is not None else "new",
            churn_probability=float(score["churn_probability"]) if score is not None else 0.0,
            on_credit=Money(int(part.loc[part["payment"] == "credit", "paise"].sum())),
        ))
    return sorted(out, key=lambda c: (-c.purchases.paise, c.party))


SETTLE_WINDOW_DAYS = 90


def _pace(uow: SqlUnitOfWork, shop_id: int, today: date, voucher_type: str, kind: str) -> list[Dues]:
    """Each party with a balance, and how much a day they settled over the last 90 days."""
    start = today - timedelta(days=SETTLE_WINDOW_DAYS)
    settled = dict(uow.insight.settlements(shop_id, start, today, voucher_type))
    receivable = kind == "receivable"
    dues = []
    for party in uow.reports.parties_with_balance(shop_id, receivable):
        balance = party.balance_paise if receivable else -party.balance_paise
        dues.append(Dues(party.name, int(balance), int(settled.get(party.id, 0) // SETTLE_WINDOW_DAYS)))
    return dues


def _shares(uow: SqlUnitOfWork, shop_id: int, today: date) -> tuple[float, float, int]:
    """(credit share of sales, cash share of purchases, expenses a day) over the last 90 days."""
    start = today - timedelta(days=SETTLE_WINDOW_DAYS)
    rows = uow.reports.voucher_sums(shop_id, start, today - timedelta(days=1), ("sale", "purchase", "expense"))
    def total(kind: str, credit: bool | None = None) -> int:
        return sum(s for t, p, _, s in rows if t == kind and (credit is None or (p == "credit") == credit))
    sales, purchases = total("sale"), total("purchase")
    credit_share = total("sale", True) / sales if sales else 0.0
    cash_share = total("purchase", False) / purchases if purchases else 1.0
    return credit_share, cash_share, total("expense") // SETTLE_WINDOW_DAYS


def cash_forecast(uow: SqlUnitOfWork, shop_id: int, today: date, days: int = 30,
                  result: DemandForecast | None = None) -> list[CashDay]:
    """The next `days` days of money in and out from the sales forecast, dues and payables."""
    require_shop(uow, shop_id)
    result = result or shop_forecast(uow, shop_id, today, horizon=days)
    items = {i.name: i for i in uow.items.list(shop_id)}
    sales, cost = [0] * days, [0] * days
    if result is not None:
        ahead = result.forecast[pd.to_datetime(result.forecast["date"]).dt.date >= today]
        for name, day, mean in zip(ahead["series"], ahead["date"], ahead["mean"], strict=True):
            k = (pd.Timestamp(day).date() - today).days
            item = items.get(str(name))
            if item is not None and 0 <= k < days:
                sales[k] += round(float(mean) * item.rate_paise)
                cost[k] += round(float(mean) * item.cost_paise)
    credit_share, cash_share, expenses = _shares(uow, shop_id, today)
    cash = reports.cash_and_bank(uow, shop_id, today)
    inputs = CashInputs(
        opening_paise=cash.cash.paise + cash.bank.paise, sales_per_day_paise=sales, cost_per_day_paise=cost,
        credit_share=credit_share, receivables=_pace(uow, shop_id, today, "receipt", "receivable"),
        payables=_pace(uow, shop_id, today, "payment", "payable"), cash_purchase_share=cash_share,
        expenses_per_day_paise=expenses)
    return project(inputs, today)


def shop_anomalies(uow: SqlUnitOfWork, shop_id: int, today: date, days: int = 7) -> list[Anomaly]:
    """Odd sale bills of the last `days` days, judged against the last 90."""
    require_shop(uow, shop_id)
    names = {p.id: p.name for p in uow.parties.list(shop_id)}
    bills: dict[str, dict] = {}
    for number, day, at, party_id, total, _, unit_said, _, rate, unit, catalog in uow.insight.sale_lines(
            shop_id, today - timedelta(days=90), today):
        bill = bills.setdefault(number, {"number": number, "day": day, "at": at, "party": names.get(party_id),
                                         "total_paise": int(total), "price_gaps": []})
        if unit_said == unit and catalog > 0:
            bill["price_gaps"].append(rate / catalog - 1)
    rows = [Bill(**{**b, "price_gaps": tuple(b["price_gaps"])}) for b in bills.values()]
    return find_anomalies(rows, today - timedelta(days=days - 1))


@dataclass(frozen=True, slots=True)
class PriceAdvice:
    item: str
    unit: str
    rate: Money
    cost: Money
    suggestion: PriceSuggestion


def price_advice(uow: SqlUnitOfWork, shop_id: int, today: date, name: str, competitor: Money | None = None,
                 mrp: Money | None = None) -> PriceAdvice:
    """The formula's price for one item (its catalog name) from its cost, its recent pace, the season ahead
    and a competitor's price."""
    shop = require_shop(uow, shop_id)
    item = uow.items.get_by_name(shop_id, name)
    if item is None:
        raise UnknownItem(name)
    history = daily_demand(uow, shop_id, today, 120)
    mine = history[history["series"] == item.name]["units"].to_numpy(dtype=float)
    recent = float(mine[-14:].mean()) if mine.size else 0.0
    earlier = float(mine[-42:-14].mean()) if mine.size > 14 else 0.0
    lift = 1.0
    if not history.empty:
        totals = history.groupby("date")["units"].sum()
        cal = learn_calendar(totals.index[0].date(), totals.to_numpy(), 7, subdivision_of(shop.state_code))
        lift = max(cal.festival_factor.values(), default=1.0)
    cost = item.cost_paise or round(item.rate_paise / 1.15)
    suggestion = suggest_price(cost, recent_rate=recent, earlier_rate=earlier, season_lift=lift,
                               competitor_paise=competitor.paise if competitor else None,
                               mrp_paise=mrp.paise if mrp else None)
    return PriceAdvice(item.name, item.unit, Money(item.rate_paise), Money(cost), suggestion)
