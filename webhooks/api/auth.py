"""Who is calling: an API token (`Authorization: Bearer mk_...`) or the dashboard's session cookie.
Either resolves to a `Principal`; nothing else reaches the books."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.runtime.access import Principal, principal_for_session, principal_for_token

SESSION_COOKIE = "munshi_session"
bearer = HTTPBearer(auto_error=False, description="A shop's API token (`munshi token create`)")


def principal_from(request: Request, token: str | None) -> Principal | None:
    services = request.app.state.services
    if token:
        return principal_for_token(services.session_factory, token)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return principal_for_session(services.settings, services.session_factory, cookie)
    return None


def require_principal(request: Request,
                      credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    principal = principal_from(request, credentials.credentials if credentials else None)
    if principal is None:
        raise HTTPException(status_code=401, detail="a valid API token or session is needed",
                            headers={"WWW-Authenticate": "Bearer"})
    return principal


PrincipalDep = Annotated[Principal, Depends(require_principal)]
