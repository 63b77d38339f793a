"""Party reads: one party's balance (positive: they owe the shop), and who owes whom with ageing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from domain.books import reports
from tools.args import Name, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.present import rupees
from tools.resolve import resolve_party
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class PartyBalance(ToolArgs):
    """How much a party owes the shop (negative: the shop owes them)."""

    party: Name = Field(description="the customer or supplier")


class OutstandingArgs(ToolArgs):
    """Who owes the shop (receivable) or whom the shop owes (payable), oldest dues first in ageing."""

    kind: Literal["receivable", "payable"] = Field("receivable", description="receivable (default) or payable")


def party_balance(uow: SqlUnitOfWork, ctx: ToolContext, args: PartyBalance) -> ToolResult:
    party = resolve_party(uow, ctx.shop_id, args.party)
    name, balance = reports.party_balance(uow, ctx.shop_id, party.name)
    return ToolResult(data={"party": name, "balance": rupees(balance), "kind": party.kind, "phone": party.phone})


def outstanding(uow: SqlUnitOfWork, ctx: ToolContext, args: OutstandingArgs) -> ToolResult:
    o = reports.outstanding(uow, ctx.shop_id, args.kind, as_of=ctx.today)
    return ToolResult(data={
        "kind": o.kind,
        "as_of": o.as_of.isoformat(),
        "parties": [{"party": p.party, "balance": rupees(p.balance), "days": p.days, "phone": p.phone,
                     "ageing": {k: rupees(v) for k, v in p.ageing.items()}} for p in o.parties],
        "total": rupees(o.total),
        "ageing": {k: rupees(v) for k, v in o.ageing.items()},
    })


SPECS = (
    spec("party_balance", PartyBalance, "reports", party_balance),
    spec("outstanding", OutstandingArgs, "reports", outstanding),
)
