"""Turns answered by the Bedrock agent through `munshi`'s own composition root, the real boto3
client and a scripted Converse stand-in over HTTP (AWS_ENDPOINT_URL_BEDROCK_RUNTIME), with the
real registry and books on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from prometheus_client import REGISTRY

from locales import translator
from tests.integration.agents.conftest import send
from tests.integration.agents.converse_standin import Error, answer, tool_results, tool_use
from tests.integration.bot.turn_fixtures import SHARMA_OWNER, SHARMA_STAFF
from tools import TOOLS

HINGLISH = translator("hi", romanized=True)
SUGAR_ON_CREDIT = ("record_sale", {"items": [{"item": "Sugar", "qty": 2, "unit": "kg"}], "party": "Ramesh Kumar",
                                   "payment": "credit"})


def run(services, tool: str, args: dict, phone: str = SHARMA_OWNER):
    from bot.conversation.turn import resolve_sender
    from tools import ToolContext, run_tool

    user, shop = resolve_sender(services.session_factory, phone)
    ctx = ToolContext(shop_id=shop.id, user_id=user.id, role=user.role, today=date(2026, 11, 20))
    return run_tool(services.session_factory, ctx, tool, args)


def balance(services, party: str) -> Decimal:
    return Decimal(str(run(services, "party_balance", {"party": party}).data["balance"]))


def sales(services) -> int:
    return int(run(services, "sales_summary", {"period": "today"}).data["count"])


def echo_balance(request):
    """The model's last word: the balance the tool returned, in Hinglish."""
    data = tool_results(request)[-1]["json"]["data"]
    return answer(f"{data['party']} ka kul baaki ₹{data['balance']:,.0f} hai.")


def test_a_credit_sale_is_written_once_with_its_undo_hint(agent_services, standin):
    standin.script = [tool_use(SUGAR_ON_CREDIT), answer("Likh diya.")]
    services = agent_services("bedrock")
    turns = REGISTRY.get_sample_value("munshi_agent_turns_total", {"agent": "bedrock", "result": "answered"}) or 0
    tokens = REGISTRY.get_sample_value("munshi_agent_tokens_total", {"agent": "bedrock", "direction": "input"}) or 0
    replies = send(services, "Ramesh ko 2 kilo cheeni udhaar de diya")
    assert REGISTRY.get_sample_value("munshi_agent_turns_total", {"agent": "bedrock", "result": "answered"}) == turns + 1
    assert REGISTRY.get_sample_value("munshi_agent_tokens_total", {"agent": "bedrock", "direction": "input"}) == \
        tokens + 1800  # two calls of the stand-in's 900 input tokens
    assert balance(services, "Ramesh Kumar") == Decimal("88")
    assert "₹88" in replies[0] and HINGLISH("undo.hint") in replies[0]
    assert replies[1] == "Likh diya."
    assert standin.paths == ["/model/anthropic.claude-3-5-sonnet-20240620-v1:0/converse"] * 2
    first = standin.requests[0]
    assert {t["toolSpec"]["name"] for t in first["toolConfig"]["tools"]} == set(TOOLS) | {"confirm", "cancel"}
    assert first["messages"] == [{"role": "user", "content": [{"text": "Ramesh ko 2 kilo cheeni udhaar de diya"}]}]
    result = tool_results(standin.requests[1])[0]
    assert result["status"] == "success" and result["json"]["status"] == "applied"
    assert result["json"]["data"]["total"] == 88


def test_two_tools_in_one_turn_write_then_read_and_answer_from_the_books(agent_services, standin):
    standin.script = [tool_use(SUGAR_ON_CREDIT, ("party_balance", {"party": "Ramesh Kumar"})), echo_balance]
    services = agent_services("bedrock")
    replies = send(services, "Ramesh ko 2 kilo cheeni udhaar, aur uska total baaki batao")
    assert sales(services) == 1
    assert replies[-1] == "Ramesh Kumar ka kul baaki ₹88 hai."
    assert [r["json"]["ok"] for r in tool_results(standin.requests[1])] == [True, True]


def test_two_writes_of_one_message_each_post_once(agent_services, standin):
    cash = ("record_sale", {"amount": 500, "payment": "cash"})
    standin.script = [tool_use(SUGAR_ON_CREDIT, cash), answer("Dono likh diye.")]
    services = agent_services("bedrock")
    send(services, "Ramesh ko 2 kilo cheeni udhaar aur 500 ki nakad bikri")
    assert sales(services) == 2


def test_a_follow_up_goes_to_bedrock_with_the_dialogue_so_far(agent_services, standin):
    def follow_up(request):
        texts = [block.get("text") for m in request["messages"] for block in m["content"]]
        assert texts[0] == "Ramesh ka kitna baaki hai?"
        assert "Ramesh Kumar" in texts[1] and texts[-1] == "aur Suresh ke baare mein?"
        return tool_use(("party_balance", {"party": "Suresh Yadav"}))

    standin.script = [follow_up, echo_balance]
    services = agent_services("auto")
    first = send(services, "Ramesh ka kitna baaki hai?")  # the parser is sure: no cloud call
    assert standin.requests == [] and "Ramesh Kumar" in first[0]
    suresh = balance(services, "Suresh Yadav")
    replies = send(services, "aur Suresh ke baare mein?")  # a follow-up the parser cannot place
    assert len(standin.requests) == 2
    assert replies == [f"Suresh Yadav ka kul baaki ₹{suresh:,.0f} hai."]


def test_a_role_refused_a_report_gets_the_model_s_apology_and_no_figures(agent_services, standin):
    apology = "Maaf kijiye, munafa sirf maalik ya manager dekh sakte hain."
    standin.script = [tool_use(("profit_loss", {"period": "this_month"})), answer(apology)]
    services = agent_services("bedrock")
    replies = send(services, "is mahine ka munafa batao", phone=SHARMA_STAFF)
    result = tool_results(standin.requests[1])[0]
    assert result["status"] == "error" and result["json"]["error"]["code"] == "permission_denied"
    assert replies == [apology]


