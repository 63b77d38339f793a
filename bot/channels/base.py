"""The `Channel` port: send one provider message, get the provider's id back, or a typed refusal.

A channel sends exactly one WhatsApp message per call; splitting long text and separating a voice
note from its caption happen before (`bot.runtime.outbox`). Errors are facts: `SendFailed` says whether a
retry may help (`transient`) and whether the 24-hour window was the reason (`window_closed`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Outgoing:
    """One provider message: text, or one media link (with the text as caption), or a template."""

    to_phone: str  # E.164
    text: str = ""
    media_url: str | None = None  # public, signed
    media_type: str | None = None  # audio | image | document
    filename: str | None = None
    buttons: tuple[str, ...] = ()
    template_name: str | None = None
    template_variables: tuple[str, ...] = field(default_factory=tuple)


class SendFailed(Exception):
    """The provider refused or could not be reached."""

    def __init__(self, code: str, message: str, *, transient: bool, window_closed: bool = False) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.transient = transient
        self.window_closed = window_closed


class Channel(Protocol):
    name: str
    max_text: int  # characters per message
    has_window: bool  # WhatsApp's 24-hour rule applies

    def send(self, message: Outgoing) -> str:
        """Send one message; the provider's message id. Raises `SendFailed`."""
        ...

    def has_template(self, name: str) -> bool: ...


def split_text(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most `limit` characters, at paragraph, line or word breaks when possible."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > limit // 2:
                break
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks
