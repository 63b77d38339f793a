"""Reports, read by SQL aggregation over per-day totals kept in the same transaction as postings,
so a period report costs O(days x accounts), not O(vouchers).

Amounts are `Money`; balances of parties are positive when the party owes the shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.money import Money
from domain.periods import Period

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


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


def day_book(uow: SqlUnitOfWork, shop_id: int, day: date) -> list[DayBookEntry]:
    raise NotImplementedError


def sales_summary(uow: SqlUnitOfWork, shop_id: int, period: Period) -> SalesSummary:
    raise NotImplementedError


def top_items(uow: SqlUnitOfWork, shop_id: int, period: Period, n: int = 5) -> list[TopItem]:
    raise NotImplementedError


def expense_summary(uow: SqlUnitOfWork, shop_id: int, period: Period, category: str | None = None) -> ExpenseSummary:
    raise NotImplementedError


def profit_and_loss(uow: SqlUnitOfWork, shop_id: int, period: Period) -> ProfitAndLoss:
    raise NotImplementedError


def trial_balance(uow: SqlUnitOfWork, shop_id: int, as_of: date) -> TrialBalance:
    raise NotImplementedError


def balance_sheet(uow: SqlUnitOfWork, shop_id: int, as_of: date) -> BalanceSheet:
    raise NotImplementedError


def cash_and_bank(uow: SqlUnitOfWork, shop_id: int, as_of: date | None = None) -> CashAndBank:
    raise NotImplementedError


def party_balance(uow: SqlUnitOfWork, shop_id: int, party: str) -> tuple[str, Money]:
    """(canonical name, balance) — positive when the party owes the shop; UnknownParty."""
    raise NotImplementedError


def party_statement(uow: SqlUnitOfWork, shop_id: int, party: str, period: Period) -> PartyStatement:
    raise NotImplementedError


def outstanding(uow: SqlUnitOfWork, shop_id: int, kind: str = "receivable", as_of: date | None = None) -> Outstanding:
    """Parties with a balance, largest first, aged FIFO (payments settle the oldest bills first)."""
    raise NotImplementedError


def stock_summary(uow: SqlUnitOfWork, shop_id: int, item: str | None = None) -> StockSummary:
    raise NotImplementedError


def low_stock(uow: SqlUnitOfWork, shop_id: int) -> list[StockLine]:
    """Items at or below their reorder level, the emptiest first."""
    raise NotImplementedError


def gst_summary(uow: SqlUnitOfWork, shop_id: int, period: Period) -> GstSummary:
    raise NotImplementedError
