"""The plain messages that travel through Munshi: what came in (`InboundMessage`) and what goes out (`Reply`).

These are the contract between the transport (webhooks, worker, channels) and the turn
(`bot.conversation.turn.TurnHandler.handle(services, inbound) -> list[Reply]`). No I/O, no framework types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

ChannelName = Literal["twilio", "meta", "web"]
MediaType = Literal["audio", "image", "document"]

CHANNELS: tuple[str, ...] = ("twilio", "meta", "web")


@dataclass(frozen=True)
class InboundMedia:
    """One attachment as the provider announced it; `url` is a URL (Twilio, web) or a media id (Meta)."""

    url: str
    content_type: str
    size: int | None = None
    filename: str | None = None
    voice: bool = False  # Meta's `audio.voice`: a recorded voice note rather than an attached file

    @property
    def kind(self) -> str:
        """`audio`, `image`, `document` or `other`, from the MIME type (codec parameters ignored)."""
        main = self.content_type.split(";", 1)[0].strip().lower()
        if main.startswith("audio/"):
            return "audio"
        if main.startswith("image/"):
            return "image"
        if main in DOCUMENT_TYPES:
            return "document"
        return "other"


DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
        "text/plain",
    }
)


@dataclass
class InboundMessage:
    """One message from a user, as stored in the inbox.

    `id` is our inbox row id (stable across retries: the turn uses it as the idempotency key of its
    writes); `provider_message_id` is Twilio's MessageSid, Meta's wamid or the web page's id.
    `media` holds at most what the provider sent; `media_bytes` is filled by the worker after download
    (same order as `media`), so the turn never does network I/O to the provider.
    """

    id: int
    channel: str
    provider_message_id: str
    from_phone: str  # E.164, e.g. "+919812345678"
    received_at: datetime  # timezone-aware
    profile_name: str | None = None
    text: str = ""
    media: list[InboundMedia] = field(default_factory=list)
    button_payload: str | None = None
    media_bytes: list[bytes] = field(default_factory=list)
    media_errors: list[str] = field(default_factory=list)  # "too_large" | "unsupported" | "download_failed"

    @property
    def message_key(self) -> str:
        """The id a write records so that a retried turn posts once: channel and provider id."""
        return f"{self.channel}:{self.provider_message_id}"


@dataclass(frozen=True)
class Template:
    """A pre-approved WhatsApp template: its configured name and the values of its variables in order."""

    name: str
    variables: tuple[str, ...] = ()


@dataclass
class Reply:
    """One reply message. Text and at most one media attachment; optional quick-reply buttons.

    `media_key` names bytes in the media store (the channel turns it into a signed public URL);
    `media_url` is an already public URL. `template` is used when the 24-hour window is closed.
    `to` is None for a reply to the sender, else the phone this message goes to instead.
    """

    text: str = ""
    media_url: str | None = None
    media_type: str | None = None  # "audio" | "image" | "document"
    media_key: str | None = None
    buttons: list[str] | None = None
    template: Template | None = None
    filename: str | None = None
    to: str | None = None  # E.164 of someone other than the sender (a payment reminder to a customer)

    @property
    def has_media(self) -> bool:
        return bool(self.media_url or self.media_key)
