"""The Bedrock agent's Converse requests, field by field, through botocore's Stubber on the real
client: the tools generated from the registry (toolConfig), the dialogue so far (messages) and the
short system prompt with the shop's vocabulary and a pending confirmation (system)."""

from __future__ import annotations

import copy
from decimal import Decimal

import boto3
import pytest
from botocore.stub import ANY, Stubber
from langchain_core.utils.function_calling import convert_to_openai_tool

from bot.agents.translate import NoTranslation
from bot.app.services import build_agent, build_services
from bot.app.settings import Settings
from bot.runtime.ratelimit import MemoryRateLimiter
from locales import translator
from tests.integration.agents.converse_standin import answer, tool_use
from tests.integration.agents.test_bedrock_turns import balance
from tests.integration.bot.turn_fixtures import SHARMA_OWNER, FixedClock, message, seed_demo_shops
from tools import TOOLS

MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0"
HINGLISH = translator("hi", romanized=True)
BIG_SALE = {"amount": 15000, "party": "Ramesh Kumar", "payment": "credit"}


@pytest.fixture
def stubbed(database_url, engine, session_factory, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    seed_demo_shops(session_factory)
    client = boto3.client("bedrock-runtime", region_name="ap-south-1")
    sent = []
    client.meta.events.register("provide-client-params.bedrock-runtime.Converse",
                                lambda params, **_: sent.append(copy.deepcopy(params)))
    settings = Settings(database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
                        agent="bedrock")
    clock = FixedClock()
    agent = build_agent(settings, session_factory, NoTranslation(), bedrock_client=client)
    services = build_services(settings, engine=engine, session_factory=session_factory, agent=agent,
                              rate_limiter=MemoryRateLimiter(1000, 60, clock=lambda: clock().timestamp()),
                              clock=clock)
    with Stubber(client) as stubber:
        yield services, stubber, sent
        stubber.assert_no_pending_responses()
    services.queue.shutdown(wait=False)
    services.media_fetcher.close()


def expect(stubber: Stubber, response: dict) -> None:
    # langchain-aws mutates the response it reads: a fresh copy for each call
    stubber.add_response("converse", copy.deepcopy(response),
                         {"modelId": MODEL, "messages": ANY, "system": ANY, "toolConfig": ANY,
                          "inferenceConfig": {"maxTokens": 600, "temperature": 0.0}})


def texts(message: dict) -> list[str]:
    return [block["text"] for block in message["content"] if "text" in block]


def test_a_large_sale_is_asked_back_and_the_yes_goes_through_the_model(stubbed):
    services, stubber, sent = stubbed
    expect(stubber, tool_use(("record_sale", BIG_SALE)))
    expect(stubber, answer(""))
    replies = services.turn.handle(message("Ramesh ko 15000 ka maal udhaar diya hai likh lo"))
    assert replies[0].buttons == [HINGLISH("word.yes"), HINGLISH("word.no")]
    assert balance(services, "Ramesh Kumar") == 0

    # toolConfig: every registry tool with its docstring and its pydantic schema, and the two acts
    tools = {t["toolSpec"]["name"]: t["toolSpec"] for t in sent[0]["toolConfig"]["tools"]}
    assert set(tools) == set(TOOLS) | {"confirm", "cancel"}
    for name, spec in TOOLS.items():
        assert tools[name]["description"] == spec.description
        schema = tools[name]["inputSchema"]["json"]
        assert set(schema["properties"]) == set(convert_to_openai_tool(spec.input_model)["function"]["parameters"]
                                                ["properties"])
        assert not {"shop", "shop_id", "user_id", "today"} & set(schema["properties"])
    assert tools["record_sale"]["inputSchema"]["json"]["properties"]["payment"]["enum"] == \
        ["cash", "upi", "credit", "card", "bank"]
    # system: who, which shop, today, the vocabulary, the language
    system = sent[0]["system"][0]["text"]
    assert "Sharma Kirana Store" in system and "Rajesh Sharma" in system and "owner" in system
    assert "Today is 2026-11-20" in system
    assert "Sugar (cheeni" in system and "Ramesh Kumar (customer)" in system
    assert "Latin letters" in system and "Waiting for the user" not in system
    # the second call carries the tool's answer: asked back, shown to the user
    assert sent[1]["messages"][1]["content"][0]["toolUse"]["name"] == "record_sale"
    result = sent[1]["messages"][2]["content"][0]["toolResult"]
    assert result["status"] == "success" and '"awaiting_confirmation"' in result["content"][0]["text"]

    expect(stubber, tool_use(("confirm", {})))
    expect(stubber, answer("Theek hai."))
    replies = [r.text for r in services.turn.handle(message("haan bhai kar do", SHARMA_OWNER))]
    assert balance(services, "Ramesh Kumar") == Decimal("15000")
    assert HINGLISH("undo.hint") in replies[0] and replies[-1] == "Theek hai."
    system = sent[2]["system"][0]["text"]
    assert "Waiting for the user to confirm:" in system and "Ramesh Kumar" in system.split("Waiting")[1]
    history = sent[2]["messages"]
    assert [m["role"] for m in history] == ["user", "assistant", "user"]
    assert texts(history[0]) == ["Ramesh ko 15000 ka maal udhaar diya hai likh lo"]
    assert "15,000" in texts(history[1])[0]  # the question the bot asked
    assert texts(history[2]) == ["haan bhai kar do"]
