"""Login by a one-time WhatsApp code, sessions that expire, and a dashboard page that shows each role
only what its tools allow."""

from __future__ import annotations

import re

from bot.runtime.access import principal_for_session, session_cookie
from tests.integration.api.conftest import Api
from webhooks.api.auth import SESSION_COOKIE

OWNER, STAFF, ACCOUNTANT = "+919415000001", "+919415000002", "+919415000003"


def _code(api: Api, phone: str) -> str:
    sent = api.services.channels["web"].sent_to(phone)
    return re.search(r"\b(\d{6})\b", sent[-1][1].text).group(1)


def _login(api: Api, phone: str) -> None:
    assert api.client.post("/login/code", data={"phone": phone}).status_code == 200
    response = api.client.post("/login", data={"phone": phone, "code": _code(api, phone)}, follow_redirects=False)
    assert response.status_code == 303 and SESSION_COOKIE in response.cookies


def test_a_code_works_once_and_a_wrong_one_not_at_all(api: Api):
    assert api.client.get("/dashboard", follow_redirects=False).headers["location"] == "/login"
    api.client.post("/login/code", data={"phone": OWNER})
    code = _code(api, OWNER)
    wrong = "000000" if code != "000000" else "111111"
    assert api.client.post("/login", data={"phone": OWNER, "code": wrong}).status_code == 401
    assert api.client.post("/login", data={"phone": OWNER, "code": code}, follow_redirects=False).status_code == 303
    api.client.cookies.clear()
    assert api.client.post("/login", data={"phone": OWNER, "code": code}).status_code == 401  # used up
    # An unknown number is told nothing different, and nothing is sent.
    assert api.client.post("/login/code", data={"phone": "+919999999999"}).status_code == 200
    assert api.services.channels["web"].sent_to("+919999999999") == []


def test_five_wrong_codes_end_the_code(api: Api):
    api.client.post("/login/code", data={"phone": OWNER})
    code = _code(api, OWNER)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        api.client.post("/login", data={"phone": OWNER, "code": wrong})
    assert api.client.post("/login", data={"phone": OWNER, "code": code}).status_code == 401


def test_sessions_expire(api: Api):
    settings = api.services.settings
    _login(api, OWNER)
    cookie = api.client.cookies.get(SESSION_COOKIE)
    assert principal_for_session(settings, api.services.session_factory, cookie) is not None
    expired = settings.model_copy(update={"session_hours": -1})
    assert principal_for_session(expired, api.services.session_factory, cookie) is None
    forged = session_cookie(settings.model_copy(update={"secret_key": "another"}),
                            principal_for_session(settings, api.services.session_factory, cookie))
    assert principal_for_session(settings, api.services.session_factory, forged) is None


def test_each_role_sees_what_its_tools_allow(api: Api):
    _login(api, OWNER)
    page = api.client.get("/dashboard").text
    assert 'id="today-total"' in page and 'action="/dashboard/sale"' in page and 'id="pnl"' in page
    api.client.cookies.clear()
    _login(api, ACCOUNTANT)
    page = api.client.get("/dashboard").text
    assert 'id="pnl"' in page and 'action="/dashboard/sale"' not in page  # the accountant enters no sales
    api.client.cookies.clear()
    _login(api, STAFF)
    page = api.client.get("/dashboard").text
    assert 'action="/dashboard/sale"' in page and 'id="pnl"' not in page and 'id="today-total"' not in page
    before = api.client.get("/api/v1/inventory").status_code  # the session works for the API too
    assert before == 200 and api.client.get("/api/v1/reports/profit-loss").status_code == 403
    assert api.client.post("/dashboard/sale", data={"amount": "120"}, follow_redirects=False).status_code == 303
    audit = api.client.get("/api/v1/audit", headers=api.auth(api.owner)).json()["data"]["entries"]
    assert any(e["role"] == "staff" and e["tool"] == "record_sale" and e["source"].startswith("api:dash-")
               for e in audit)
