"""What a conversational agent (one that runs its own tools, like the Bedrock agent) hands back to
the turn, and the port through which it runs tools under the turn's policy.

`ToolRunner(name, args) -> ToolStep`: the turn runs a read at once and a write through the same
confirmation and undo policy as the parser's; the agent only sees the structured result.
`AgentAnswer`: the checked text to send, or nothing (the turn words the tools' outcomes from its
catalogs), or `fallback` (nothing ran: let the offline parser answer). `AgentUnavailable`: the
cloud failed, timed out or was throttled before any tool ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class ToolStep:
    """One tool run for an agent: `result` is the JSON the model sees; `outcome` the tool's own
    (a `tools.ToolOutcome`, None for a dialogue act); `shown` whether the turn already replied."""

    result: dict[str, Any]
    ok: bool
    outcome: Any = None
    shown: bool = False


class ToolRunner(Protocol):
    lang: str  # the reply's language, as the turn chose it
    romanized: bool

    def __call__(self, name: str, args: dict[str, Any]) -> ToolStep: ...


@dataclass
class Usage:
    """One turn's cost: model calls, tokens, dollars, wall time."""

    steps: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass
class AgentAnswer:
    text: str | None = None  # checked: every amount in it came from a tool
    steps: list[ToolStep] = field(default_factory=list)
    fallback: bool = False  # nothing ran and nothing may be said: the parser answers
    reason: str = "answered"  # answered | refused_amount | step_cap | token_cap | failed | circuit_open
    usage: Usage = field(default_factory=Usage)


class AgentUnavailable(Exception):
    """The cloud agent could not answer: `reason` is throttled, timeout, unavailable or error."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
