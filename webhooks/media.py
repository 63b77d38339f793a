"""`GET /media/{token}`: media Munshi sends, behind HMAC-signed expiring links, with its real Content-Type.

Twilio fetches the link (GET and HEAD) and refuses it when the Content-Type does not match the file,
so voice replies go out as `audio/ogg`. A forged, altered or expired token gets 404 (it reveals nothing).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from bot.media_store import InvalidMediaToken, MediaNotFound
from bot.observability import get_logger
from webhooks.deps import ServicesDep

router = APIRouter(tags=["media"])
log = get_logger("munshi.webhooks.media")


@router.api_route("/media/{token}", methods=["GET", "HEAD"], summary="A signed media link")
def get_media(token: str, services: ServicesDep) -> Response:
    try:
        key = services.media_signer.verify(token)
        stored = services.media_store.get(key)
    except InvalidMediaToken as exc:
        log.info("media_token_refused", reason=str(exc))
        raise HTTPException(status_code=404, detail="not found") from exc
    except MediaNotFound as exc:
        raise HTTPException(status_code=404, detail="not found") from exc
    return Response(content=stored.data, media_type=stored.content_type,
                    headers={"Cache-Control": "private, max-age=300"})
