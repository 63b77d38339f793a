"""GraphQL at /api/v1/graphql (strawberry): the dashboard's query — today's sales and the change, the
last 7 days, pending orders, low stock with reorder points, dues, insights. Resolved by the `dashboard`
tool as the caller (token or session), so permissions are the tools'.

    { dashboard { today { total count previousTotal change } lowStock { item qty unit reorderLevel }
                  pendingOrders { item qty unit } insights { kind text } } }
"""

from __future__ import annotations

from typing import Any

import strawberry
from fastapi import Request
from strawberry.fastapi import GraphQLRouter
from strawberry.types import Info

from bot.runtime.calls import call
from webhooks.api.auth import principal_from


@strawberry.type
class TodaySales:
    total: float
    count: int
    previous_total: float
    change: float


@strawberry.type
class DaySales:
    date: str
    total: float


@strawberry.type
class StockRow:
    item: str
    qty: float
    unit: str
    reorder_level: float


@strawberry.type
class OrderRow:
    item: str
    qty: float
    unit: str


@strawberry.type
class DueRow:
    party: str
    balance: float
    days: int


@strawberry.type
class Insight:
    kind: str
    top_item: str | None
    top_item_sales: float | None
    week_sales: float
    last_week_sales: float


@strawberry.type
class Dashboard:
    date: str
    today: TodaySales
    week: list[DaySales]
    low_stock: list[StockRow]
    pending_orders: list[OrderRow]
    dues: list[DueRow]
    dues_total: float
    cash: float
    bank: float
    insights: list[Insight]


def _dashboard(data: dict[str, Any]) -> Dashboard:
    insight = data.get("insight")
    return Dashboard(
        date=data["date"],
        today=TodaySales(**data["today"]),
        week=[DaySales(**d) for d in data["week"]],
        low_stock=[StockRow(**s) for s in data["low_stock"]],
        pending_orders=[OrderRow(**o) for o in data["pending_orders"]],
        dues=[DueRow(**p) for p in data["dues"]["parties"]],
        dues_total=data["dues"]["total"],
        cash=data["cash"],
        bank=data["bank"],
        insights=[Insight(**insight)] if insight else [],
    )


@strawberry.type
class Query:
    @strawberry.field(description="The home screen's figures for the caller's shop")
    def dashboard(self, info: Info) -> Dashboard:
        request: Request = info.context["request"]
        principal = info.context["principal"]
        if principal is None:
            raise PermissionError("a valid API token or session is needed")
        result = call(request.app.state.services, principal, "dashboard")
        if result.status != 200:
            raise PermissionError(result.body["error"]["message"])
        return _dashboard(result.body["data"])


schema = strawberry.Schema(query=Query)


async def _context(request: Request) -> dict[str, Any]:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    return {"request": request, "principal": principal_from(request, token)}


def router() -> GraphQLRouter:
    return GraphQLRouter(schema, path="/api/v1/graphql", context_getter=_context, graphql_ide=None)
