"""Odd input is asked back, never booked as something else; staff answers show only what staff may read;
every `munshi` command answers bad arguments with one JSON object and exit 1."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from bot.app.cli import main
from tests.integration.bot.turn_fixtures import SHARMA_OWNER, SHARMA_STAFF, message
from tools import run_tool
from tools.context import ToolContext

ASKED_BACK = [
    "Ramesh ko -5 kg cheeni udhaar",
    "-500 rupaye ki bikri",
    "9999-12-31 ko 500 rupaye ki bikri",
    "31-02-2026 ko 500 rupaye ki bikri",
]


def _vouchers(session_factory) -> int:
    with session_factory() as session:
        return int(session.execute(text("SELECT count(*) FROM vouchers")).scalar_one())


@pytest.mark.parametrize("said", ASKED_BACK)
def test_odd_numbers_and_dates_are_asked_back_not_booked(services, demo_db, said):
    before = _vouchers(demo_db)
    replies = services.turn.handle(message(said, SHARMA_OWNER))
    assert _vouchers(demo_db) == before, "nothing is booked before the user answers"
    assert replies and replies[-1].text


@pytest.mark.parametrize("name", ["%s", "{0}", "<script>alert(1)</script>", "${jndi}"])
def test_names_that_look_like_code_are_refused_by_the_tools(demo_db, name):
    ctx = ToolContext(shop_id=1, user_id=1, role="owner", today=__import__("datetime").date(2026, 11, 20),
                      message_id="odd-name")
    outcome = run_tool(demo_db, ctx, "add_party", {"name": name, "kind": "customer"})
    assert not outcome.ok and outcome.error.code == "invalid_arguments"


def test_a_code_like_customer_name_in_chat_creates_no_customer(services, demo_db):
    services.turn.handle(message("naya grahak %s jodo", SHARMA_OWNER))
    with demo_db() as session:
        names = [row[0] for row in session.execute(text("SELECT name FROM parties"))]
    assert not any("%" in n for n in names)


def _user(session_factory, phone):
    with session_factory() as session:
        return session.execute(text("SELECT id, shop_id, role FROM users WHERE phone = :p"), {"p": phone}).one()


def test_a_staff_members_credit_sale_answer_carries_no_dues(demo_db):
    staff_id, shop_id, role = _user(demo_db, SHARMA_STAFF)
    owner_id, _, _ = _user(demo_db, SHARMA_OWNER)
    with demo_db() as session:
        party = session.execute(text("SELECT name FROM parties WHERE shop_id = :s AND kind = 'customer' LIMIT 1"),
                                {"s": shop_id}).scalar_one()
        item = session.execute(text("SELECT name FROM items WHERE shop_id = :s LIMIT 1"), {"s": shop_id}).scalar_one()
    args = {"party": party, "payment": "credit", "items": [{"item": item, "qty": 1}]}
    today = __import__("datetime").date(2026, 11, 20)
    as_staff = run_tool(demo_db, ToolContext(shop_id=shop_id, user_id=staff_id, role=role, today=today,
                                             message_id="staff-credit"), "record_sale", args)
    as_owner = run_tool(demo_db, ToolContext(shop_id=shop_id, user_id=owner_id, role="owner", today=today,
                                             message_id="owner-credit"), "record_sale", args)
    assert role == "staff" and as_staff.ok and as_owner.ok
    assert "party_balance" not in as_staff.data and "party_balance" in as_owner.data


def test_munshi_tool_with_an_impossible_period_answers_one_json_object(sqlite_url, capsys):
    main(["demo", "--db", sqlite_url])
    capsys.readouterr()
    code = main(["tool", "--db", sqlite_url, "--shop", "murugan-stores", "sales_summary", '{"period":"9999-Q4"}'])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 1 and len(out) == 1
    answer = json.loads(out[0])
    assert answer["ok"] is False and answer["error"]["code"] == "invalid_arguments"


@pytest.mark.parametrize("argv", [["tool"], ["tool", "--shop"], ["gst", "--bogus"], ["nonsense"], ["demo", "--days", "x"]])
def test_every_command_answers_bad_arguments_with_json_and_exit_1(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 1
    answer = json.loads(capsys.readouterr().out.strip())
    assert answer["ok"] is False and answer["error"]["code"] == "invalid_arguments"
