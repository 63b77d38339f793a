"""The web chat simulator's backend, shared by the chat page (`/sim/*`) and `munshi chat`.

A simulated message takes the same way as a WhatsApp one: it is stored in the inbox (channel "web",
a generated id), an attached file goes into the media store and is fetched back from there, and the
worker's `process_message` runs the turn, stores the replies in the outbox and sends them through
the web channel — only synchronously, so the caller gets the replies at once.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.conversation.messages import InboundMedia
from bot.runtime.worker import LeaseHeld, process_message, replies_for
from bot.store import messaging as repo
from domain.demo.shops import DEMO_SLUGS
from locales.languages import NATIVE_NAMES
from tools import directory

if TYPE_CHECKING:
    from bot.app.services import Services

WEB = "web"


@dataclass(frozen=True)
class Upload:
    data: bytes
    content_type: str
    filename: str | None = None
    voice: bool = False  # recorded on the page (a voice note), not an attached audio file


@dataclass(frozen=True)
class DemoUser:
    phone: str
    name: str
    role: str
    shop: str
    shop_slug: str
    language: str
    language_name: str


def submit(services: Services, phone: str, text: str = "", upload: Upload | None = None, *,
           process=process_message) -> list[dict]:
    """Store, run and answer one message from `phone`; the replies as {text, media_url, media_type, ...}.
    `process` runs the stored message (the worker's `process_message`)."""
    media: list[dict] = []
    if upload is not None and upload.data:
        key = services.media_store.put(upload.data, upload.content_type)
        item = InboundMedia(url=f"media:{key}", content_type=upload.content_type, size=len(upload.data),
                            filename=upload.filename, voice=upload.voice)
        media.append({"url": item.url, "content_type": item.content_type, "size": item.size,
                      "filename": item.filename, "voice": item.voice})
    with services.session_factory() as session:
        inbox_id = repo.insert_inbound(
            session, channel=WEB, provider_message_id=f"web-{uuid.uuid4().hex}", from_phone=phone,
            text=text or "", media=media, raw={"source": "simulator"},
        )
        session.commit()
    try:
        process(services, inbox_id)
    except LeaseHeld:
        # A background worker's sweep took the message first, or the sender is over the rate limit and
        # the message waits in line: the queue runs it when it may, and the page waits for the answer.
        services.queue.enqueue(inbox_id)
        _wait_until_answered(services, inbox_id)
    return replies_for(services, inbox_id, sender=phone)


def _wait_until_answered(services: Services, inbox_id: int, timeout_seconds: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        with services.session_factory() as session:
            row = session.get(repo.InboxMessage, inbox_id)
            if row is None or row.status in (repo.INBOX_DONE, repo.INBOX_DEAD):
                return
        time.sleep(0.1)


def shop_of(session_factory, phone: str) -> str | None:
    """The name of the shop this phone belongs to (None before onboarding), for the page's header."""
    _user, shop = directory.find_sender(session_factory, phone)
    return shop.name if shop else None


def demo_users(session_factory) -> list[DemoUser]:
    """The owners and staff of the demo shops that exist in this database (none before `munshi demo`)."""
    order = {"owner": 0, "manager": 1, "accountant": 2, "staff": 3}
    found = directory.users_of(session_factory, DEMO_SLUGS)
    found.sort(key=lambda pair: (DEMO_SLUGS.index(pair[0].slug), order.get(pair[1].role, 9), pair[1].id))
    users = [DemoUser(phone=user.phone, name=user.name, role=user.role, shop=shop.name, shop_slug=shop.slug,
                      language=user.language, language_name=NATIVE_NAMES.get(user.language, user.language))
             for shop, user in found]
    return users
