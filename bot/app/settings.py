"""Settings from the environment (`MUNSHI_*`, and the providers' own `TWILIO_*`, `AWS_*`).

Read once by the composition root and the command line; never at import time elsewhere.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.periods import SHOP_TZ

DEFAULT_DATA_DIR = Path("var")
DEFAULT_SECRET_KEY = "change-me-in-production"
MIN_SECRET_KEY_LENGTH = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MUNSHI_", env_file=".env", extra="ignore")

    # Storage and infrastructure
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = f"sqlite:///{DEFAULT_DATA_DIR / 'munshi.db'}"
    redis_url: str | None = None  # None: in-process cache, rate limits and queue
    queue: str = "inprocess"  # "inprocess" | "celery"
    celery_broker_url: str | None = None  # default: redis_url; "sqs://" for SQS
    public_url: str = "http://localhost:8000"  # the URL the providers call, for signatures and media links
    secret_key: str = DEFAULT_SECRET_KEY  # signs media URLs; production refuses the default or a short one
    dev_chat: bool = False  # the chat page and /sim (make run sets MUNSHI_DEV_CHAT=1); loopback clients only
    media_store: str = "local"  # "local" | "s3"
    media_dir: Path = DEFAULT_DATA_DIR / "media"
    s3_bucket: str | None = None
    media_url_ttl_seconds: int = 3600
    timezone: str = SHOP_TZ.key
    log_level: str = "INFO"
    # Intake and worker (bot/runtime/queue.py, bot/runtime/worker.py)
    worker_threads: int = 2  # in-process queue: background threads in the web process
    lease_seconds: int = 15  # a claimed message returns to the queue this soon after its worker dies (renewed
    # every lease/3 by the LeaseKeeper while the worker lives)
    max_attempts: int = 5  # a turn that keeps failing is given up after this many tries
    celery_visibility_timeout: int = 300  # Redis broker: an unacknowledged job is redelivered after this

    # Conversation
    confirm_above_rupees: Decimal = Decimal("10000")  # writes above this are asked back
    rate_limit_per_minute: int = 30
    quiet_hours_start: int = 21  # no proactive message to a customer from this hour of the shop's clock ...
    quiet_hours_end: int = 9  # ... until this one
    proactive_daily_cap: int = 3  # proactive messages a day to one number, at most
    scheduler_every_seconds: int = 300  # how often the scheduler looks for due jobs
    session_hours: int = 12  # a dashboard login lasts this long
    max_media_bytes: int = 16 * 1024 * 1024
    max_request_bytes: int = 1024 * 1024  # every route's body (the chat page's uploads: max_media_bytes)

    # Agent (bot/agents): "local" the offline parser; "bedrock" Bedrock for every message; "auto" the
    # parser when it is sure, Bedrock for unknown or unsure messages; the parser whenever Bedrock fails
    agent: str = "local"  # "local" | "bedrock" | "auto"
    agent_confident: float = 0.8  # auto: the parser alone answers at or above this confidence
    bedrock_model_id: str = "anthropic.claude-3-5-sonnet-20240620-v1:0"
    bedrock_inference_profile: str | None = None  # e.g. "apac.anthropic.claude-3-5-sonnet-20240620-v1:0" or an ARN
    bedrock_region: str = "ap-south-1"
    bedrock_max_steps: int = 5  # model calls in one turn
    bedrock_max_tokens_per_turn: int = 12000  # input + output tokens in one turn
    bedrock_max_output_tokens: int = 600  # one model call
    bedrock_history_turns: int = 6  # dialogue turns sent as context
    bedrock_timeout_seconds: float = 8.0  # read timeout of one Converse call
    bedrock_connect_timeout_seconds: float = 2.0
    bedrock_max_attempts: int = 2  # tries of one Converse call, the first included (botocore standard retries)
    bedrock_input_usd_per_1k: float = 0.003  # the model's price per 1,000 input tokens
    bedrock_output_usd_per_1k: float = 0.015
    breaker_failures: int = 3  # Bedrock failures in a row that open the circuit breaker
    breaker_reset_seconds: float = 60.0  # then the parser alone answers this long
    translate_engine: str = "none"  # "none" | "amazon" (Amazon Translate)
    bedrock_english_for: list[str] = []  # languages the model answers in English, then translated

    # Speech and OCR
    stt_engine: str = "whisper"  # "whisper" | "transcribe"
    whisper_model: str | None = None  # a local CTranslate2 model directory
    tts_engine: str = "espeak"  # "espeak" | "polly"
    ocr_engine: str = "tesseract"  # "tesseract" | "textract"
    transcribe_bucket: str | None = None
    transcribe_max_wait_seconds: float = 60.0  # then the voice note is answered "not understood"
    polly_voice_engine: str = "neural"  # "neural" (Kajal) | "standard" (Aditi)

    # Twilio
    twilio_account_sid: str | None = Field(None, validation_alias=AliasChoices("TWILIO_ACCOUNT_SID", "MUNSHI_TWILIO_ACCOUNT_SID"))
    twilio_auth_token: str | None = Field(None, validation_alias=AliasChoices("TWILIO_AUTH_TOKEN", "MUNSHI_TWILIO_AUTH_TOKEN"))
    twilio_whatsapp_from: str | None = Field(
        None, validation_alias=AliasChoices("TWILIO_WHATSAPP_FROM", "MUNSHI_TWILIO_WHATSAPP_FROM")
    )
    twilio_api_base: str = "https://api.twilio.com"

    # Meta WhatsApp Cloud API
    meta_access_token: str | None = None
    meta_phone_number_id: str | None = None
    meta_app_secret: str | None = None
    meta_verify_token: str | None = None
    meta_api_base: str = "https://graph.facebook.com/v21.0"

    # WhatsApp templates for messages outside the 24-hour window (bot/runtime/outbox.py)
    twilio_templates: dict[str, str] = {}  # our template name -> Content SID "HX…"
    meta_templates: dict[str, str] = {}  # our template name -> "meta_name" or "meta_name:language"
    reengage_template: str | None = None  # a free-form reply outside the window becomes this template

    # AWS (credentials come from the usual AWS_* variables or the instance role)
    aws_region: str = Field("ap-south-1", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION", "MUNSHI_AWS_REGION"))


class InsecureSettings(ValueError):
    """A production deployment was configured with a setting that lets strangers in."""


def is_production(settings: Settings) -> bool:
    """Reachable from the internet: an https public URL, or a WhatsApp provider configured."""
    return (settings.public_url.lower().startswith("https://") or bool(settings.twilio_auth_token)
            or bool(settings.meta_app_secret) or bool(settings.meta_access_token))


def check_production(settings: Settings) -> None:
    """Refuse to start a production deployment whose secret key is the default or short."""
    if not is_production(settings):
        return
    key = settings.secret_key or ""
    if key == DEFAULT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        raise InsecureSettings(f"MUNSHI_SECRET_KEY must be set to a random value of at least "
                               f"{MIN_SECRET_KEY_LENGTH} characters in production")


def load_settings(**overrides) -> Settings:
    return Settings(**overrides)
