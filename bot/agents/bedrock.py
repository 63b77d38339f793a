"""The cloud agent: Amazon Bedrock's Converse API through langchain-aws `ChatBedrockConverse`, with
our own tool loop over the one registry (Bedrock Agents takes no new customers).

One turn: a short system prompt (the shop, today, its items and parties, a pending confirmation,
the language to answer in), the last turns of the dialogue, the new message. The model may call
several tools; the turn runs each (reads at once, writes under the parser's confirmation and undo
policy) and the model sees their structured results. At most `max_steps` model calls and
`token_cap` tokens a turn. The answer is sent only if every amount in it came from a tool and it
is written in the user's script; else the turn words the tools' outcomes itself. A failure before any tool ran raises `AgentUnavailable`
so the router can fall back to the parser.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

import tools
from bot.agents.answer import AgentAnswer, AgentUnavailable, ToolRunner, ToolStep, Usage
from bot.agents.local import AgentContext
from bot.agents.metrics import cost_usd, log, record_turn
from bot.agents.numbers import invented_amounts, known_numbers
from bot.agents.prompt import history_messages, system_prompt
from bot.agents.schemas import registry_tools
from bot.agents.translate import NoTranslation, Translator
from intents import detect_language
from voice.languages import LANGUAGES

THROTTLED = frozenset({"ThrottlingException", "TooManyRequestsException", "ServiceQuotaExceededException"})
TIMED_OUT = frozenset({"ModelTimeoutException", "RequestTimeout", "RequestTimeoutException"})
UNAVAILABLE = frozenset({"ServiceUnavailableException", "InternalServerException", "ModelNotReadyException",
                         "ServiceUnavailable", "InternalFailure"})


@dataclass(frozen=True)
class Limits:
    max_steps: int = 5  # model calls a turn
    token_cap: int = 12000  # input + output tokens a turn
    history_turns: int = 6
    input_usd_per_1k: float = 0.003
    output_usd_per_1k: float = 0.015


def failure_reason(exc: BaseException) -> str:
    """throttled | timeout | unavailable | error, for the breaker's log and metrics."""
    from botocore.exceptions import (
        ClientError,
        ConnectionClosedError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ReadTimeoutError,
    )

    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in THROTTLED or status == 429:
            return "throttled"
        if code in TIMED_OUT or status == 408:
            return "timeout"
        if code in UNAVAILABLE or (status or 0) >= 500:
            return "unavailable"
        return "error"
    if isinstance(exc, ReadTimeoutError | ConnectTimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, EndpointConnectionError | ConnectionClosedError | ConnectionError):
        return "unavailable"
    return "error"


def in_script(text: str, lang: str, romanized: bool) -> bool:
    """Whether an answer is written in the script the user reads: Latin letters for English and
    romanized speech (Hinglish, Tanglish), else the language's own script."""
    expected = "Latn" if romanized or lang == "en" else LANGUAGES[lang].script if lang in LANGUAGES else None
    return expected is None or detect_language(text).script in (expected, "Zyyy", "Zzzz")


