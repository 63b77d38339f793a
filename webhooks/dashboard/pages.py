"""The dashboard's routes: `/login` (a WhatsApp number, then the six-digit code sent to it), `/logout`,
`/dashboard` (the page; what it shows follows the tools the user's role may run: staff get the quick
sale and stock, the accountant the books), `/dashboard/sale` (the quick sale), and its static files.
Every figure is a tool call as the logged-in user (`bot.runtime.calls.call`)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from bot.runtime.access import send_login_code, session_cookie, verify_login_code
from bot.runtime.calls import call, may
from locales import translator
from webhooks.api.auth import SESSION_COOKIE, principal_from
from webhooks.dashboard import render

STATIC = Path(__file__).with_name("static")
_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
router = APIRouter(include_in_schema=False)


def _t(lang: str = "en"):
    return translator(lang)


@router.get("/login")
def login_page(request: Request, lang: str = "hi") -> HTMLResponse:
    return HTMLResponse(render.login(_t(lang if lang.isalpha() and len(lang) == 2 else "hi")))


@router.post("/login/code")
def login_code(request: Request, phone: Annotated[str, Form(max_length=32)]) -> HTMLResponse:
    send_login_code(request.app.state.services, phone)  # the same page whether or not the number is known
    return HTMLResponse(render.login(_t("hi"), phone=phone, code_sent=True))


@router.post("/login")
def login(request: Request, phone: Annotated[str, Form(max_length=32)],
          code: Annotated[str, Form(max_length=12)]) -> Response:
    services = request.app.state.services
    principal = verify_login_code(services, phone, code)
    if principal is None:
        t = _t("hi")
        return HTMLResponse(render.login(t, phone=phone, code_sent=True, error=t("dash.wrong_code")), status_code=401)
    response = RedirectResponse("/dashboard", status_code=303)
    response.set_cookie(SESSION_COOKIE, session_cookie(services.settings, principal),
                        max_age=services.settings.session_hours * 3600, httponly=True, samesite="lax",
                        secure=services.settings.public_url.startswith("https://"))
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _data(services, principal, tool: str, args: dict | None = None) -> dict | None:
    result = call(services, principal, tool, args or {})
    return result.body["data"] if result.status == 200 else None


@router.get("/dashboard")
def dashboard(request: Request, party: str | None = None) -> Response:
    principal = principal_from(request, None)
    if principal is None:
        return RedirectResponse("/login", status_code=303)
    services = request.app.state.services
    t = _t(principal.lang)
    nav = (f'<form method="post" action="/logout" class="nav"><span>{render.escape(principal.shop_name)} · '
           f'{render.escape(principal.user_name)}</span><button type="submit">{render.escape(t("dash.logout"))}'
           f'</button></form>')
    figures = _data(services, principal, "dashboard")
    body = render.quick_sale(t) if may(principal, "record_sale") else ""
    if figures is not None:
        statement = _data(services, principal, "party_statement", {"party": party}) if party else None
        people = _data(services, principal, "list_parties", {}) or {"parties": []}
        body = render.headline(t, figures) + body + render.books(
            t, figures, _data(services, principal, "day_book") or {"entries": []},
            _data(services, principal, "profit_loss", {"period": "this_month"}),
            _data(services, principal, "balance_sheet"), statement, [p["party"] for p in people["parties"]])
    else:  # staff: the quick sale and the stock running low
        stock = _data(services, principal, "low_stock") or {"items": []}
        body += render.low_stock(t, stock.get("items", []))
    return HTMLResponse(render.page(t, principal.shop_name, body, nav=nav, script=True),
                        headers={"Cache-Control": "no-store"})


@router.post("/dashboard/sale")
def quick_sale(request: Request, amount: Annotated[str, Form(max_length=12)]) -> Response:
    principal = principal_from(request, None)
    if principal is None:
        return RedirectResponse("/login", status_code=303)
    call(request.app.state.services, principal, "record_sale", {"amount": amount, "payment": "cash"},
         idempotency_key=f"dash-{uuid.uuid4().hex}")
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/dashboard/static/{name}")
def static(name: str) -> FileResponse:
    path = STATIC / name
    if "/" in name or name.startswith(".") or path.suffix not in _TYPES or not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(path, media_type=_TYPES[path.suffix])
