"""What the conversation needs from outside, as small ports; the composition root plugs in adapters.

Adapters live in `bot.runtime` (the rate limiter, the media store and its signer), `voice` (speech),
`domain.ocr` (bill photos) and `bot.agents` (understanding); the conversation names only these.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol


class Verdict(StrEnum):
    ALLOW = "allow"
    REFUSE = "refuse"  # over the limit (the first message over it)
    SILENT = "silent"  # still over the limit


class SenderOverLimit(Exception):
    """The sender is over the rate limit: this message waits (in order) and is answered later."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"sender over the rate limit; retry in {retry_after:.0f} s")
        self.retry_after = retry_after


class RateLimiter(Protocol):
    def check(self, key: str) -> Verdict: ...


class Cache(Protocol):
    """Redis's get / set(ex=) / delete, or the in-process stand-in."""

    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any, ex: float | None = None) -> Any: ...

    def delete(self, *keys: str) -> int: ...


class MediaStore(Protocol):
    def put(self, data: bytes, content_type: str, *, key: str | None = None) -> str: ...

    def get(self, key: str) -> Any: ...


class MediaSigner(Protocol):
    def url(self, key: str, ttl_seconds: int | None = None) -> str: ...
