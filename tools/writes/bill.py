"""`share_bill`: the shop's latest sale (to a party, when one is named) as a GST invoice PDF, in
`outcome.attachments` for the bot to send. It books nothing; `data.voucher` is the sale's number.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from domain.books import catalog, parties, shops, vouchers
from domain.books.types import PartyInfo, PostedVoucher
from domain.errors import UnknownItem, UnknownVoucher
from tools.args import Name, ToolArgs
from tools.context import Attachment, ToolContext, ToolResult
from tools.invoice_pdf import InvoiceInput, render_invoice
from tools.present import rupees
from tools.resolve import resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class ShareBill(ToolArgs):
    """Send the latest sale's GST invoice (a PDF), to the party named or the last customer."""

    party: Name | None = Field(None, description="whose latest bill; default the shop's latest sale")


def _hsn(uow: SqlUnitOfWork, shop_id: int, names: set[str]) -> dict[str, str | None]:
    codes: dict[str, str | None] = {}
    for name in names:
        try:
            codes[name] = catalog.find_item(uow, shop_id, name).hsn
        except UnknownItem:
            codes[name] = None
    return codes


def sale_pdf(uow: SqlUnitOfWork, shop_id: int, sale: PostedVoucher, party: PartyInfo | None,
             amount_words: Callable[[Decimal, str], str | None] | None = None) -> bytes:
    """The sale as a tax invoice (or bill of supply) PDF, the total also in the shop's language."""
    shop = shops.get_shop(uow, shop_id)
    words = amount_words(Decimal(sale.total.paise) / 100, shop.language) if amount_words else None
    hsn = _hsn(uow, shop_id, {li.item for li in sale.lines})
    return render_invoice(InvoiceInput(shop, sale, party, hsn, words))


def invoice_pdf(uow: SqlUnitOfWork, shop_id: int, number: str,
                amount_words: Callable[[Decimal, str], str | None] | None = None) -> bytes:
    """A sale's invoice PDF by its voucher number; UnknownVoucher for anything but a sale."""
    sale = vouchers.get_voucher(uow, shop_id, number.strip().upper())
    if sale.type != "sale":
        raise UnknownVoucher(number)
    party = parties.find_party(uow, shop_id, sale.party) if sale.party else None
    return sale_pdf(uow, shop_id, sale, party, amount_words)


def share_bill(uow: SqlUnitOfWork, ctx: ToolContext, args: ShareBill) -> ToolResult:
    party = resolve_party(uow, ctx.shop_id, args.party, "customer") if args.party else None
    sale = vouchers.last_voucher(uow, ctx.shop_id, type="sale", party=party.name if party else None)
    if sale is None:
        raise UnknownVoucher("last sale" + (f" of {party.name}" if party else ""))
    if party is None and sale.party:
        party = parties.find_party(uow, ctx.shop_id, sale.party)
    shop = shops.get_shop(uow, ctx.shop_id)
    pdf = sale_pdf(uow, ctx.shop_id, sale, party, ctx.amount_words)
    filename = f"{sale.number.replace('/', '-')}.pdf"
    kind = "bill_of_supply" if shop.gst_scheme == "composition" else "tax_invoice"
    return ToolResult(
        data={
            "voucher": sale.number,
            "date": sale.date.isoformat(),
            "party": sale.party,
            "phone": party.phone if party else None,
            "total": rupees(sale.total),
            "kind": kind,
            "filename": filename,
        },
        voucher=sale.number,
        attachments=(Attachment(filename, "application/pdf", pdf),),
    )


SPECS = (spec("share_bill", ShareBill, "sales", share_bill, write=True),)
