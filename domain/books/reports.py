"""Reports, read by SQL aggregation over per-day totals kept in the same transaction as postings,
so a period report costs O(days x accounts), not O(vouchers).

Amounts are `Money`; balances of parties are positive when the party owes the shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.books.common import require_shop, resolve_item, resolve_party
from domain.chart import COST_OF_GOODS, EXPENSE_CATEGORIES, INPUT_TAX, KIND_OF, OPERATING_EXPENSES, OUTPUT_TAX
from domain.errors import InvalidArgument
from domain.money import Money, round_to_int
from domain.periods import Period, previous_period
from domain.units import from_milli

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork
    from domain.store.models import Item


@dataclass(frozen=True, slots=True)
class DayBookEntry:
    number: str
    type: str
    party: str | None
    payment: str | None
    total: Money
    narration: str | None
    reverses: str | None


@dataclass(frozen=True, slots=True)
class SalesSummary:
    period: Period
    total: Money  # sales net of returns, GST included
    taxable: Money
    tax: Money
    count: int  # sale vouchers (not reversed, not reversals)
    returns: Money  # GST-inclusive value of sale returns in the period
    by_payment: dict[str, Money]
    previous_total: Money = Money(0)  # the same figures over `previous_period(period)`
    previous_count: int = 0


@dataclass(frozen=True, slots=True)
class TopItem:
    item: str
    qty: Decimal
    unit: str
    sales: Money  # taxable value
    profit: Money  # taxable value minus cost


@dataclass(frozen=True, slots=True)
class ExpenseSummary:
    period: Period
    total: Money
    by_category: dict[str, Money]


@dataclass(frozen=True, slots=True)
class ProfitAndLoss:
    period: Period
    sales: Money  # net of returns, tax excluded
    cost_of_goods: Money
    gross_profit: Money
    expenses: Money
    expenses_by_category: dict[str, Money]
    net_profit: Money


@dataclass(frozen=True, slots=True)
class AccountBalance:
    code: str
    name: str
    kind: str  # asset liability equity income expense
    balance: Money  # debit positive


@dataclass(frozen=True, slots=True)
class TrialBalance:
    as_of: date
    accounts: tuple[AccountBalance, ...]
    total_debit: Money
    total_credit: Money


@dataclass(frozen=True, slots=True)
class BalanceSheet:
    as_of: date
    assets: dict[str, Money]  # by account code, debit positive
    liabilities: dict[str, Money]  # credit positive
    equity: dict[str, Money]  # credit positive, with "profit" to date
    total_assets: Money
    total_liabilities_and_equity: Money


@dataclass(frozen=True, slots=True)
class CashAndBank:
    cash: Money
    bank: Money  # UPI, card and bank together


@dataclass(frozen=True, slots=True)
class StatementLine:
    date: date
    number: str
    type: str
    debit: Money  # the party owes more
    credit: Money  # the party owes less
    balance: Money


@dataclass(frozen=True, slots=True)
class PartyStatement:
    party: str
    period: Period
    opening: Money
    lines: tuple[StatementLine, ...]
    closing: Money


@dataclass(frozen=True, slots=True)
class OutstandingParty:
    party: str
    phone: str | None
    balance: Money  # positive: owed to the shop (receivable) / by the shop (payable)
    days: int  # since the oldest bill not yet paid (FIFO)
    ageing: dict[str, Money]  # "0-30" "31-60" "61-90" "90+"


@dataclass(frozen=True, slots=True)
class Outstanding:
    kind: str  # receivable | payable
    as_of: date
    parties: tuple[OutstandingParty, ...]
    total: Money
    ageing: dict[str, Money]


@dataclass(frozen=True, slots=True)
class StockLine:
    item: str
    qty: Decimal
    unit: str
    value: Money  # at weighted average cost
    reorder_level: Decimal
    low: bool
    negative: bool


@dataclass(frozen=True, slots=True)
class StockSummary:
    lines: tuple[StockLine, ...]
    total_value: Money


@dataclass(frozen=True, slots=True)
class GstSummary:
    period: Period
    scheme: str
    taxable: Money  # outward taxable value (turnover for a composition shop)
    cgst: Money  # output tax
    sgst: Money
    igst: Money
    input_tax_credit: Money  # input CGST+SGST+IGST
    input_cgst: Money
    input_sgst: Money
    input_igst: Money
    net_payable: Money  # output minus ITC (regular); 1% of turnover (composition)


AGEING_BUCKETS = ("0-30", "31-60", "61-90", "90+")


def _sums_by_code(uow: UnitOfWork, shop_id: int, start: date | None, end: date) -> dict[str, int]:
    """Net postings per account code over the period (all time up to `end` when start is None)."""
    by_id = uow.reports.account_sums(shop_id, start, end)
    return {a.code: by_id.get(a.id, 0) for a in uow.accounts.by_code(shop_id).values()}


def day_book(uow: UnitOfWork, shop_id: int, day: date) -> list[DayBookEntry]:
    """Every voucher of the day in the order it was entered, reversals included."""
    require_shop(uow, shop_id)
    return [
        DayBookEntry(number, vtype, party, payment, Money(int(total)), narration, reverses)
        for number, vtype, party, payment, total, narration, reverses in uow.reports.day_book(shop_id, day)
    ]


def sales_summary(uow: UnitOfWork, shop_id: int, period: Period) -> SalesSummary:
    require_shop(uow, shop_id)
    rows = uow.reports.voucher_sums(shop_id, period.start, period.end, ("sale", "sale_return"))
    count = sum(c for t, _, c, _ in rows if t == "sale")
    gross = sum(s for t, _, _, s in rows if t == "sale")
    returns = sum(s for t, _, _, s in rows if t == "sale_return")
    by_payment: dict[str, Money] = {}
    for t, mode, _, s in rows:
        signed = s if t == "sale" else -s
        by_payment[mode] = by_payment.get(mode, Money(0)) + Money(signed)
    sums = _sums_by_code(uow, shop_id, period.start, period.end)
    taxable = -sums["sales"]
    tax = -sum(sums[c] for c in OUTPUT_TAX)
    before = previous_period(period)
    earlier = uow.reports.voucher_sums(shop_id, before.start, before.end, ("sale", "sale_return"))
    return SalesSummary(
        period=period,
        total=Money(gross - returns),
        taxable=Money(taxable),
        tax=Money(tax),
        count=count,
        returns=Money(returns),
        by_payment={k: v for k, v in by_payment.items() if v},
        previous_total=Money(sum(s if t == "sale" else -s for t, _, _, s in earlier)),
        previous_count=sum(c for t, _, c, _ in earlier if t == "sale"),
    )


def top_items(uow: UnitOfWork, shop_id: int, period: Period, n: int = 5) -> list[TopItem]:
    """The best sellers by sales value (net of returns) in the period."""
    require_shop(uow, shop_id)
    if n < 1 or n > 100:
        raise InvalidArgument("n", "out_of_range")
    return [
        TopItem(name, from_milli(int(sold)), unit, Money(int(sales)), Money(int(sales) - int(cost)))
        for name, unit, sold, sales, cost in uow.reports.item_sums(shop_id, period.start, period.end, n)
    ]


def expense_summary(
    uow: UnitOfWork, shop_id: int, period: Period, category: str | None = None
) -> ExpenseSummary:
    require_shop(uow, shop_id)
    if category is not None and category not in EXPENSE_CATEGORIES:
        raise InvalidArgument("category", "unknown_category")
    sums = _sums_by_code(uow, shop_id, period.start, period.end)
    wanted = [category] if category else list(EXPENSE_CATEGORIES)
    by_category = {c: Money(sums[f"expense:{c}"]) for c in wanted if sums[f"expense:{c}"]}
    return ExpenseSummary(period, sum(by_category.values(), Money(0)), by_category)


def _profit(sums: dict[str, int]) -> tuple[int, int, int, dict[str, Money]]:
    sales = -sums["sales"]
    cogs = sum(sums[c] for c in COST_OF_GOODS)
    by_category = {c.split(":", 1)[-1]: Money(sums[c]) for c in OPERATING_EXPENSES if sums[c]}
    expenses = sum(sums[c] for c in OPERATING_EXPENSES)
    return sales, cogs, expenses, by_category


def profit_and_loss(uow: UnitOfWork, shop_id: int, period: Period) -> ProfitAndLoss:
    """Sales (net of returns, tax excluded) less cost of goods (stock valuation) is gross profit;
    less expenses (with stock shrinkage) is net profit."""
    require_shop(uow, shop_id)
    sales, cogs, expenses, by_category = _profit(_sums_by_code(uow, shop_id, period.start, period.end))
    gross = sales - cogs
    return ProfitAndLoss(
        period=period,
        sales=Money(sales),
        cost_of_goods=Money(cogs),
        gross_profit=Money(gross),
        expenses=Money(expenses),
        expenses_by_category=by_category,
        net_profit=Money(gross - expenses),
    )


def trial_balance(uow: UnitOfWork, shop_id: int, as_of: date) -> TrialBalance:
    """Every account's balance up to `as_of`; debits equal credits when the books are whole."""
    require_shop(uow, shop_id)
    sums = _sums_by_code(uow, shop_id, None, as_of)
    accounts = tuple(
        AccountBalance(a.code, a.name, a.kind, Money(sums[a.code]))
        for a in sorted(uow.accounts.by_code(shop_id).values(), key=lambda a: a.id)
        if sums[a.code]
    )
    debit = sum(b.balance.paise for b in accounts if b.balance.paise > 0)
    credit = -sum(b.balance.paise for b in accounts if b.balance.paise < 0)
    return TrialBalance(as_of, accounts, Money(debit), Money(credit))


