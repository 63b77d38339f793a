"""The composition root: `build_services(settings) -> Services` builds every adapter from settings, once.

Nothing here runs at import time. The web app, the Celery worker, `munshi chat` and the tests each
call `build_services` (tests may pass their own adapters through `overrides`). Slots `stt`, `tts`,
`ocr` and `agent` stay None until their adapter is configured; the turn falls back to its defaults.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.channels import Channel, build_channels
from bot.media_fetch import MediaFetcher
from bot.media_store import MediaSigner, MediaStore, build_media_store
from bot.queue import Queue, build_queue
from bot.settings import Settings
from domain.store.db import make_engine, make_session_factory


class MemoryCache:
    """The in-process stand-in for Redis's get/set(ex=)/delete, for one process."""

    def __init__(self, clock=time.monotonic) -> None:
        self._data: dict[str, tuple[Any, float | None]] = {}
        self._lock = threading.Lock()
        self.clock = clock

    def get(self, key: str):
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            value, expires = item
            if expires is not None and expires <= self.clock():
                del self._data[key]
                return None
            return value

    def set(self, key: str, value, ex: float | None = None) -> bool:
        with self._lock:
            self._data[key] = (value, self.clock() + ex if ex else None)
        return True

    def delete(self, *keys: str) -> int:
        with self._lock:
            return sum(1 for key in keys if self._data.pop(key, None) is not None)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    cache: Any  # a redis.Redis client, or MemoryCache
    queue: Queue
    channels: dict[str, Channel]
    media_store: MediaStore
    media_signer: MediaSigner
    media_fetcher: MediaFetcher
    redis: Any = None  # redis.Redis when MUNSHI_REDIS_URL is set
    rate_limiter: Any = None  # bot.ratelimit.RateLimiter
    turn: Any = None  # bot.turn.TurnHandler: .handle(services, inbound) -> list[Reply]
    agent: Any = None  # bot.agent.Agent; None: the turn's local parser
    stt: Any = None  # voice speech-to-text; None: the turn's default
    tts: Any = None  # voice text-to-speech; None: the turn's default
    ocr: Any = None  # invoice OCR engine; None: the turn's default
    forecasts: Any = None  # domain.insight.refresh.ForecastStore the scheduler fills and the reads use
    extras: dict[str, Any] = field(default_factory=dict)

    def start(self) -> None:
        """Start background work (the in-process queue); call once the process is ready to serve."""
        self.queue.start(self)

    def close(self) -> None:
        """Stop the queue (waiting for claimed messages), then close connections."""
        self.queue.shutdown(wait=True)
        keeper = self.extras.pop("lease_keeper", None)
        if keeper is not None:
            keeper.close()
        self.media_fetcher.close()
        if self.redis is not None:
            self.redis.close()
        intake_engine = self.extras.pop("intake_engine", None)  # the webhooks' own small pool
        if intake_engine is not None:
            intake_engine.dispose()
        self.engine.dispose()


def build_services(settings: Settings | None = None, **overrides) -> Services:
    """Every adapter from settings; keyword overrides replace a built part (tests, `munshi chat`)."""
    if settings is None:
        from bot.settings import load_settings

        settings = load_settings()
    engine = overrides.pop("engine", None) or make_engine(settings.database_url)
    session_factory = overrides.pop("session_factory", None) or make_session_factory(engine)

    redis_client = overrides.pop("redis", None)
    if redis_client is None and settings.redis_url:
        import redis

        redis_client = redis.Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=5)
    cache = overrides.pop("cache", None) or (redis_client if redis_client is not None else MemoryCache())

    from bot.ratelimit import build_rate_limiter

    rate_limiter = overrides.pop("rate_limiter", None) or build_rate_limiter(settings.rate_limit_per_minute, redis_client)
    media_store = overrides.pop("media_store", None) or build_media_store(settings)
    signer = overrides.pop("media_signer", None) or MediaSigner(settings.secret_key, settings.public_url,
                                                              settings.media_url_ttl_seconds)
    fetcher = overrides.pop("media_fetcher", None) or MediaFetcher(settings, media_store)
    channels = overrides.pop("channels", None) or build_channels(settings)
    queue = overrides.pop("queue", None) or build_queue(settings)

    turn = overrides.pop("turn", None)
    if turn is None:
        from bot.turn import TurnHandler

        turn = TurnHandler()

    if overrides.get("ocr") is None:
        from domain.ocr.engines import LazyEngine

        def _textract():
            import boto3

            return boto3.client("textract", region_name=settings.aws_region)

        overrides["ocr"] = LazyEngine(settings.ocr_engine, textract_client_factory=_textract)  # loads on first photo

    if overrides.get("stt") is None or overrides.get("tts") is None:
        from bot.speech import build_speech

        stt, tts = build_speech(settings)  # nothing loads until the first voice note
        overrides["stt"] = overrides.get("stt") or stt
        overrides["tts"] = overrides.get("tts") or tts

    if overrides.get("forecasts") is None:
        from domain.insight.store import DirectoryForecastStore

        overrides["forecasts"] = DirectoryForecastStore(settings.data_dir / "forecasts")

    return Services(
        settings=settings, engine=engine, session_factory=session_factory, cache=cache, queue=queue,
        channels=channels, media_store=media_store, media_signer=signer, media_fetcher=fetcher,
        redis=redis_client, rate_limiter=rate_limiter, turn=turn, **overrides,
    )
