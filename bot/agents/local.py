"""Agents turn a user's text into one tool call (or a dialogue act) over the tool registry.

`Agent` is the port; `LocalAgent` is the offline one over `intents.parse`, fed with a snapshot of
the shop's vocabulary from `tools.vocabulary`. The shop, the user and today come from the
`AgentContext`, never from the text. An understanding may instead carry `respond`: a cloud
agent's loop, which runs its tools through the turn (bot/agents/routing.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import intents
import tools
from bot.agents.answer import AgentAnswer, ToolRunner
from domain.catalog_master import master
from intents import ShopVocabulary
from intents.starter import with_lexicon
from tools.spec import DIALOGUE_ACTS


@dataclass(frozen=True)
class AgentContext:
    shop_id: int
    user_id: int
    role: str
    today: date
    history: Sequence[tuple[str, str]] = ()  # (role, text) of the last turns, oldest first
    shop_name: str = ""
    user_name: str = ""
    pending: str | None = None  # the summary of a write waiting for the user's yes or no


@dataclass(frozen=True)
class Understanding:
    """What the user asked: a tool (or dialogue act) with TOOLS.md-shaped args."""

    tool: str
    args: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"
    script: str | None = None
    romanized: bool = False
    confidence: float = 0.0
    source: str = "local"
    # A conversational agent's loop: the turn calls it with a runner of tools under its policy.
    respond: Callable[[ToolRunner], AgentAnswer] | None = field(default=None, compare=False, repr=False)
    unclear: tuple[str, ...] = ()  # words the parser could not place
    nearest: str | None = None  # for `unknown`: the tool whose phrasing comes closest

    @property
    def is_dialogue_act(self) -> bool:
        return self.tool in DIALOGUE_ACTS


class Agent(Protocol):
    def understand(self, text: str, context: AgentContext) -> Understanding: ...


def to_vocabulary(plain: Any):
    """`tools.vocabulary`'s plain dict (or an already built vocabulary) -> `intents.ShopVocabulary`."""

    if isinstance(plain, ShopVocabulary):
        return plain
    return ShopVocabulary.from_mapping(plain)


def starting_vocabulary(vocab):
    """The shop's vocabulary joined with the lexicon's kirana items it has not catalogued yet (each in the
    unit the catalog master sells it in): a new shop understands "2 किलो चीनी बेची" from its first day, and
    the turn asks before such an item is first booked (bot.conversation.learning)."""

    return with_lexicon(vocab, {concept: entry.unit for concept, entry in master().items()})


class LocalAgent:
    """The offline parser: precise, no network, the fallback of every other agent."""

    def __init__(self, session_factory) -> None:
        self.session_factory = session_factory

    def understand(self, text: str, context: AgentContext) -> Understanding:
        vocab = starting_vocabulary(to_vocabulary(tools.vocabulary(self.session_factory, context.shop_id)))
        result = intents.parse(text, vocab, today=context.today)
        return Understanding(
            tool=result.tool,
            args=dict(result.args or {}),
            lang=result.lang,
            script=result.script,
            # An Indian language in Latin letters (Hinglish, Tanglish) is answered the same way.
            romanized=result.script == "Latn" and result.lang != "en",
            confidence=float(result.confidence),
            source="local",
            unclear=tuple(result.unclear),
            nearest=result.nearest,
        )