def balance_sheet(uow: UnitOfWork, shop_id: int, as_of: date) -> BalanceSheet:
    """Assets against liabilities and equity, the profit to date (income less expenses since the
    first entry) shown inside equity, so both sides are equal."""
    require_shop(uow, shop_id)
    sums = _sums_by_code(uow, shop_id, None, as_of)
    assets = {c: Money(v) for c, v in sums.items() if KIND_OF.get(c) == "asset" and v}
    liabilities = {c: Money(-v) for c, v in sums.items() if KIND_OF.get(c) == "liability" and v}
    equity = {c: Money(-v) for c, v in sums.items() if KIND_OF.get(c) == "equity" and v}
    profit = -sum(v for c, v in sums.items() if KIND_OF.get(c) in ("income", "expense"))
    if profit:
        equity["profit"] = Money(profit)
    return BalanceSheet(
        as_of=as_of,
        assets=assets,
        liabilities=liabilities,
        equity=equity,
        total_assets=sum(assets.values(), Money(0)),
        total_liabilities_and_equity=sum(liabilities.values(), Money(0)) + sum(equity.values(), Money(0)),
    )


def cash_and_bank(uow: UnitOfWork, shop_id: int, as_of: date | None = None) -> CashAndBank:
    require_shop(uow, shop_id)
    sums = _sums_by_code(uow, shop_id, None, as_of or date.max)
    return CashAndBank(Money(sums["cash"]), Money(sums["bank"]))


