"""Stock and price reads: what is in stock (one item or all), an item's price, what is running low."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from domain.books import reports
from domain.books.reports import StockLine
from tools.args import Name, ToolArgs
from tools.context import ToolContext, ToolResult
from tools.present import number, qty, rupees
from tools.resolve import resolve_item
from tools.spec import spec

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork


class StockQuery(ToolArgs):
    """How much of an item is in stock; every item when none is named."""

    item: Name | None = Field(None, description="the item; leave out for all stock")


class PriceQuery(ToolArgs):
    """An item's selling price."""

    item: Name = Field(description="the item")


class LowStock(ToolArgs):
    """Items at or below their reorder level, the emptiest first."""


def stock_line(line: StockLine) -> dict:
    return {"item": line.item, "qty": qty(line.qty), "unit": line.unit, "value": rupees(line.value),
            "reorder_level": qty(line.reorder_level), "low": line.low}


def stock_query(uow: SqlUnitOfWork, ctx: ToolContext, args: StockQuery) -> ToolResult:
    name = resolve_item(uow, ctx.shop_id, args.item).name if args.item else None
    summary = reports.stock_summary(uow, ctx.shop_id, name)
    return ToolResult(data={
        "item": name,
        "items": [stock_line(line) for line in summary.lines],
        "total_value": rupees(summary.total_value),
    })


def price_query(uow: SqlUnitOfWork, ctx: ToolContext, args: PriceQuery) -> ToolResult:
    item = resolve_item(uow, ctx.shop_id, args.item)
    return ToolResult(data={
        "item": item.name,
        "rate": rupees(item.rate),
        "unit": item.unit,
        "gst_rate": number(item.gst_rate),
        "stock": qty(item.stock),
    })


def low_stock(uow: SqlUnitOfWork, ctx: ToolContext, args: LowStock) -> ToolResult:
    lines = reports.low_stock(uow, ctx.shop_id)
    return ToolResult(data={"items": [stock_line(line) for line in lines]})


SPECS = (
    spec("stock_query", StockQuery, "stock", stock_query),
    spec("price_query", PriceQuery, "stock", price_query),
    spec("low_stock", LowStock, "stock", low_stock),
)
