"""CMP-08 for a composition trader's quarter (Rule 62): outward supplies (turnover of taxable
supplies, net of returns; exempt ones beside), inward supplies under reverse charge, and the tax
payable — 1 % of the turnover of taxable supplies, half CGST and half SGST, each rounded half up
to the paisa.

GSTN publishes no JSON for CMP-08 (gst.md §8, §14): the file holds the table's figures under its
own names for the accountant to enter on the portal, and says so in a notice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.gst.classify import amount, return_period
from domain.gst.master import COMPOSITION_TRADER_RATE
from domain.money import round_to_int


def composition_tax(turnover_paise: int, rate: Decimal = COMPOSITION_TRADER_RATE) -> tuple[int, int]:
    """(CGST, SGST) on a quarter's turnover: rate/2 each, half up to the paisa."""
    half = round_to_int(Decimal(turnover_paise) * rate / 200)
    return half, half


def build_cmp08(gstin: str, quarter: str, quarter_end: date, turnover_paise: int, exempt_paise: int = 0) -> dict:
    """Table 1 holds the taxable turnover the tax is on; exempt supplies are shown beside it."""
    cgst, sgst = composition_tax(max(turnover_paise, 0))
    zero = {"txval": 0, "iamt": 0, "camt": 0, "samt": 0, "csamt": 0}
    return {
        "gstin": gstin,
        "ret_period": return_period(quarter_end),
        "quarter": quarter,
        "rate": float(COMPOSITION_TRADER_RATE),
        "outward_supplies": {"txval": amount(turnover_paise), "iamt": 0, "camt": amount(cgst), "samt": amount(sgst),
                             "csamt": 0},
        "exempt_supplies": {"txval": amount(exempt_paise)},
        "inward_reverse_charge": zero,
        "tax_payable": {"iamt": 0, "camt": amount(cgst), "samt": amount(sgst), "csamt": 0},
        "interest_payable": {"iamt": 0, "camt": 0, "samt": 0, "csamt": 0},
    }
