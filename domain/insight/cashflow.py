"""The next days of cash in and out, so "agle hafte paisa kam padega?" has an answer.

In: expected sales per day (the demand forecast in rupees), the share of sales on credit, what each
customer owes and how fast they have been paying, what the shop owes each supplier and how fast it has
been paying, the cash share of purchases and the daily run of expenses. Out: per day the money in, the
money out and the running balance from today's cash and bank. All money is integer paise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Dues:
    party: str
    balance_paise: int  # what is owed now
    paid_per_day_paise: int  # how fast it has been settled lately


@dataclass(frozen=True, slots=True)
class CashInputs:
    opening_paise: int  # cash and bank today
    sales_per_day_paise: list[int]  # expected sales, GST included, from today
    cost_per_day_paise: list[int]  # what those sales cost to restock
    credit_share: float  # of sales, on udhaar
    receivables: list[Dues]
    payables: list[Dues]
    cash_purchase_share: float  # of restocking, paid at once
    expenses_per_day_paise: int


@dataclass(frozen=True, slots=True)
class CashDay:
    day: date
    money_in_paise: int
    money_out_paise: int
    balance_paise: int


def _collections(dues: list[Dues], days: int) -> list[int]:
    """Per day what the parties settle at their recent pace, never more than they owe."""
    out = [0] * days
    for due in dues:
        left = max(due.balance_paise, 0)
        for k in range(days):
            step = min(left, max(due.paid_per_day_paise, 0))
            out[k] += step
            left -= step
    return out


def project(inputs: CashInputs, today: date) -> list[CashDay]:
    days = len(inputs.sales_per_day_paise)
    collected = _collections(inputs.receivables, days)
    settled = _collections(inputs.payables, days)
    balance = inputs.opening_paise
    out = []
    for k in range(days):
        money_in = round(inputs.sales_per_day_paise[k] * (1 - inputs.credit_share)) + collected[k]
        money_out = (round(inputs.cost_per_day_paise[k] * inputs.cash_purchase_share) + settled[k]
                     + inputs.expenses_per_day_paise)
        balance += money_in - money_out
        out.append(CashDay(today + timedelta(days=k), money_in, money_out, balance))
    return out


def first_short_day(days: list[CashDay], within: int) -> CashDay | None:
    """The first day in the next `within` days on which the balance goes below zero."""
    return next((d for d in days[:within] if d.balance_paise < 0), None)
