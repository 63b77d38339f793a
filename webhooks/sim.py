"""The web chat simulator: the chat page at `/` and its JSON API under `/sim`.

Off unless `MUNSHI_DEV_CHAT=1` (`make run` sets it), and even then only for loopback clients whose
request came through no proxy: everything here answers 404 otherwise. `POST /sim/messages` takes a message as the page sends it (multipart: `from`, `text`, optional
`file`) through the same pipeline as a WhatsApp message — inbox row, worker, turn, outbox, web
channel — and answers the replies at once. `GET /sim/users` lists the demo shops' people to chat as.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from bot.runtime.simulator import Upload, demo_users, shop_of, submit
from webhooks.deps import ServicesDep

STATIC_DIR = Path(__file__).with_name("static")
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
_FORWARDED = ("x-forwarded-for", "forwarded", "x-real-ip")


def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def dev_chat_only(request: Request) -> None:
    """The simulator acts as any phone: only a developer's own machine may use it, and only when asked."""
    settings = request.app.state.services.settings
    local = is_loopback(request.client.host if request.client else None)
    if not settings.dev_chat or not local or any(h in request.headers for h in _FORWARDED):
        raise HTTPException(status_code=404, detail="not found")


router = APIRouter(tags=["chat simulator"], dependencies=[Depends(dev_chat_only)])


class SimReply(BaseModel):
    text: str = Field("", description="The reply's text, in the user's language")
    media_url: str | None = Field(None, description="A signed, expiring link to the reply's audio, image or PDF")
    media_type: str | None = Field(None, description="audio | image | document")
    filename: str | None = Field(None, description="The document's file name, when it has one")
    buttons: list[str] = Field(default_factory=list, description="Quick replies to offer; tapping one sends its text")
    to: str | None = Field(None, description="Set when this message went to someone else (a payment reminder "
                                             "to a customer); absent for replies to the sender")


class SimReplies(BaseModel):
    replies: list[SimReply]
    shop: str | None = Field(None, description="The sender's shop after this message (None before onboarding)")


class SimUser(BaseModel):
    phone: str = Field(description="E.164 phone of the user; send it as `from`")
    name: str
    role: str = Field(description="owner | manager | accountant | staff")
    shop: str = Field(description="The shop's name")
    shop_slug: str
    language: str = Field(description="ISO 639-1 code of the user's reply language")
    language_name: str = Field(description="The language's own name")


@router.post("/sim/messages", response_model=SimReplies, summary="Send a message as a user and get the replies")
def post_message(
    services: ServicesDep,
    from_: Annotated[str, Form(alias="from", description="The sender's phone, E.164 (+91…)")],
    text: Annotated[str, Form(description="The message text; may be empty with a file")] = "",
    file: Annotated[UploadFile | None, File(description="A photo, a bill (PDF) or a voice note")] = None,
) -> SimReplies:
    text = text.replace("\x00", "")  # PostgreSQL stores no NUL; a pasted one is not the message
    phone = from_.strip().replace(" ", "")
    if not _PHONE.match(phone):
        raise HTTPException(status_code=422, detail="`from` must be a phone number such as +919812345678")
    if not phone.startswith("+"):
        phone = "+" + phone
    upload = None
    if file is not None and file.filename is not None:
        limit = int(services.settings.max_media_bytes)
        data = file.file.read(limit + 1)
        content_type = (file.content_type or "application/octet-stream").split(";")[0].strip()
        upload = Upload(data=data, content_type=content_type, filename=file.filename,
                        voice=content_type.startswith("audio/") and (file.filename or "").startswith("voice."))
    if not text.strip() and upload is None:
        raise HTTPException(status_code=422, detail="send `text`, a `file`, or both")
    replies = submit(services, phone, text, upload)
    keys = ("text", "media_url", "media_type", "filename", "buttons", "to")
    return SimReplies(replies=[SimReply(**{k: r[k] for k in keys if r.get(k) is not None}) for r in replies],
                      shop=shop_of(services.session_factory, phone))


@router.get("/sim/users", response_model=list[SimUser], summary="The demo shops' owners and staff")
def get_users(services: ServicesDep) -> list[SimUser]:
    return [SimUser(**user.__dict__) for user in demo_users(services.session_factory)]


@router.get("/", include_in_schema=False)
def chat_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")


_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".svg": "image/svg+xml", ".png": "image/png", ".html": "text/html; charset=utf-8"}


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    """The page's own CSS and JS: a flat folder, names checked, nothing outside it served."""
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or path.suffix not in _STATIC_TYPES or not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(path, media_type=_STATIC_TYPES[path.suffix])
