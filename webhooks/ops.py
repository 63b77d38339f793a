"""Serving endpoints: `GET /health` (200 when the database answers, 503 otherwise), `GET /metrics`
(Prometheus), and `GET /media/{token}`: media Munshi sends, behind HMAC-signed expiring links, with
its real Content-Type (Twilio fetches the link with GET and HEAD and refuses a Content-Type that does
not match the file, so voice replies go out as `audio/ogg`). A forged, altered or expired token gets 404.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from bot.app.observability import get_logger
from bot.runtime.intake import database_ok, refresh_queue_depth
from bot.runtime.media_store import InvalidMediaToken, MediaNotFound
from webhooks.deps import ServicesDep

router = APIRouter(tags=["operations"])
media_router = APIRouter(tags=["media"])
log = get_logger("munshi.webhooks.media")


@router.get("/health", summary="Liveness and database reachability")
def health(services: ServicesDep) -> JSONResponse:
    if database_ok(services):
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)


@router.get("/metrics", summary="Prometheus metrics")
def metrics(services: ServicesDep) -> Response:
    try:
        refresh_queue_depth(services)
    except Exception:  # noqa: BLE001 - metrics must render even when the database is down
        pass
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


@media_router.get("/media/{token}", summary="A signed media link")
def get_media(token: str, services: ServicesDep) -> Response:
    try:
        key = services.media_signer.verify(token)
        stored = services.media_store.get(key)
    except (InvalidMediaToken, UnicodeError, ValueError) as exc:  # forged, altered, expired or not ASCII
        log.info("media_token_refused", reason=str(exc) if isinstance(exc, InvalidMediaToken) else "malformed")
        raise HTTPException(status_code=404, detail="not found") from exc
    except MediaNotFound as exc:
        raise HTTPException(status_code=404, detail="not found") from exc
    return Response(content=stored.data, media_type=stored.content_type,
                    headers={"Cache-Control": "private, max-age=300"})


# HEAD as GET (Twilio checks the link first), outside the schema so operation ids stay unique.
media_router.add_api_route("/media/{token}", get_media, methods=["HEAD"], include_in_schema=False)