def _text(message: AIMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content.strip()
    parts = [block.get("text", "") for block in content if isinstance(block, dict) and block.get("type") == "text"]
    parts += [block for block in content if isinstance(block, str)]
    return "\n".join(p for p in parts if p).strip()


class BedrockAgent:
    """Bedrock Converse over the registry's tools; `respond` is one turn's loop."""

    name = "bedrock"

    def __init__(self, model: Any, session_factory: Any, *, limits: Limits | None = None,
                 translator: Translator | None = None, english_for: frozenset[str] = frozenset()) -> None:
        self.model = model.bind_tools(registry_tools())
        self.session_factory = session_factory
        self.limits = limits or Limits()
        self.translator = translator or NoTranslation()
        self.english_for = english_for  # languages the model answers in English, translated afterwards

    def respond(self, text: str, context: AgentContext, run: ToolRunner) -> AgentAnswer:
        started = time.perf_counter()
        usage = Usage()
        lang, romanized = run.lang, run.romanized
        model_lang = "en" if lang in self.english_for else lang
        vocab = tools.vocabulary(self.session_factory, context.shop_id)
        system = system_prompt(lang=model_lang, romanized=romanized and model_lang == lang, today=context.today,
                               shop_name=context.shop_name, user_name=context.user_name, role=context.role,
                               vocab=vocab, pending=context.pending)
        messages: list[Any] = [SystemMessage(system), *history_messages(context.history, self.limits.history_turns),
                               HumanMessage(text)]
        steps: list[ToolStep] = []
        final: str | None = None
        reason = "answered"
        try:
            final, reason = self._loop(messages, run, steps, usage)
        except AgentUnavailable as exc:
            usage.seconds = time.perf_counter() - started
            record_turn(self.name, f"failed_{exc.reason}", usage)
            if not steps:
                raise
            final, reason = None, "failed"
        if final:
            invented = invented_amounts(final, known_numbers([s.result for s in steps] + [text]))
            if invented:
                log.warning("agent_answer_refused", invented=[str(v) for v in invented])
                final, reason = None, "refused_amount"
            elif not in_script(final, model_lang, romanized and model_lang == lang):
                log.warning("agent_answer_refused", wrong_script=True, lang=model_lang)
                final, reason = None, "wrong_script"
            elif model_lang != lang:
                final = self.translator.translate(final, model_lang, lang)
        usage.seconds = time.perf_counter() - started
        if reason != "failed":
            record_turn(self.name, reason, usage)
        return AgentAnswer(text=final or None, steps=steps, fallback=not final and not steps, reason=reason,
                           usage=usage)

    def _loop(self, messages: list[Any], run: ToolRunner, steps: list[ToolStep], usage: Usage) -> tuple[str | None, str]:
        limits = self.limits
        while True:
            if usage.steps >= limits.max_steps:
                return None, "step_cap"
            if usage.tokens >= limits.token_cap:
                return None, "token_cap"
            reply = self._call(messages, usage)
            messages.append(reply)
            if not reply.tool_calls:
                return _text(reply), "answered"
            for call in reply.tool_calls:  # every result answers its call, in one user turn, nothing between
                step = run(call["name"], call.get("args") or {})
                steps.append(step)
                messages.append(ToolMessage(content=json.dumps(step.result, ensure_ascii=False, default=str),
                                            tool_call_id=call["id"], status="success" if step.ok else "error"))

    def _call(self, messages: list[Any], usage: Usage) -> AIMessage:
        try:
            reply = self.model.invoke(messages)
        except Exception as exc:  # noqa: BLE001 - every failure of the cloud is a reason to fall back
            raise AgentUnavailable(failure_reason(exc), type(exc).__name__) from exc
        usage.steps += 1
        meta = reply.usage_metadata or {}
        usage.input_tokens += int(meta.get("input_tokens") or 0)
        usage.output_tokens += int(meta.get("output_tokens") or 0)
        usage.cost_usd = cost_usd(usage.input_tokens, usage.output_tokens, self.limits.input_usd_per_1k,
                                  self.limits.output_usd_per_1k)
        return reply


def bedrock_client(settings: Any) -> Any:
    """boto3's bedrock-runtime client for `settings`; botocore honours AWS_ENDPOINT_URL_BEDROCK_RUNTIME
    (and AWS_ENDPOINT_URL), so a local stand-in of the Converse wire can take Bedrock's place."""
    import boto3  # the AWS SDK loads only when the cloud agent is configured
    from botocore.config import Config

    config = Config(connect_timeout=settings.bedrock_connect_timeout_seconds,
                    read_timeout=settings.bedrock_timeout_seconds,
                    retries={"total_max_attempts": settings.bedrock_max_attempts, "mode": "standard"})
    return boto3.client("bedrock-runtime", region_name=settings.bedrock_region, config=config)


def chat_model(settings: Any, client: Any) -> Any:
    """`ChatBedrockConverse` on the model of `settings`, through its inference profile when one is set
    (then the model id names the base model, for the features langchain-aws derives from it)."""
    from langchain_aws import ChatBedrockConverse
    from langchain_aws.utils import parse_model_provider

    kwargs: dict[str, Any] = {"client": client, "region_name": settings.bedrock_region,
                              "max_tokens": settings.bedrock_max_output_tokens, "temperature": 0.0}
    if settings.bedrock_inference_profile:
        kwargs.update(model=settings.bedrock_inference_profile, base_model=settings.bedrock_model_id,
                      provider=parse_model_provider(settings.bedrock_model_id))
    else:
        kwargs["model"] = settings.bedrock_model_id
    return ChatBedrockConverse(**kwargs)
