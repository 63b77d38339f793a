"""`send_payment_reminder`: what to WhatsApp a customer about their dues — the balance, how long
it has been unpaid, their phone and a UPI deep link for the exact amount. The tool computes it; the
bot delivers it (a template outside the 24-hour window). It books nothing (`data.voucher` is null).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from pydantic import Field

from domain.books import reports, shops
from domain.errors import InvalidArgument
from tools.args import Name, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.present import rupees
from tools.resolve import resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class SendPaymentReminder(ToolArgs):
    """WhatsApp a customer their dues with a UPI link to pay them."""

    party: Name = Field(description="the customer")


def upi_link(upi_id: str, payee: str, amount: Decimal, note: str) -> str:
    """A UPI deep link (NPCI `upi://pay`) for `amount` rupees to `upi_id`."""
    query = urlencode(
        {"pa": upi_id, "pn": payee, "am": f"{amount:.2f}", "cu": "INR", "tn": note}, quote_via=quote, safe="@"
    )
    return f"upi://pay?{query}"


def _days_unpaid(uow: SqlUnitOfWork, shop_id: int, party: str, today: date) -> int:
    for row in reports.outstanding(uow, shop_id, "receivable", as_of=today).parties:
        if row.party == party:
            return row.days
    return 0


def send_payment_reminder(uow: SqlUnitOfWork, ctx: ToolContext, args: SendPaymentReminder) -> ToolResult:
    party = resolve_party(uow, ctx.shop_id, args.party, "customer")
    name, balance = reports.party_balance(uow, ctx.shop_id, party.name)
    if balance.paise <= 0:
        raise InvalidArgument("party", "nothing_due")
    if not party.phone:
        raise InvalidArgument("party", "no_phone")
    shop = shops.get_shop(uow, ctx.shop_id)
    link = upi_link(shop.upi_id, shop.name, balance.rupees, f"Dues at {shop.name}") if shop.upi_id else None
    return ToolResult(data={
        "party": name,
        "phone": party.phone,
        "balance": rupees(balance),
        "days": _days_unpaid(uow, ctx.shop_id, name, ctx.today),
        "upi_link": link,
        "upi_id": shop.upi_id,
        "shop": shop.name,
        "voucher": None,
    })


SPECS = (spec("send_payment_reminder", SendPaymentReminder, "payments", send_payment_reminder, write=True),)
