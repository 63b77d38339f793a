"""The chart of accounts seeded for every shop, and which account a payment mode lands in.

Parties keep no accounts of their own: their postings on `debtors` and `creditors` carry the
party id (a sub-ledger), so a party's balance is the sum of its postings on the two.
"""

from __future__ import annotations

from domain.errors import InvalidArgument

ASSET, LIABILITY, EQUITY, INCOME, EXPENSE = "asset", "liability", "equity", "income", "expense"

EXPENSE_CATEGORIES = (
    "rent", "salary", "electricity", "transport", "repairs", "tea_snacks", "packaging", "phone", "other",
)

# code, name, kind
CHART: tuple[tuple[str, str, str], ...] = (
    ("cash", "Cash in hand", ASSET),
    ("bank", "Bank, UPI and card", ASSET),
    ("debtors", "Sundry debtors (udhaar given)", ASSET),
    ("stock", "Stock in hand", ASSET),
    ("gst_input_cgst", "Input CGST", ASSET),
    ("gst_input_sgst", "Input SGST", ASSET),
    ("gst_input_igst", "Input IGST", ASSET),
    ("creditors", "Sundry creditors (udhaar taken)", LIABILITY),
    ("gst_output_cgst", "Output CGST", LIABILITY),
    ("gst_output_sgst", "Output SGST", LIABILITY),
    ("gst_output_igst", "Output IGST", LIABILITY),
    ("capital", "Capital", EQUITY),
    ("sales", "Sales", INCOME),
    ("purchases", "Purchases not kept as stock", EXPENSE),
    ("cogs", "Cost of goods sold", EXPENSE),
    ("stock_adjustment", "Stock adjustment (shrinkage)", EXPENSE),
    ("round_off", "Round off", EXPENSE),
    *((f"expense:{c}", c.replace("_", " ").capitalize(), EXPENSE) for c in EXPENSE_CATEGORIES),
)

KIND_OF = {code: kind for code, _, kind in CHART}
COST_OF_GOODS = ("cogs", "purchases")
OPERATING_EXPENSES = ("stock_adjustment", "round_off", *(f"expense:{c}" for c in EXPENSE_CATEGORIES))
OUTPUT_TAX = ("gst_output_cgst", "gst_output_sgst", "gst_output_igst")
INPUT_TAX = ("gst_input_cgst", "gst_input_sgst", "gst_input_igst")
PARTY_ACCOUNTS = ("debtors", "creditors")

PAYMENT_ACCOUNT = {"cash": "cash", "upi": "bank", "card": "bank", "bank": "bank"}
PAYMENT_MODES = ("cash", "upi", "card", "bank", "credit")


def payment_account(payment: str, *, party_kind: str | None, customer_side: bool) -> str:
    """The account money moves through: cash, bank, or for credit the party's debtors/creditors."""
    mode = payment.strip().lower()
    if mode in PAYMENT_ACCOUNT:
        return PAYMENT_ACCOUNT[mode]
    if mode != "credit":
        raise InvalidArgument("payment", "unknown_mode")
    if party_kind is None:
        raise InvalidArgument("party", "required_for_credit")
    return "debtors" if customer_side else "creditors"


def expense_account(category: str) -> str:
    key = category.strip().lower().replace(" ", "_")
    if key not in EXPENSE_CATEGORIES:
        raise InvalidArgument("category", "unknown_category")
    return f"expense:{key}"
