"""`gst_return`: a period's GSTR-1, GSTR-3B or CMP-08 as the JSON the portal takes, attached as a
file, with its figures, the cross-checks' problems and notices in `data` for the reply.

The period is a month (`YYYY-MM`, `last_month`, `this_month`) or, for CMP-08 and QRMP filers, a
financial-year quarter `YYYY-Qn`; left out, it is the last month (the last quarter for CMP-08).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field

from domain.errors import InvalidArgument
from domain.gst import returns
from domain.periods import financial_year_start, resolve_period
from tools.args import ToolArgs
from tools.context import Attachment, ToolContext, ToolResult
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


def _form(value: object) -> object:
    return value.strip().upper().replace("-", "").replace(" ", "") if isinstance(value, str) else value


class GstReturnArgs(ToolArgs):
    """Make a GST return file for the accountant to upload: GSTR-1 or GSTR-3B for a month, CMP-08
    for a quarter; with its totals and anything that must be fixed first."""

    form: Annotated[Literal["GSTR1", "GSTR3B", "CMP08"], BeforeValidator(_form)] = Field(
        description="GSTR1, GSTR3B or CMP08")
    period: str | None = Field(None, description="YYYY-MM, last_month, this_month, or a quarter YYYY-Qn "
                                                 "(2026-Q1 = April-June 2026); default the last month (quarter for CMP08)")


def last_quarter(today: date) -> str:
    """The financial-year quarter before today's, as `YYYY-Qn`."""
    first_of_quarter = date(today.year, ((today.month - 1) // 3) * 3 + 1, 1)
    day = first_of_quarter - timedelta(days=1)
    fy = financial_year_start(day).year
    return f"{fy}-Q{((day.month - 4) % 12) // 3 + 1}"


def period_text(form: str, period: str | None, today: date) -> str:
    """The period as `YYYY-MM` or `YYYY-Qn`; InvalidArgument when it is neither a month nor a quarter."""
    if period is None or not period.strip():
        return last_quarter(today) if form == "CMP08" else (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    text = period.strip()
    if text.lower() in ("last_quarter", "this_quarter"):
        return last_quarter(today if text.lower() == "last_quarter" else today + timedelta(days=92))
    if text.lower() in ("last_month", "this_month"):
        return resolve_period(text.lower(), today).start.strftime("%Y-%m")
    returns.parse_period(text)  # refuses anything else
    return text.upper() if "q" in text.lower() else f"{text[:4]}-{int(text[5:]):02d}"


def gst_return(uow: SqlUnitOfWork, ctx: ToolContext, args: GstReturnArgs) -> ToolResult:
    label = period_text(args.form, args.period, ctx.today)
    period = returns.parse_period(label)
    if period.start > ctx.today:
        raise InvalidArgument("period", "in_the_future")
    result = returns.gst_return(uow, ctx.shop_id, args.form, label)
    gstin = result.payload.get("gstin") or "GSTIN"
    filename = f"{args.form}_{label}_{gstin}.json"
    content = json.dumps(result.payload, ensure_ascii=False, indent=1).encode()
    return ToolResult(
        data={"form": args.form, "label": label, "period": period.as_dict(), "filename": filename,
              **result.summary, "problems": [p.as_dict() for p in result.problems],
              "notices": [n.as_dict() for n in result.notices]},
        attachments=(Attachment(filename, "application/json", content),),
    )


SPECS = (spec("gst_return", GstReturnArgs, "gst", gst_return),)