def test_a_refused_write_is_answered_from_the_catalogs_and_writes_nothing(agent_services, standin):
    buy = ("record_purchase", {"items": [{"item": "Sugar", "qty": 50, "unit": "kg"}], "party": "Gupta Traders"})
    standin.script = [tool_use(buy), answer("")]
    services = agent_services("bedrock")
    replies = send(services, "Gupta se 50 kilo cheeni aayi", phone=SHARMA_STAFF)
    assert replies == [HINGLISH("error.permission_denied", role=HINGLISH("role.staff"))]
    assert tool_results(standin.requests[1])[0]["json"]["status"] == "refused"


def test_a_tool_error_becomes_an_apology(agent_services, standin):
    sorry = "Maaf kijiye, Zorawar naam ka koi khata nahi mila."
    standin.script = [tool_use(("party_balance", {"party": "Zorawar"})), answer(sorry)]
    services = agent_services("bedrock")
    assert send(services, "Zorawar ka hisaab dikhao") == [sorry]
    assert tool_results(standin.requests[1])[0]["json"]["error"]["code"] == "unknown_party"


def test_an_invented_amount_is_refused_and_the_books_answer(agent_services, standin):
    standin.script = [tool_use(("party_balance", {"party": "Ramesh Kumar"})),
                      answer("Ramesh Kumar ka baaki ₹5,000 hai.")]
    services = agent_services("bedrock")
    assert run(services, *SUGAR_ON_CREDIT).ok
    real = balance(services, "Ramesh Kumar")
    replies = send(services, "Ramesh ka hisaab?")
    assert len(replies) == 1 and "5,000" not in replies[0]
    assert "Ramesh Kumar" in replies[0] and HINGLISH.money(real) in replies[0]


def test_bedrock_down_the_parser_answers(agent_services, standin):
    standin.script = [Error(503, "ServiceUnavailableException")]
    services = agent_services("bedrock")
    replies = send(services, "2 kilo cheeni Ramesh ko udhaar")
    assert balance(services, "Ramesh Kumar") == Decimal("88")
    assert HINGLISH("undo.hint") in replies[0]


def test_throttled_an_unknown_message_gets_the_polite_try_reply(agent_services, standin):
    standin.script = [Error(400, "ThrottlingException")]
    services = agent_services("auto")
    assert send(services, "kal ki baarish se dukaan band thi, kya karun") == [HINGLISH("unknown.reply")]


def test_the_breaker_keeps_a_failing_bedrock_off(agent_services, standin):
    standin.script = [Error(500, "InternalServerException")] * 2
    services = agent_services("bedrock", breaker_failures=2, breaker_reset_seconds=600)
    for _ in range(3):
        assert send(services, "kal ki baarish se dukaan band thi") == [HINGLISH("unknown.reply")]
    assert len(standin.requests) == 2  # the third message never reached Bedrock


def test_a_model_that_keeps_calling_tools_is_stopped_at_the_step_cap(agent_services, standin):
    standin.script = [tool_use(("party_balance", {"party": "Ramesh Kumar"}))] * 3
    services = agent_services("bedrock", bedrock_max_steps=2)
    replies = send(services, "Ramesh ka hisaab?")
    assert len(standin.requests) == 2
    assert replies and all("Ramesh Kumar" in r for r in replies)  # what the tools found, from the catalogs


def test_the_token_cap_ends_the_turn(agent_services, standin):
    standin.script = [tool_use(("party_balance", {"party": "Ramesh Kumar"})), answer("never asked")]
    services = agent_services("bedrock", bedrock_max_tokens_per_turn=500)
    replies = send(services, "Ramesh ka hisaab?")
    assert len(standin.requests) == 1 and "Ramesh Kumar" in replies[0]


def test_an_answer_in_another_script_is_not_sent_and_the_books_answer_in_the_user_s(agent_services, standin):
    standin.script = [tool_use(("party_balance", {"party": "Ramesh Kumar"})), answer("Ramesh Kumar owes ₹88.")]
    services = agent_services("bedrock")
    assert run(services, *SUGAR_ON_CREDIT).ok
    replies = send(services, "रमेश का कितना बाकी है?")
    hindi = translator("hi")
    assert replies == [hindi("party.balance", party="Ramesh Kumar", balance=hindi.money(Decimal(88)))]


def test_bedrock_failing_after_a_tool_ran_answers_with_what_the_tool_found(agent_services, standin):
    standin.script = [tool_use(("party_balance", {"party": "Ramesh Kumar"})), Error(503, "ServiceUnavailableException")]
    services = agent_services("bedrock", breaker_failures=1)
    assert run(services, *SUGAR_ON_CREDIT).ok
    replies = send(services, "Ramesh ka hisaab?")
    assert replies == [HINGLISH("party.balance", party="Ramesh Kumar", balance=HINGLISH.money(Decimal(88)))]
    assert services.agent.breaker.state == "open"


def test_words_without_figures_are_followed_by_what_the_reads_found(agent_services, standin):
    standin.script = [tool_use(("party_balance", {"party": "Ramesh Kumar"})), answer("Ye raha Ramesh ka hisaab.")]
    services = agent_services("bedrock")
    assert run(services, *SUGAR_ON_CREDIT).ok
    replies = send(services, "Ramesh ka hisaab?")
    assert replies == ["Ye raha Ramesh ka hisaab.",
                       HINGLISH("party.balance", party="Ramesh Kumar", balance=HINGLISH.money(Decimal(88)))]
