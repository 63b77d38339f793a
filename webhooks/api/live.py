"""The dashboard's WebSocket, /api/v1/live: once the session (cookie) or a token (`?token=`) is known,
it pushes `{"type": "entry"}` for each new voucher and `{"type": "reply"}` for each reply the bot sends
to that user, looking every two seconds; the client needs to send nothing."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from bot.runtime.access import principal_for_session, principal_for_token
from bot.runtime.live import news, start_cursor
from webhooks.api.auth import SESSION_COOKIE

POLL_SECONDS = 2.0

router = APIRouter()


def _principal(websocket: WebSocket):
    services = websocket.app.state.services
    token = websocket.query_params.get("token")
    if token:
        return principal_for_token(services.session_factory, token)
    cookie = websocket.cookies.get(SESSION_COOKIE)
    return principal_for_session(services.settings, services.session_factory, cookie) if cookie else None


@router.websocket("/api/v1/live")
async def live(websocket: WebSocket) -> None:
    principal = await run_in_threadpool(_principal, websocket)
    if principal is None:
        await websocket.close(code=4401)
        return
    await websocket.accept()
    services = websocket.app.state.services
    cursor = await run_in_threadpool(start_cursor, services, principal)
    await websocket.send_json({"type": "hello", "shop": principal.shop_slug})
    try:
        while True:
            for event in await run_in_threadpool(news, services, principal, cursor):
                await websocket.send_json(event)
            with anyio.move_on_after(POLL_SECONDS):
                await websocket.receive_text()  # a ping from the page, or nothing
    except WebSocketDisconnect:
        return
