"""What the conversation needs from outside, as small ports; the composition root plugs in adapters.

Adapters live in `bot.runtime` (the rate limiter, the media store and its signer), `voice` (speech),
`domain.ocr` (bill photos) and `bot.agents` (understanding); the conversation names only these.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol


class Verdict(StrEnum):
    ALLOW = "allow"
    REFUSE = "refuse"  # over the limit: answer once with error.rate_limited
    SILENT = "silent"  # still over the limit and already told: answer nothing


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
