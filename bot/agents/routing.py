"""Which agent answers a message (`MUNSHI_AGENT`): `local` the offline parser alone; `bedrock` the
cloud agent for every message; `auto` the parser for what it is sure of (instant, free) and the
cloud agent only for unknown or unsure messages. Whenever the cloud fails, times out or is
throttled, the parser's understanding answers instead (an unknown message gets the catalogs'
polite "try: …"), and a circuit breaker keeps the cloud off for a while after repeated failures.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot.agents.answer import AgentAnswer, AgentUnavailable, ToolRunner
from bot.agents.local import AgentContext, Understanding
from bot.agents.metrics import BREAKER_OPEN, record_fallback

MODES = ("local", "bedrock", "auto")


class CircuitBreaker:
    """Closed until `failures` failures in a row; then open (calls refused) for `reset_seconds`; then
    one trial call (half-open) closes it on success or opens it again on failure. One per process."""

    def __init__(self, failures: int = 3, reset_seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.failures = failures
        self.reset_seconds = reset_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._count = 0
        self._opened_at: float | None = None
        self._trial = False

    @property
    def state(self) -> str:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half_open" if self.clock() - self._opened_at >= self.reset_seconds else "open"

    def allow(self) -> bool:
        with self._lock:
            if self._opened_at is None:
                return True
            if self.clock() - self._opened_at < self.reset_seconds or self._trial:
                return False
            self._trial = True  # half-open: let one call through
            return True

    def success(self) -> None:
        with self._lock:
            self._count, self._opened_at, self._trial = 0, None, False
        BREAKER_OPEN.set(0)

    def failure(self) -> None:
        with self._lock:
            self._count += 1
            if self._trial or self._count >= self.failures:
                self._opened_at, self._trial = self.clock(), False
                BREAKER_OPEN.set(1)


class RoutingAgent:
    """The agent the turn talks to: the parser first, the cloud agent when the mode says so."""

    def __init__(self, local: Any, cloud: Any = None, *, mode: str = "local", breaker: CircuitBreaker | None = None,
                 confident: float = 0.8) -> None:
        if mode not in MODES:
            raise ValueError(f"MUNSHI_AGENT must be one of {', '.join(MODES)}, not {mode!r}")
        if mode != "local" and cloud is None:
            raise ValueError(f"MUNSHI_AGENT={mode} needs a cloud agent")
        self.local = local
        self.cloud = cloud
        self.mode = mode
        self.breaker = breaker or CircuitBreaker()
        self.confident = confident

    def understand(self, text: str, context: AgentContext) -> Understanding:
        parsed: Understanding = self.local.understand(text, context)
        if self.mode == "local" or (self.mode == "auto" and self.sure(parsed)):
            return parsed

        def respond(run: ToolRunner) -> AgentAnswer:
            return self._cloud(text, context, run)

        return replace(parsed, respond=respond)

    def sure(self, parsed: Understanding) -> bool:
        """The parser answers alone: it found a tool or a dialogue act, and is confident of it."""
        return parsed.tool != "unknown" and parsed.confidence >= self.confident

    def _cloud(self, text: str, context: AgentContext, run: ToolRunner) -> AgentAnswer:
        if not self.breaker.allow():
            record_fallback("circuit_open")
            return AgentAnswer(fallback=True, reason="circuit_open")
        try:
            answer = self.cloud.respond(text, context, run)
        except AgentUnavailable as exc:
            self.breaker.failure()
            record_fallback(exc.reason)
            return AgentAnswer(fallback=True, reason=exc.reason)
        if answer.reason == "failed":  # it failed after some tools ran: their results answer this time
            self.breaker.failure()
        else:
            self.breaker.success()
        if answer.fallback:
            record_fallback(answer.reason)
        return answer
