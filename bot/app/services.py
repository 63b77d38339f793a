"""The composition root: `build_services(settings) -> Services` builds every adapter from settings, once.

Nothing here runs at import time, and nothing outside this module constructs an engine, a client, a
limiter, an agent or a speech engine. The web app, the Celery worker, `munshi chat` and the tests each
call `build_services`; tests may hand in their own parts by keyword (`engine`, `session_factory`,
`redis`, `cache`, `rate_limiter`, `media_store`, `media_signer`, `media_fetcher`, `channels`, `queue`,
`ocr`, `stt`, `tts`, `agent`, `turn`, `clock`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import anyio
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from bot.agents.bedrock import BedrockAgent, Limits, chat_model
from bot.agents.bedrock import bedrock_client as make_bedrock_client
from bot.agents.local import Agent, LocalAgent
from bot.agents.routing import CircuitBreaker, RoutingAgent
from bot.agents.translate import AmazonTranslate, NoTranslation, Translator
from bot.app.observability import get_logger
from bot.app.settings import Settings, load_settings
from bot.channels import Channel, build_channels
from bot.conversation.context import TurnDeps
from bot.conversation.messages import InboundMessage, Reply
from bot.conversation.ports import Cache, RateLimiter
from bot.conversation.turn import TurnHandler
from bot.runtime.intake import store_values
from bot.runtime.media_fetch import MediaFetcher
from bot.runtime.media_store import MediaSigner, MediaStore, build_media_store
from bot.runtime.queue import Queue, build_queue
from bot.runtime.ratelimit import build_rate_limiter
from bot.runtime.spool import JournalSpool, RedisSpool, SpoolDrainer, build_spool
from bot.runtime.worker import LeaseKeeper
from domain.insight.store import DirectoryForecastStore, ForecastStore
from domain.ocr.engines import LazyEngine
from domain.ocr.port import OcrEngine
from domain.store.db import make_engine, make_session_factory
from voice import SpeechToText, TextToSpeech, build_stt, build_tts

log = get_logger("munshi.services")


class Turn(Protocol):
    """What the worker runs per message: `TurnHandler`, or a test's stand-in."""

    def handle(self, inbound: InboundMessage) -> list[Reply]: ...


