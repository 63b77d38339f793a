"""Prometheus metrics and the log line of each cloud-agent turn: latency, model calls, tokens, cost
in US dollars (Bedrock's price list currency), how it ended, and fallbacks to the parser."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from bot.agents.answer import Usage
from bot.app.observability import get_logger

log = get_logger("munshi.agent")

AGENT_TURNS = Counter("munshi_agent_turns_total", "Turns answered by the cloud agent", ["agent", "result"])
AGENT_SECONDS = Histogram(
    "munshi_agent_turn_seconds", "Wall time of one cloud-agent turn", ["agent"],
    buckets=(0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30),
)
AGENT_STEPS = Histogram("munshi_agent_steps", "Model calls in one turn", ["agent"], buckets=(1, 2, 3, 4, 5, 6, 8))
AGENT_TOKENS = Counter("munshi_agent_tokens_total", "Model tokens", ["agent", "direction"])
AGENT_COST = Counter("munshi_agent_cost_usd_total", "Model cost in US dollars", ["agent"])
AGENT_FALLBACKS = Counter("munshi_agent_fallbacks_total", "Messages the parser answered instead", ["reason"])
BREAKER_OPEN = Gauge("munshi_agent_breaker_open", "1 while the circuit breaker keeps the cloud agent off")


def cost_usd(input_tokens: int, output_tokens: int, input_per_1k: float, output_per_1k: float) -> float:
    return round(input_tokens / 1000 * input_per_1k + output_tokens / 1000 * output_per_1k, 6)


def record_turn(agent: str, result: str, usage: Usage) -> None:
    AGENT_TURNS.labels(agent, result).inc()
    AGENT_SECONDS.labels(agent).observe(usage.seconds)
    AGENT_STEPS.labels(agent).observe(usage.steps)
    AGENT_TOKENS.labels(agent, "input").inc(usage.input_tokens)
    AGENT_TOKENS.labels(agent, "output").inc(usage.output_tokens)
    AGENT_COST.labels(agent).inc(usage.cost_usd)
    log.info("agent_turn", agent=agent, result=result, seconds=round(usage.seconds, 3), steps=usage.steps,
             input_tokens=usage.input_tokens, output_tokens=usage.output_tokens, cost_usd=usage.cost_usd)


def record_fallback(reason: str) -> None:
    AGENT_FALLBACKS.labels(reason).inc()
    log.warning("agent_fallback", reason=reason)
