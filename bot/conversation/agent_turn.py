"""The turn's side of a cloud agent: `converse` hands the agent a runner of tools under the same
policy as the parser's (reads at once; writes confirmed, asked back when unsure or large, undoable,
each under its own message id so a retried turn posts once), then sends the agent's checked answer
(followed by what the reads found, from the catalogs, when it states no figure), or the tools'
outcomes worded from the catalogs, or — when the agent fell back — the parser's own understanding
of the message.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.agents.answer import AgentAnswer, ToolStep
from bot.agents.local import Understanding
from bot.agents.numbers import states_amount
from bot.app.observability import get_logger
from bot.conversation.context import render
from bot.conversation.messages import Reply
from intents import AUTO_APPLY
from tools import TOOLS, ToolOutcome

log = get_logger("munshi.agent_turn")


class TurnTools:
    """The tool runner a cloud agent calls: one per turn."""

    def __init__(self, handler: Any, ctx: Any) -> None:
        self.handler = handler
        self.ctx = ctx
        self.lang = ctx.lang
        self.romanized = ctx.romanized
        self.writes = 0

    def __call__(self, name: str, args: dict[str, Any]) -> ToolStep:
        try:
            if name in ("confirm", "cancel"):
                return self._dialogue_act(name)
            spec = TOOLS.get(name)
            if spec is None:
                return _refused(ToolOutcome.refused(name, "not_supported", f"no tool called {name!r}"))
            if not isinstance(args, dict):
                return _refused(ToolOutcome.refused(name, "invalid_arguments", "arguments must be an object"))
            if not spec.is_write:
                outcome = self.ctx.run_tool(name, args)
                return ToolStep(result=outcome.as_json(), ok=outcome.ok, outcome=outcome)
            return self._write(name, dict(args), spec)
        except Exception:  # noqa: BLE001 - a broken tool becomes an error the agent apologises for
            log.exception("agent_tool_failed", tool=name)
            return _refused(ToolOutcome.refused(name, "internal", "the tool failed"))

    def _dialogue_act(self, name: str) -> ToolStep:
        ctx = self.ctx
        had_pending = ctx.dialogue.pending is not None
        before = len(ctx.outcomes)
        (self.handler._confirm if name == "confirm" else self.handler._cancel)(ctx)
        applied = ctx.outcomes[before:]
        result: dict[str, Any] = {"ok": had_pending, "status": "confirmed" if name == "confirm" else "cancelled",
                                  "shown_to_user": True}
        if not had_pending:
            result = {"ok": False, "error": {"code": "not_found", "message": "nothing was waiting for a yes or no"},
                      "shown_to_user": True}
        elif applied:
            result.update(applied[-1].as_json())
        return ToolStep(result=result, ok=bool(result["ok"]), outcome=applied[-1] if applied else None, shown=True)

    def _write(self, name: str, args: dict[str, Any], spec: Any) -> ToolStep:
        ctx = self.ctx
        key = ctx.inbound.message_key
        ctx.write_key = key if self.writes == 0 else f"{key}#{self.writes}"  # each write of a message runs once
        self.writes += 1
        ctx.dialogue.clear_pending()  # a new write replaces an unanswered question
        before = len(ctx.outcomes)
        understood = Understanding(tool=name, args=args, lang=ctx.lang, romanized=ctx.romanized,
                                   confidence=AUTO_APPLY, source="agent")
        try:
            self.handler._tool(ctx, name, understood, spec)
        finally:
            ctx.write_key = None
        ran = ctx.outcomes[before:]
        pending = ctx.dialogue.pending
        if pending is not None and pending.tool == name:
            result = {"ok": True, "status": "awaiting_confirmation", "summary": pending.summary,
                      "shown_to_user": True}
            return ToolStep(result=result, ok=True, outcome=ran[-1] if ran else None, shown=True)
        outcome = ran[-1]
        result = {**outcome.as_json(), "status": "applied" if outcome.ok else "refused", "shown_to_user": True}
        return ToolStep(result=result, ok=outcome.ok, outcome=outcome, shown=True)


def _refused(outcome: ToolOutcome) -> ToolStep:
    return ToolStep(result=outcome.as_json(), ok=False, outcome=outcome)


def converse(handler: Any, ctx: Any, understood: Any, text: str) -> None:
    """Run the agent's loop for this message and add its replies to `ctx`."""
    assert understood.respond is not None
    before = len(ctx.replies)
    answer: AgentAnswer = understood.respond(TurnTools(handler, ctx))
    if answer.fallback:
        handler._dispatch(ctx, replace(understood, respond=None), text)
        return
    unshown = [step.outcome for step in answer.steps if step.outcome is not None and not step.shown]
    if answer.text:
        ctx.replies.append(Reply(text=answer.text))
        if states_amount(answer.text):
            return
        # words without figures: the figures the reads found follow, from the catalogs
        unshown = [outcome for outcome in unshown if outcome.ok]
    for outcome in unshown:  # else no usable words from the agent: what its tools found
        ctx.replies.append(Reply(text=render(ctx, outcome)))
    if len(ctx.replies) == before:
        ctx.say("unknown.reply")
