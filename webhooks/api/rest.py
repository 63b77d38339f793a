"""The REST API, /api/v1: each route is one tool call as the caller (`bot.runtime.calls.call`), so the tools'
permissions, validation and idempotency are the API's. Writes take the tool's arguments as their JSON
body (its schema is the tool's input model) and an optional `Idempotency-Key`; lists are pages, newest
first, filterable by date, with `next` as the cursor for `before`. Errors are `{"ok": false, "error"}`.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bot.runtime import calls
from webhooks.api.auth import PrincipalDep

Period = Annotated[str, Query(max_length=40, description="today, yesterday, this_week, last_week, this_month, "
                                                          "last_month, this_year, last_year, YYYY-MM or YYYY-Qn")]
From = Annotated[dt.date | None, Query(alias="from", description="first day, YYYY-MM-DD")]
To = Annotated[dt.date | None, Query(alias="to", description="last day, YYYY-MM-DD")]
Before = Annotated[int | None, Query(ge=1, le=2**62, description="`next` of the previous page")]
Limit = Annotated[int, Query(ge=1, le=200, description="items per page")]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=100,
                                              description="a write with the same key runs at most once")]


class ApiError(BaseModel):
    code: str = Field(description="invalid_arguments unknown_item unknown_party not_found permission_denied "
                                  "insufficient_stock duplicate_invoice nothing_to_undo idempotency_key_reused ...")
    message: str
    details: dict[str, Any] | None = None


class ApiErrorBody(BaseModel):
    ok: Literal[False] = False
    error: ApiError


class ApiResult(BaseModel):
    ok: Literal[True] = True
    data: dict[str, Any] = Field(description="the tool's result; money in rupees")
    voucher: str | None = Field(None, description="the number of the voucher a write posted")


class HttpError(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ApiErrorBody, "description": "invalid arguments"},
    401: {"model": HttpError, "description": "no valid token or session"},
    403: {"model": ApiErrorBody, "description": "the caller's role may not do this"},
    404: {"model": ApiErrorBody | HttpError, "description": "unknown item, party, voucher or tool; or no such path"},
    409: {"model": ApiErrorBody, "description": "a conflict: not enough stock, a duplicate bill, a reused key"},
}

router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERRORS)


def _answer(result: calls.CallResult) -> JSONResponse:
    headers = dict(result.headers)
    return JSONResponse(result.body, status_code=result.status, headers=headers)


def _read(request: Request, principal, tool: str, **args: Any) -> JSONResponse:
    clean = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in args.items() if v is not None}
    return _answer(calls.call(request.app.state.services, principal, tool, clean))


def _list(request: Request, principal, types: list[str] | None, start, end, before, limit) -> JSONResponse:
    return _read(request, principal, "list_vouchers", types=types, **{"from": start, "to": end},
                 before=before, limit=limit)


# -- writes --------------------------------------------------------------------------------------

WRITES = (
    ("/sales", "record_sale", "Record a sale"),
    ("/sales/returns", "record_sale_return", "Record goods a customer brought back"),
    ("/purchases", "record_purchase", "Record a purchase"),
    ("/expenses", "record_expense", "Record an expense"),
    ("/payments/in", "record_payment_in", "Record a customer paying their dues"),
    ("/payments/out", "record_payment_out", "Record paying a supplier"),
    ("/inventory/items", "add_item", "Add an item to the catalog"),
    ("/inventory/prices", "set_price", "Set an item's selling price"),
    ("/inventory/counts", "adjust_stock", "Set an item's counted stock"),
    ("/parties", "add_party", "Add a customer or supplier"),
    ("/undo", "undo_last", "Undo the caller's last write"),
)


def _write_route(path: str, tool: str, summary: str) -> None:
    model = calls.input_model(tool)

    def write(request: Request, principal: PrincipalDep, body: Annotated[model, Body()],  # type: ignore[valid-type]
              idempotency_key: IdempotencyKey = None) -> JSONResponse:
        args = body.model_dump(mode="json", by_alias=True, exclude_none=True)
        return _answer(calls.call(request.app.state.services, principal, tool, args,
                                  idempotency_key=idempotency_key))

    write.__name__ = f"post_{tool}"
    router.add_api_route(path, write, methods=["POST"], response_model=ApiResult, summary=summary,
                         description=calls.description(tool), operation_id=tool)


for _path, _tool, _summary in WRITES:
    _write_route(_path, _tool, _summary)


# -- lists -----------------------------------------------------------------------------------------

@router.get("/sales", response_model=ApiResult, summary="Sales and sale returns, newest first")
def list_sales(request: Request, principal: PrincipalDep, start: From = None, end: To = None,
               before: Before = None, limit: Limit = 50) -> JSONResponse:
    return _list(request, principal, ["sale", "sale_return"], start, end, before, limit)


@router.get("/purchases", response_model=ApiResult, summary="Purchases and purchase returns, newest first")
def list_purchases(request: Request, principal: PrincipalDep, start: From = None, end: To = None,
                   before: Before = None, limit: Limit = 50) -> JSONResponse:
    return _list(request, principal, ["purchase", "purchase_return"], start, end, before, limit)


@router.get("/expenses", response_model=ApiResult, summary="Expenses, newest first")
def list_expenses(request: Request, principal: PrincipalDep, start: From = None, end: To = None,
                  before: Before = None, limit: Limit = 50) -> JSONResponse:
    return _list(request, principal, ["expense"], start, end, before, limit)


@router.get("/invoices", response_model=ApiResult, summary="Sale invoices, newest first")
def list_invoices(request: Request, principal: PrincipalDep, start: From = None, end: To = None,
                  before: Before = None, limit: Limit = 50) -> JSONResponse:
    return _list(request, principal, ["sale"], start, end, before, limit)


@router.get("/vouchers", response_model=ApiResult, summary="Every voucher, newest first")
def list_all_vouchers(request: Request, principal: PrincipalDep, start: From = None, end: To = None,
                      before: Before = None, limit: Limit = 50) -> JSONResponse:
    return _list(request, principal, None, start, end, before, limit)


@router.get("/vouchers/{number:path}", response_model=ApiResult, summary="One voucher with its item lines")
def get_voucher(request: Request, principal: PrincipalDep,
                number: Annotated[str, Path(min_length=1, max_length=40)]) -> JSONResponse:
    return _read(request, principal, "voucher", number=number)


@router.get("/inventory", response_model=ApiResult, summary="Every item with its stock and reorder level")
def inventory(request: Request, principal: PrincipalDep) -> JSONResponse:
    return _read(request, principal, "list_items")


@router.get("/inventory/low", response_model=ApiResult, summary="Items at or below their reorder level")
def inventory_low(request: Request, principal: PrincipalDep) -> JSONResponse:
    return _read(request, principal, "low_stock")


@router.get("/parties", response_model=ApiResult, summary="Customers and suppliers with their balances")
def parties(request: Request, principal: PrincipalDep,
            kind: Annotated[Literal["customer", "supplier"] | None, Query()] = None) -> JSONResponse:
    return _read(request, principal, "list_parties", kind=kind)


@router.get("/parties/{party}/statement", response_model=ApiResult, summary="A party's khata over a period")
def party_statement(request: Request, principal: PrincipalDep,
                    party: Annotated[str, Path(min_length=1, max_length=120)],
                    period: Period = "this_month") -> JSONResponse:
    return _read(request, principal, "party_statement", party=party, period=period)


# -- reports ---------------------------------------------------------------------------------------

@router.get("/reports/sales", response_model=ApiResult, summary="Sales over a period and the change")
def report_sales(request: Request, principal: PrincipalDep, period: Period = "today") -> JSONResponse:
    return _read(request, principal, "sales_summary", period=period)


@router.get("/reports/profit-loss", response_model=ApiResult, summary="Profit and loss over a period")
def report_profit(request: Request, principal: PrincipalDep, period: Period = "this_month") -> JSONResponse:
    return _read(request, principal, "profit_loss", period=period)


@router.get("/reports/balance-sheet", response_model=ApiResult, summary="The balance sheet as of a day")
def report_balance_sheet(request: Request, principal: PrincipalDep,
                         as_of: Annotated[dt.date | None, Query()] = None) -> JSONResponse:
    return _read(request, principal, "balance_sheet", as_of=as_of)


@router.get("/reports/trial-balance", response_model=ApiResult, summary="The trial balance as of a day")
def report_trial_balance(request: Request, principal: PrincipalDep,
                         as_of: Annotated[dt.date | None, Query()] = None) -> JSONResponse:
    return _read(request, principal, "trial_balance", as_of=as_of)


@router.get("/reports/outstanding", response_model=ApiResult, summary="Dues with ageing")
def report_outstanding(request: Request, principal: PrincipalDep,
                       kind: Annotated[Literal["receivable", "payable"], Query()] = "receivable") -> JSONResponse:
    return _read(request, principal, "outstanding", kind=kind)


@router.get("/reports/cash", response_model=ApiResult, summary="Cash in hand, bank and UPI")
def report_cash(request: Request, principal: PrincipalDep) -> JSONResponse:
    return _read(request, principal, "cash_balance")


@router.get("/reports/gst", response_model=ApiResult, summary="GST over a period")
def report_gst(request: Request, principal: PrincipalDep, period: Period = "this_month") -> JSONResponse:
    return _read(request, principal, "gst_summary", period=period)


@router.get("/reports/day-book", response_model=ApiResult, summary="Every voucher of a day")
def report_day_book(request: Request, principal: PrincipalDep,
                    date: Annotated[dt.date | None, Query()] = None) -> JSONResponse:
    return _read(request, principal, "day_book", date=date)


@router.get("/reports/top-items", response_model=ApiResult, summary="The best sellers over a period")
def report_top_items(request: Request, principal: PrincipalDep, period: Period = "this_month",
                     n: Annotated[int, Query(ge=1, le=50)] = 5) -> JSONResponse:
    return _read(request, principal, "top_items", period=period, n=n)


@router.get("/reports/expenses", response_model=ApiResult, summary="Expenses over a period by category")
def report_expenses(request: Request, principal: PrincipalDep, period: Period = "this_month") -> JSONResponse:
    return _read(request, principal, "expense_summary", period=period)


@router.get("/dashboard", response_model=ApiResult, summary="The home screen's figures")
def dashboard(request: Request, principal: PrincipalDep) -> JSONResponse:
    return _read(request, principal, "dashboard")


@router.get("/audit", response_model=ApiResult, summary="Who wrote what, through which message or API call")
def audit(request: Request, principal: PrincipalDep, period: Period = "today") -> JSONResponse:
    return _read(request, principal, "audit_log", period=period)


@router.get("/gst/returns/{form}", response_model=ApiResult, summary="A GST return's file (GSTR-1, GSTR-3B, CMP-08)")
def gst_return(request: Request, principal: PrincipalDep,
               form: Annotated[Literal["GSTR1", "GSTR3B", "CMP08"], Path()],
               period: Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$",
                                            description="YYYY-MM, or YYYY-Qn for CMP08")]) -> JSONResponse:
    """Answered by the `gst_return` tool where it is installed; 404 `not_supported` until then."""
    return _read(request, principal, "gst_return", form=form, period=period)
