"""Dialogue state per phone number: where the conversation stands and what it remembers.

The state is versioned JSON (never pickle) in the `dialogue_states` table, cached in Redis when
present. Saves are optimistic: a save names the version it loaded, and a concurrent change
raises `StaleDialogue` instead of silently overwriting it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from bot.store.messaging import StaleDialogueState, load_dialogue_state, save_dialogue_state

SCHEMA_VERSION = 1
MAX_TURNS = 10
PENDING_TTL = timedelta(minutes=10)


class State(StrEnum):
    IDLE = "idle"
    ONBOARDING_SHOP_NAME = "onboarding_shop_name"
    ONBOARDING_LANGUAGE = "onboarding_language"
    ONBOARDING_OWNER_NAME = "onboarding_owner_name"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    AWAITING_INVOICE_REPLY = "awaiting_invoice_reply"  # an OCR draft purchase waits for haan / badlo


ONBOARDING_STATES = (State.ONBOARDING_SHOP_NAME, State.ONBOARDING_LANGUAGE, State.ONBOARDING_OWNER_NAME)


class PendingWrite(BaseModel):
    """A write asked back before it is applied; `message_id` is the message that proposed it."""

    tool: str
    args: dict[str, Any]
    message_id: str
    summary: str = ""
    created_at: datetime

    def expired(self, now: datetime) -> bool:
        return now - self.created_at > PENDING_TTL


class Turn(BaseModel):
    role: str  # "user" | "bot"
    text: str
    at: datetime
    tool: str | None = None


class DialogueState(BaseModel):
    schema_version: int = SCHEMA_VERSION
    state: State = State.IDLE
    pending: PendingWrite | None = None
    last_voucher: str | None = None
    lang: str | None = None  # the language of the last reply
    romanized: bool = False
    onboarding: dict[str, str] = Field(default_factory=dict)  # answers so far: shop_name, language
    invoice_draft: dict[str, Any] | None = None  # owned by bot.conversation.invoice_flow
    learning: dict[str, Any] | None = None  # owned by bot.conversation.learning: a new item or party asked about
    turns: list[Turn] = Field(default_factory=list)

    def remember(self, role: str, text: str, at: datetime, tool: str | None = None) -> None:
        self.turns.append(Turn(role=role, text=text[:500], at=at, tool=tool))
        del self.turns[:-MAX_TURNS]

    def set_pending(self, pending: PendingWrite) -> None:
        self.pending = pending
        self.state = State.AWAITING_CONFIRMATION

    def clear_pending(self) -> None:
        self.pending = None
        if self.state is State.AWAITING_CONFIRMATION:
            self.state = State.IDLE

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, raw: str | dict | None) -> DialogueState:
        if raw is None or raw == "":
            return cls()
        data = json.loads(raw) if isinstance(raw, str) else dict(raw)
        if data.get("schema_version", 0) > SCHEMA_VERSION:
            raise ValueError(f"dialogue state schema {data['schema_version']} is newer than {SCHEMA_VERSION}")
        return cls.model_validate(data)


class StaleDialogue(Exception):
    """The dialogue changed since it was loaded (another turn of the same sender saved first)."""

    def __init__(self, phone_masked: str, version: int) -> None:
        self.version = version
        super().__init__(f"dialogue of {phone_masked} changed since version {version}")


class DialogueStore:
    """Loads and saves dialogue states: the database is the truth, Redis (when given) a read cache.

    The cache holds `{"version", "state"}`; a save writes the database first (optimistic on the
    version), then the cache; a conflict drops the cache entry so the next load reads the database.
    """

    def __init__(self, session_factory, cache=None, ttl_seconds: int = 3600) -> None:
        self.session_factory = session_factory
        self.cache = cache
        self.ttl_seconds = ttl_seconds

    @staticmethod
    def _key(phone: str) -> str:
        return f"munshi:dialogue:{phone}"

    def load(self, phone: str) -> tuple[DialogueState, int]:
        """The state and the version it was read at (0: never saved)."""
        cached = self._cache_get(phone)
        if cached is not None:
            return DialogueState.from_json(cached["state"]), int(cached["version"])

        with self.session_factory() as session:
            raw, version, _shop_id = load_dialogue_state(session, phone)
        state = DialogueState.from_json(raw if raw not in ("{}", "") else None)
        if version:
            self._cache_set(phone, raw, version)
        return state, version

    def save(self, phone: str, state: DialogueState, version: int, shop_id: int | None = None) -> int:
        """Persist `state` loaded at `version`; the new version, or `StaleDialogue` on a lost race."""

        raw = state.to_json()
        try:
            with self.session_factory() as session:
                new_version = save_dialogue_state(session, phone, raw, expected_version=version, shop_id=shop_id)
                session.commit()
        except StaleDialogueState as exc:
            self._cache_delete(phone)
            raise StaleDialogue(_mask(phone), version) from exc
        self._cache_set(phone, raw, new_version)
        return new_version

    # The cache is an optimisation: any Redis failure falls back to the database.
    def _cache_get(self, phone: str) -> dict | None:
        if self.cache is None:
            return None
        try:
            raw = self.cache.get(self._key(phone))
        except Exception:  # noqa: BLE001 - a cache outage must not stop the turn
            return None
        if raw is None:
            return None
        return json.loads(raw)

    def _cache_set(self, phone: str, raw: str, version: int) -> None:
        if self.cache is None:
            return
        try:
            self.cache.set(self._key(phone), json.dumps({"version": version, "state": raw}), ex=self.ttl_seconds)
        except Exception:  # noqa: BLE001
            pass

    def _cache_delete(self, phone: str) -> None:
        if self.cache is None:
            return
        try:
            self.cache.delete(self._key(phone))
        except Exception:  # noqa: BLE001
            pass


def _mask(phone: str) -> str:
    return f"…{phone[-4:]}" if phone else "?"
