"""GST read: output tax, input tax credit and what is payable over a period (for a composition
shop, its turnover and the 1% it pays)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from domain.books import reports
from domain.periods import resolve_period
from tools.args import PeriodArg, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.present import rupees
from tools.reads.reports import PERIOD_HELP
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class GstSummaryArgs(ToolArgs):
    """GST over a period: taxable sales, CGST, SGST, IGST, input tax credit, net payable."""

    period: PeriodArg = Field("this_month", description=PERIOD_HELP)


def gst_summary(uow: SqlUnitOfWork, ctx: ToolContext, args: GstSummaryArgs) -> ToolResult:
    g = reports.gst_summary(uow, ctx.shop_id, resolve_period(args.period, ctx.today))
    return ToolResult(data={
        "period": g.period.as_dict(), "scheme": g.scheme, "taxable": rupees(g.taxable),
        "cgst": rupees(g.cgst), "sgst": rupees(g.sgst), "igst": rupees(g.igst),
        "input_tax_credit": rupees(g.input_tax_credit), "input_cgst": rupees(g.input_cgst),
        "input_sgst": rupees(g.input_sgst), "input_igst": rupees(g.input_igst),
        "net_payable": rupees(g.net_payable),
    })


SPECS = (spec("gst_summary", GstSummaryArgs, "gst", gst_summary),)