class MemoryCache:
    """The in-process stand-in for Redis's get/set(ex=)/delete, for one process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._data: dict[str, tuple[Any, float | None]] = {}
        self._lock = threading.Lock()
        self.clock = clock

    def get(self, key: str) -> Any:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            value, expires = item
            if expires is not None and expires <= self.clock():
                del self._data[key]
                return None
            return value

    def set(self, key: str, value: Any, ex: float | None = None) -> bool:
        with self._lock:
            self._data[key] = (value, self.clock() + ex if ex else None)
        return True

    def delete(self, *keys: str) -> int:
        with self._lock:
            return sum(1 for key in keys if self._data.pop(key, None) is not None)


@dataclass
class Services:
    """Every adapter of one process. `intake_engine` is the webhooks' own small autocommit pool on
    PostgreSQL (the shared engine on SQLite); `redis` is None without MUNSHI_REDIS_URL; `stt` is None
    when no speech-to-text model is installed."""

    settings: Settings
    engine: Engine
    intake_engine: Engine
    intake_limiter: anyio.CapacityLimiter
    session_factory: sessionmaker[Session]
    redis: Any  # redis.Redis, or None
    cache: Cache
    rate_limiter: RateLimiter
    queue: Queue
    channels: dict[str, Channel]
    media_store: MediaStore
    media_signer: MediaSigner
    media_fetcher: MediaFetcher
    lease_keeper: LeaseKeeper
    ocr: OcrEngine
    stt: SpeechToText | None
    tts: TextToSpeech
    translator: Translator
    forecasts: ForecastStore
    agent: Agent
    turn: Turn
    spool: JournalSpool | RedisSpool
    spool_drainer: SpoolDrainer

    def start(self) -> None:
        """Start background work (the in-process queue, the spool's drainer); call once the process is
        ready to serve."""
        self.queue.start(self)
        self.spool_drainer.start(lambda values: store_values(self, values))

    def close(self) -> None:
        """Stop the queue (waiting for claimed messages), then close connections."""
        self.spool_drainer.close()
        self.queue.shutdown(wait=True)
        self.lease_keeper.close()
        self.media_fetcher.close()
        if self.redis is not None:
            self.redis.close()
        if self.intake_engine is not self.engine:
            self.intake_engine.dispose()
        self.engine.dispose()


def _intake_engine(shared: Engine) -> Engine:
    """For PostgreSQL, the webhooks' own pool without a ping per checkout (the shared engine pings
    pessimistically: a round trip per request); a connection found dead is retried once on a fresh one
    instead. Autocommit for the whole pool: the one INSERT is atomic by itself."""
    if shared.dialect.name != "postgresql":
        return shared
    size = getattr(shared.pool, "size", lambda: 5)()
    return create_engine(shared.url, pool_size=size, max_overflow=0, pool_pre_ping=False,
                         isolation_level="AUTOCOMMIT", hide_parameters=True)


def _intake_limiter(engine: Engine) -> anyio.CapacityLimiter:
    """How many webhook threads may hold a database connection at once: the pool's size, so a burst
    waits on the event loop instead of opening overflow connections and crowding the GIL."""
    return anyio.CapacityLimiter(max(1, getattr(engine.pool, "size", lambda: 5)()))


def _redis(settings: Settings) -> Any:
    if not settings.redis_url:
        return None
    import redis  # the production cache and broker; the embedded default never loads it

    return redis.Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=5)


def _s3(settings: Settings) -> Any:
    if settings.media_store != "s3":
        return None
    import boto3  # only with MUNSHI_MEDIA_STORE=s3

    return boto3.client("s3", region_name=settings.aws_region)


def _ocr(settings: Settings) -> OcrEngine:
    def textract():
        import boto3  # only when MUNSHI_OCR_ENGINE=textract reads its first photo

        return boto3.client("textract", region_name=settings.aws_region)

    return LazyEngine(settings.ocr_engine, textract_client_factory=textract)  # loads on first photo


def _stt(settings: Settings) -> SpeechToText | None:
    """The speech-to-text engine the settings name; nothing loads until the first voice note. A Whisper
    engine without any model gives None (voice notes are then answered with voice.not_understood)."""
    if settings.stt_engine == "transcribe":
        import boto3  # only with MUNSHI_STT_ENGINE=transcribe

        return build_stt(
            "transcribe",
            client=boto3.client("transcribe", region_name=settings.aws_region),
            s3_client=boto3.client("s3", region_name=settings.aws_region),
            bucket=settings.transcribe_bucket or settings.s3_bucket,
            max_wait_seconds=settings.transcribe_max_wait_seconds,
        )
    try:
        return build_stt("whisper", model_dir=settings.whisper_model)
    except ValueError as exc:
        log.warning("speech_to_text_off", reason=str(exc))
        return None


def _tts(settings: Settings) -> TextToSpeech:
    if settings.tts_engine == "polly":
        import boto3  # only with MUNSHI_TTS_ENGINE=polly

        return build_tts("polly", client=boto3.client("polly", region_name=settings.aws_region),
                         voice_engine=settings.polly_voice_engine)
    return build_tts("espeak")


def build_speech(settings: Settings) -> tuple[SpeechToText | None, TextToSpeech]:
    """The speech-to-text and text-to-speech adapters the settings name; nothing loads yet."""
    return _stt(settings), _tts(settings)


def _given_or_built(given: Any, make: Callable[[], Any]) -> Any:
    return given if given is not None else make()


def _utcnow() -> datetime:
    return datetime.now(UTC)


def build_services(settings: Settings | None = None, **parts: Any) -> Services:
    """Every adapter from settings; keyword parts replace a built one (tests, `munshi chat`)."""
    settings = settings or load_settings()
    engine = parts.pop("engine", None) or make_engine(settings.database_url)
    session_factory = parts.pop("session_factory", None) or make_session_factory(engine)
    redis_client = parts.pop("redis", None) or _redis(settings)
    cache = parts.pop("cache", None) or (redis_client if redis_client is not None else MemoryCache())
    media_store = parts.pop("media_store", None) or build_media_store(settings, _s3(settings))
    built = dict(
        rate_limiter=lambda: build_rate_limiter(settings.rate_limit_per_minute, redis_client),
        media_signer=lambda: MediaSigner(settings.secret_key, settings.public_url, settings.media_url_ttl_seconds),
        media_fetcher=lambda: MediaFetcher(settings, media_store),
        channels=lambda: build_channels(settings),
        queue=lambda: build_queue(settings),
        ocr=lambda: _ocr(settings),
        stt=lambda: _stt(settings),
        tts=lambda: _tts(settings),
        forecasts=lambda: DirectoryForecastStore(settings.data_dir / "forecasts"),
    )
    given = {name: _given_or_built(parts.pop(name, None), make) for name, make in built.items()}
    translator = parts.pop("translator", None) or build_translator(settings)
    given["agent"] = parts.pop("agent", None) or build_agent(settings, session_factory, translator)
    turn = parts.pop("turn", None)
    clock = parts.pop("clock", None) or _utcnow
    if parts:
        raise TypeError(f"build_services: unknown parts {sorted(parts)}")
    deps = TurnDeps(settings=settings, session_factory=session_factory, cache=cache,
                    rate_limiter=given["rate_limiter"], agent=given["agent"], media_store=media_store,
                    media_signer=given["media_signer"], ocr=given["ocr"], stt=given["stt"], tts=given["tts"],
                    forecasts=given["forecasts"])
    intake_engine = _intake_engine(engine)
    spool = build_spool(settings.data_dir, redis_client)
    services = Services(
        settings=settings, engine=engine, intake_engine=intake_engine,
        intake_limiter=_intake_limiter(intake_engine), session_factory=session_factory, redis=redis_client,
        cache=cache, media_store=media_store, lease_keeper=LeaseKeeper(session_factory, settings.lease_seconds),
        translator=translator, turn=turn or TurnHandler(deps, clock=clock), spool=spool,
        spool_drainer=SpoolDrainer(spool), **given,
    )
    return services


def build_translator(settings: Settings) -> Translator:
    """Amazon Translate when `translate_engine` is "amazon", else the offline no-op."""
    if settings.translate_engine == "amazon":
        import boto3  # the AWS SDK loads only when Translate is configured

        return AmazonTranslate(boto3.client("translate", region_name=settings.aws_region))
    return NoTranslation()


def build_agent(settings: Settings, session_factory: sessionmaker[Session], translator: Translator,
                bedrock_client: Any = None) -> Agent:
    """The router of `MUNSHI_AGENT`: the offline parser, with the Bedrock agent behind it unless local.
    `bedrock_client` replaces boto3's (a Stubber's client in tests)."""
    local = LocalAgent(session_factory)
    if settings.agent == "local":
        return RoutingAgent(local, mode="local")
    client = bedrock_client or make_bedrock_client(settings)
    limits = Limits(max_steps=settings.bedrock_max_steps, token_cap=settings.bedrock_max_tokens_per_turn,
                    history_turns=settings.bedrock_history_turns,
                    input_usd_per_1k=settings.bedrock_input_usd_per_1k,
                    output_usd_per_1k=settings.bedrock_output_usd_per_1k)
    cloud = BedrockAgent(chat_model(settings, client), session_factory, limits=limits, translator=translator,
                         english_for=frozenset(settings.bedrock_english_for))
    breaker = CircuitBreaker(settings.breaker_failures, settings.breaker_reset_seconds)
    return RoutingAgent(local, cloud, mode=settings.agent, breaker=breaker, confident=settings.agent_confident)