def party_balance(uow: UnitOfWork, shop_id: int, party: str) -> tuple[str, Money]:
    """(canonical name, balance) — positive when the party owes the shop; UnknownParty."""
    found = resolve_party(uow, shop_id, party)
    return found.name, Money(found.balance_paise)


def party_statement(uow: UnitOfWork, shop_id: int, party: str, period: Period) -> PartyStatement:
    """The party's khata over the period: opening balance, each voucher, closing balance."""
    found = resolve_party(uow, shop_id, party)
    chart = uow.accounts.by_code(shop_id)
    accounts = (chart["debtors"].id, chart["creditors"].id)
    opening, rows = uow.reports.party_postings(shop_id, found.id, accounts, period.start, period.end)
    balance = opening
    lines: list[StatementLine] = []
    for day, number, vtype, amount in rows:
        amount = int(amount)
        balance += amount
        lines.append(
            StatementLine(day, number, vtype, Money(max(amount, 0)), Money(max(-amount, 0)), Money(balance))
        )
    return PartyStatement(found.name, period, Money(opening), tuple(lines), Money(balance))


def outstanding(
    uow: UnitOfWork, shop_id: int, kind: str = "receivable", as_of: date | None = None
) -> Outstanding:
    """Parties with a balance, largest first, aged FIFO (payments settle the oldest bills first).
    A balance not explained by bills (an opening journal, say) is aged from `as_of`."""
    require_shop(uow, shop_id)
    if kind not in ("receivable", "payable"):
        raise InvalidArgument("kind", "unknown")
    receivable = kind == "receivable"
    today = as_of or date.today()
    parties = uow.reports.parties_with_balance(shop_id, receivable)
    bills: dict[int, list[tuple[int, int, date]]] = {}
    if parties:
        starts = tuple(today - timedelta(days=d) for d in (30, 60, 90))
        for party_id, bucket, unpaid, oldest_day in uow.reports.unpaid_bills(shop_id, receivable, starts):
            bills.setdefault(party_id, []).append((bucket, unpaid, oldest_day))
    rows: list[OutstandingParty] = []
    totals = {b: 0 for b in AGEING_BUCKETS}
    for party in parties:
        balance = party.balance_paise if receivable else -party.balance_paise
        ageing = {b: 0 for b in AGEING_BUCKETS}
        covered = 0
        oldest = today
        for bucket, unpaid, oldest_day in bills.get(party.id, []):
            ageing[AGEING_BUCKETS[bucket]] += unpaid
            covered += unpaid
            oldest = min(oldest, oldest_day)
        if balance > covered:
            ageing["0-30"] += balance - covered
        for b in AGEING_BUCKETS:
            totals[b] += ageing[b]
        rows.append(
            OutstandingParty(
                party=party.name,
                phone=party.phone,
                balance=Money(balance),
                days=max((today - oldest).days, 0),
                ageing={b: Money(v) for b, v in ageing.items()},
            )
        )
    return Outstanding(
        kind=kind,
        as_of=today,
        parties=tuple(rows),
        total=Money(sum(r.balance.paise for r in rows)),
        ageing={b: Money(v) for b, v in totals.items()},
    )


