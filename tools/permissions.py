"""Who may run what. Each tool needs one permission; each role holds a set of permissions.

| permission  | tools                                                              | owner | manager | accountant | staff |
| ----------- | ------------------------------------------------------------------ | ----- | ------- | ---------- | ----- |
| `sales`     | record_sale, record_sale_return, share_bill                        | yes   | yes     | -          | yes   |
| `purchases` | record_purchase                                                    | yes   | yes     | -          | -     |
| `payments`  | record_payment_in, record_payment_out, record_expense,             | yes   | yes     | yes        | -     |
|             | send_payment_reminder, set_opening_balance                         |       |         |            |       |
| `catalog`   | add_item, set_price, adjust_stock, add_party, set_party_details,   | yes   | yes     | -          | -     |
|             | set_address, price_suggestion                                      |       |         |            |       |
| `users`     | add_staff, set_shop_profile, set_digest, set_reminder_rule         | yes   | -       | -          | -     |
| `stock`     | stock_query, price_query, low_stock, forecast, reorder_suggestions,| yes   | yes     | yes        | yes   |
|             | list_items                                                         |       |         |            |       |
| `reports`   | sales_summary, top_items, expense_summary, profit_loss,            | yes   | yes     | yes        | -     |
|             | cash_balance, party_balance, outstanding, dead_stock,              |       |         |            |       |
|             | best_customers, cash_flow, anomalies, late_payers, list_vouchers,  |       |         |            |       |
|             | voucher, day_book, party_statement, balance_sheet, trial_balance,  |       |         |            |       |
|             | list_parties, dashboard, audit_log                                 |       |         |            |       |
| `gst`       | gst_summary, gst_return                                            | yes   | yes     | yes        | -     |
| `self`      | set_language, undo_last (one's own last write only)                | yes   | yes     | yes        | yes   |

What a role may read applies to a write's answer too: a credit sale answered to staff does not carry
the customer's balance (`visible`), since staff may not read dues (`reports`).

The accountant keeps the books (reads, reports, GST, money in and out, expenses) but enters no
sales or stock; staff ring up sales and returns, send the customer's bill, and read stock and prices.
"""

from __future__ import annotations

PERMISSIONS = ("sales", "purchases", "payments", "catalog", "users", "stock", "reports", "gst", "self")

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset(PERMISSIONS),
    "manager": frozenset(PERMISSIONS) - {"users"},
    "accountant": frozenset({"payments", "stock", "reports", "gst", "self"}),
    "staff": frozenset({"sales", "stock", "self"}),
}


def allowed(role: str, permission: str) -> bool:
    """Whether `role` holds `permission`; an unknown role holds nothing."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


# Fields of a tool's answer that only a role holding the permission may read.
GUARDED_FIELDS: dict[str, frozenset[str]] = {"reports": frozenset({"party_balance", "balance", "dues", "outstanding"})}


def visible(role: str, data: dict) -> dict:
    """`data` without the fields `role` may not read (a write's answer shows what the role could ask for)."""
    hidden = {name for permission, names in GUARDED_FIELDS.items() if not allowed(role, permission) for name in names}
    return {key: value for key, value in data.items() if key not in hidden} if hidden & data.keys() else data
