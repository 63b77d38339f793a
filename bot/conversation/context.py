"""What one turn knows (`TurnContext`) and what it uses (`TurnDeps`, built once by the composition
root); shared by the turn, onboarding, the invoice dialogue and the voice glue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.agents.local import Agent
from bot.app.observability import record_tool_call
from bot.app.settings import Settings
from bot.conversation.dialogue import DialogueState
from bot.conversation.messages import InboundMessage, Reply
from bot.conversation.ports import Cache, MediaSigner, MediaStore, RateLimiter
from bot.conversation.replies import render_outcome, render_summary
from domain.books.types import ShopInfo, UserInfo
from domain.insight.store import ForecastStore
from domain.ocr.port import OcrEngine
from locales.catalog import translator
from locales.words import local_amount_in_words
from tools import ToolContext, ToolOutcome, run_tool
from voice import SpeechToText, TextToSpeech


@dataclass(frozen=True)
class TurnDeps:
    """The adapters a turn uses. `stt` is None when no speech-to-text model is installed (voice notes
    are then answered with voice.not_understood)."""

    settings: Settings
    session_factory: sessionmaker[Session]
    cache: Cache
    rate_limiter: RateLimiter
    agent: Agent
    media_store: MediaStore
    media_signer: MediaSigner
    ocr: OcrEngine
    stt: SpeechToText | None
    tts: TextToSpeech
    forecasts: ForecastStore


@dataclass
class TurnContext:
    """Everything one turn knows; handed to onboarding, speech and the invoice flow.

    `dialogue` is mutable and saved after the turn; `lang`/`romanized` name the reply catalog.
    """

    deps: TurnDeps
    inbound: InboundMessage
    dialogue: DialogueState
    now: datetime
    user: UserInfo | None = None
    shop: ShopInfo | None = None
    lang: str = "hi"
    romanized: bool = False
    spoke: bool = False
    heard_unsure: bool = False  # the voice note's words were doubtful: writes are asked back
    voice_heard: str | None = None  # set by bot.conversation.speech: the transcript, kept out of the voice reply
    replies: list[Reply] = field(default_factory=list)
    outcomes: list[ToolOutcome] = field(default_factory=list)  # every tool outcome of this turn, dry runs too
    write_key: str | None = None  # the id the next write runs under, when one message makes several

    @property
    def message_key(self) -> str:
        return self.write_key or self.inbound.message_key

    @property
    def settings(self) -> Settings:
        return self.deps.settings

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self.deps.session_factory

    @property
    def today(self) -> date:
        return self.now.astimezone(ZoneInfo(self.settings.timezone)).date()

    @property
    def t(self):
        return translator(self.lang, romanized=self.romanized)

    def say(self, key: str, **params: Any) -> Reply:
        reply = Reply(text=self.t(key, **params))
        self.replies.append(reply)
        return reply

    def tool_context(self, message_id: str | None = None) -> ToolContext:
        return ToolContext(
            shop_id=self.shop.id, user_id=self.user.id, role=self.user.role, today=self.today,
            message_id=message_id if message_id is not None else self.message_key,
            lang=self.lang, amount_words=local_amount_in_words, forecasts=self.deps.forecasts,
        )

    def run_tool(self, name: str, args: dict, *, dry_run: bool = False,
                 message_id: str | None = None) -> ToolOutcome:
        outcome = run_tool(self.session_factory, self.tool_context(message_id), name, args, dry_run=dry_run)
        self.outcomes.append(outcome)
        if not dry_run:
            record_tool_call(name, bool(outcome.ok))
        return outcome


def render(ctx: TurnContext, outcome: ToolOutcome) -> str:
    """The outcome in the reply language; writes carry the undo hint."""
    return render_outcome(outcome, ctx.lang, ctx.romanized, today=ctx.today)


def summarize(ctx: TurnContext, outcome: ToolOutcome) -> str:
    return render_summary(outcome, ctx.lang, ctx.romanized)