def _stock_line(item: Item) -> StockLine:
    return StockLine(
        item=item.name,
        qty=from_milli(item.stock_milli),
        unit=item.unit,
        value=Money(item.stock_value_paise),
        reorder_level=from_milli(item.reorder_level_milli),
        low=item.stock_milli <= item.reorder_level_milli,
        negative=item.stock_milli < 0,
    )


def stock_summary(uow: UnitOfWork, shop_id: int, item: str | None = None) -> StockSummary:
    """Quantity and value (weighted average cost) of every item, or of one."""
    require_shop(uow, shop_id)
    item_id = resolve_item(uow, shop_id, item).id if item else None
    lines = tuple(_stock_line(i) for i in uow.reports.stock(shop_id, item_id))
    return StockSummary(lines, sum((line.value for line in lines), Money(0)))


def low_stock(uow: UnitOfWork, shop_id: int) -> list[StockLine]:
    """Items at or below their reorder level (those with a level), the emptiest first."""
    require_shop(uow, shop_id)
    lines = [_stock_line(i) for i in uow.reports.stock(shop_id) if i.reorder_level_milli > 0]
    low = [line for line in lines if line.low]
    return sorted(low, key=lambda line: (line.qty / line.reorder_level, line.item))


def gst_summary(uow: UnitOfWork, shop_id: int, period: Period) -> GstSummary:
    """Outward taxable value and output tax, input tax credit, and the net payable. A composition
    shop collects no tax and takes no credit: it pays 1 % of turnover (0.5 % CGST + 0.5 % SGST)."""
    shop = require_shop(uow, shop_id)
    sums = _sums_by_code(uow, shop_id, period.start, period.end)
    taxable = -sums["sales"]
    out_c, out_s, out_i = (-sums[c] for c in OUTPUT_TAX)
    in_c, in_s, in_i = (sums[c] for c in INPUT_TAX)
    if shop.gst_scheme == "composition":
        half = round_to_int(Decimal(taxable) * Decimal("0.005"))
        net = 2 * half
    else:
        net = out_c + out_s + out_i - (in_c + in_s + in_i)
    return GstSummary(
        period=period,
        scheme=shop.gst_scheme,
        taxable=Money(taxable),
        cgst=Money(out_c),
        sgst=Money(out_s),
        igst=Money(out_i),
        input_tax_credit=Money(in_c + in_s + in_i),
        input_cgst=Money(in_c),
        input_sgst=Money(in_s),
        input_igst=Money(in_i),
        net_payable=Money(net),
    )
