"""Operations endpoints: `GET /health` (200 when the database answers, 503 otherwise), `GET /metrics`."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from bot.intake import database_ok, refresh_queue_depth
from webhooks.deps import ServicesDep

router = APIRouter(tags=["operations"])


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
