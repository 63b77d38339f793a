"""The cloud agent's small parts without a network or database: the numbers check, the circuit
breaker, Translate's chunking and fallbacks, the dialogue as Converse messages, the routing rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from bot.agents.answer import AgentAnswer, AgentUnavailable
from bot.agents.local import Understanding
from bot.agents.numbers import invented_amounts, known_numbers
from bot.agents.prompt import history_messages, language_line
from bot.agents.routing import CircuitBreaker, RoutingAgent
from bot.agents.translate import MAX_BYTES, AmazonTranslate, NoTranslation, chunks

BOOKS = [{"ok": True, "data": {"party": "Ramesh Kumar", "balance": 1288.5, "voucher": "SL/26-27/0013",
                               "period": {"from": "2026-11-01", "to": "2026-11-20"}}}]


@pytest.mark.parametrize("text", [
    "Ramesh Kumar ka baaki ₹1,288.50 hai", "₹1,289 baaki", "रमेश पर ₹१,२८८.५० बाकी", "12 din se baaki hai",
    "bill SL/26-27/0013", "1 Nov se 20 Nov tak", "Rs. 1288.5 due",
])
def test_amounts_a_tool_returned_pass(text):
    assert invented_amounts(text, known_numbers(BOOKS)) == []


@pytest.mark.parametrize("text,invented", [
    ("Ramesh ka baaki ₹5,000 hai", Decimal(5000)), ("ரமேஷ் ₹௫௦௦ தர வேண்டும்", Decimal(500)),
    ("baaki 2577 rupaye", Decimal(2577)), ("₹50 ki cheeni", Decimal(50)), ("total 300 rupees", Decimal(300)),
])
def test_an_amount_no_tool_returned_is_caught(text, invented):
    assert invented_amounts(text, known_numbers(BOOKS)) == [invented]


def test_the_breaker_opens_after_failures_and_tries_once_after_the_pause():
    now = [0.0]
    breaker = CircuitBreaker(failures=2, reset_seconds=30, clock=lambda: now[0])
    breaker.failure()
    assert breaker.allow()
    breaker.failure()
    assert breaker.state == "open" and not breaker.allow()
    now[0] = 31
    assert breaker.allow() and not breaker.allow()  # one trial only
    breaker.failure()
    assert breaker.state == "open"
    now[0] = 62
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed" and breaker.allow()


class Parser:
    def __init__(self, understood: Understanding) -> None:
        self.understood = understood

    def understand(self, text, context):
        return self.understood


class Cloud:
    def __init__(self, fail: str | None = None) -> None:
        self.fail = fail
        self.calls = 0

    def respond(self, text, context, run):
        self.calls += 1
        if self.fail:
            raise AgentUnavailable(self.fail)
        return AgentAnswer(text="ok")


def test_auto_keeps_sure_messages_offline_and_sends_the_rest():
    sure = Understanding(tool="party_balance", args={"party": "Ramesh Kumar"}, confidence=0.93)
    unsure = Understanding(tool="party_balance", args={"party": "Suresh Yadav"}, confidence=0.74)
    unknown = Understanding(tool="unknown", confidence=0.9)
    assert RoutingAgent(Parser(sure), Cloud(), mode="auto").understand("x", None).respond is None
    assert RoutingAgent(Parser(unsure), Cloud(), mode="auto").understand("x", None).respond is not None
    assert RoutingAgent(Parser(unknown), Cloud(), mode="auto").understand("x", None).respond is not None
    assert RoutingAgent(Parser(sure), Cloud(), mode="bedrock").understand("x", None).respond is not None
    assert RoutingAgent(Parser(unknown), mode="local").understand("x", None).respond is None
    with pytest.raises(ValueError):
        RoutingAgent(Parser(sure), None, mode="auto")


@pytest.mark.parametrize("reason", ["throttled", "timeout", "unavailable", "error"])
def test_a_failing_cloud_falls_back_to_the_parser(reason):
    cloud = Cloud(fail=reason)
    router = RoutingAgent(Parser(Understanding(tool="unknown")), cloud, mode="bedrock",
                          breaker=CircuitBreaker(failures=1, reset_seconds=60))
    first = router.understand("x", None).respond(None)
    second = router.understand("x", None).respond(None)
    assert first.fallback and first.reason == reason
    assert second.fallback and second.reason == "circuit_open" and cloud.calls == 1


def test_the_dialogue_becomes_alternating_messages_that_start_with_the_user():
    history = [("bot", "Namaste"), ("user", "Ramesh ka baaki?"), ("bot", "₹88"), ("bot", "  "), ("user", "ok"),
               ("user", "aur?")]
    messages = history_messages(history, keep=10)
    assert [type(m) for m in messages] == [HumanMessage, AIMessage, HumanMessage]
    assert messages[2].content == "ok\naur?"
    assert history_messages(history, keep=0) == []


def test_each_language_is_answered_in_its_script():
    assert "Latin letters" in language_line("hi", romanized=True)
    assert "Devanagari" in language_line("hi", romanized=False)
    assert "தமிழ்" in language_line("ta", romanized=False)


class FakeTranslate:
    def __init__(self, fail: bool = False) -> None:
        self.sent = []
        self.fail = fail

    def translate_text(self, Text, SourceLanguageCode, TargetLanguageCode):  # noqa: N803 - boto3's names
        if self.fail:
            raise RuntimeError("down")
        self.sent.append((Text, SourceLanguageCode, TargetLanguageCode))
        return {"TranslatedText": Text.upper()}


def test_translate_sends_pieces_under_its_limit_and_keeps_the_text_when_it_cannot():
    long = ("नमस्ते दुनिया " * 2000).strip()
    assert all(len(p.encode()) <= MAX_BYTES for p in chunks(long)) and "".join(chunks(long)) == long
    client = FakeTranslate()
    assert AmazonTranslate(client).translate("paid", "en", "hi") == "PAID"
    assert AmazonTranslate(client).translate("paid", "en", "or") == "paid"  # Odia: not a Munshi language
    assert AmazonTranslate(FakeTranslate(fail=True)).translate("paid", "en", "ta") == "paid"
    assert NoTranslation().translate("paid", "en", "ta") == "paid"
