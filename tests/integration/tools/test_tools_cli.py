"""`munshi migrate`, `munshi demo` and `munshi tool`, run in-process: one JSON object on standard
output, exit 0 / 1 / 3 as TOOLS.md says, demo shops created, reset or kept."""

from __future__ import annotations

import json

import pytest

from bot.app.cli import main
from tests.databases import remember

TODAY = "2026-11-20"


def tool(capsys, url: str, *argv: str) -> tuple[int, dict]:
    code = main(["tool", "--db", url, "--today", TODAY, *argv])
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1, out  # exactly one JSON object
    return code, json.loads(out[0])


@pytest.fixture
def demo_url(database_url, engine, capsys) -> str:
    def demo() -> None:
        assert main(["demo", "--db", database_url, "--today", TODAY]) == 0
        out = capsys.readouterr().out
        assert "sharma-kirana: created" in out and "murugan-stores: created" in out

    remember(engine, f"munshi demo --today {TODAY}", demo)  # run once per backend, then copied
    return database_url


def test_a_read_prints_ok_data_text_and_lang(demo_url, capsys):
    code, result = tool(capsys, demo_url, "--shop", "sharma-kirana", "stock_query", '{"item": "cheeni"}')
    assert code == 0
    assert set(result) == {"ok", "data", "text", "lang"}
    assert result["ok"] is True and result["lang"] == "hi"
    assert result["data"]["items"] == [{"item": "Sugar", "qty": 120, "unit": "kg", "value": 4800,
                                        "reorder_level": 40, "low": False}]
    assert "Sugar" in result["text"]


def test_a_write_as_the_owner_returns_its_voucher(demo_url, capsys):
    code, result = tool(capsys, demo_url, "--shop", "sharma-kirana", "record_sale",
                        '{"items": [{"item": "Sugar", "qty": 2, "unit": "kg", "rate": null, "amount": null}], '
                        '"party": "Ramesh Kumar", "payment": "credit"}')
    assert code == 0 and result["data"]["voucher"] == "SL/26-27/0001" and result["data"]["total"] == 88
    code, result = tool(capsys, demo_url, "--shop", "sharma-kirana", "party_balance", '{"party": "ramesh"}')
    assert result["data"]["balance"] == 88


def test_unknown_items_parties_and_bad_arguments_exit_1(demo_url, capsys):
    cases = [
        ("record_sale", '{"items": [{"item": "Unobtainium", "qty": 1, "unit": "kg"}]}', "unknown_item"),
        ("party_balance", '{"party": "Lakshmi"}', "unknown_party"),  # murugan-stores' customer
        ("record_sale", '{"items": [{"item": "Sugar", "qty": -2, "unit": "kg"}]}', "invalid_arguments"),
        ("record_sale", "{not json", "invalid_arguments"),
        ("no_such_tool", "{}", "not_supported"),
    ]
    for name, args, error in cases:
        code, result = tool(capsys, demo_url, "--shop", "sharma-kirana", name, args)
        assert code == 1, (name, result)
        assert set(result) == {"ok", "error", "text", "lang"} and result["ok"] is False
        assert result["error"]["code"] == error and result["error"]["message"]


def test_a_refused_permission_exits_3(demo_url, capsys):
    code, result = tool(capsys, demo_url, "--shop", "sharma-kirana", "--as", "+919415000002", "profit_loss",
                        '{"period": "this_month"}')
    assert code == 3 and result["error"]["code"] == "permission_denied"
    code, result = tool(capsys, demo_url, "--shop", "sharma-kirana", "--as", "+919443000001", "cash_balance")
    assert code == 3  # the Murugan Stores owner is nobody at Sharma Kirana
    code, result = tool(capsys, demo_url, "--shop", "sharma-kirana", "--as", "+919415000003", "profit_loss",
                        '{"period": "this_month"}')
    assert code == 0  # the accountant reads reports


def test_an_unknown_shop_is_refused(demo_url, capsys):
    code, result = tool(capsys, demo_url, "--shop", "nowhere", "cash_balance")
    assert code == 1 and result["error"]["code"] == "not_found"


def test_a_message_id_makes_a_write_run_once_and_dry_run_keeps_nothing(demo_url, capsys):
    args = '{"amount": 500}'
    _, dry = tool(capsys, demo_url, "--shop", "murugan-stores", "--dry-run", "record_sale", args)
    _, first = tool(capsys, demo_url, "--shop", "murugan-stores", "--message-id", "M1", "record_sale", args)
    _, again = tool(capsys, demo_url, "--shop", "murugan-stores", "--message-id", "M1", "record_sale", args)
    assert first["data"]["voucher"] == again["data"]["voucher"] == dry["data"]["voucher"]
    _, sales = tool(capsys, demo_url, "--shop", "murugan-stores", "sales_summary", '{"period": "today"}')
    assert sales["data"]["count"] == 1 and sales["data"]["total"] == 500
    assert sales["lang"] == "ta"


def test_demo_resets_the_demo_shops_or_keeps_them_if_asked(demo_url, capsys):
    tool(capsys, demo_url, "--shop", "sharma-kirana", "record_expense", '{"amount": 100, "category": "tea_snacks"}')
    assert main(["demo", "--db", demo_url, "--today", TODAY, "--if-empty"]) == 0
    assert "left as it is" in capsys.readouterr().out
    _, kept = tool(capsys, demo_url, "--shop", "sharma-kirana", "expense_summary", '{"period": "today"}')
    assert kept["data"]["total"] == 100
    assert main(["demo", "--db", demo_url, "--today", TODAY]) == 0
    assert "sharma-kirana: reset" in capsys.readouterr().out
    _, reset = tool(capsys, demo_url, "--shop", "sharma-kirana", "expense_summary", '{"period": "today"}')
    assert reset["data"]["total"] == 0


def test_demo_history_is_booked_without_negative_stock(sqlite_url, capsys):
    assert main(["demo", "--db", sqlite_url, "--today", TODAY, "--days", "12", "--seed", "3"]) == 0
    capsys.readouterr()
    for slug in ("sharma-kirana", "murugan-stores"):
        _, sales = tool(capsys, sqlite_url, "--shop", slug, "sales_summary", '{"period": "last_week"}')
        assert sales["data"]["count"] > 40
        _, stock = tool(capsys, sqlite_url, "--shop", slug, "stock_query")
        assert all(row["qty"] >= 0 for row in stock["data"]["items"])
        _, today = tool(capsys, sqlite_url, "--shop", slug, "sales_summary", '{"period": "today"}')
        assert today["data"]["count"] == 0  # history ends yesterday


def test_migrate_builds_the_schema_of_a_new_database(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert main(["migrate", "--db", url]) == 0
    assert "migrated" in capsys.readouterr().out
    code, result = tool(capsys, url, "--shop", "sharma-kirana", "cash_balance")
    assert code == 1 and result["error"]["code"] == "not_found"


def test_tool_migrates_a_database_that_has_no_schema_yet(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main(["demo", "--db", url, "--today", TODAY]) == 0
    capsys.readouterr()
    code, _ = tool(capsys, url, "--shop", "murugan-stores", "low_stock")
    assert code == 0


def test_resetting_the_demo_shops_leaves_every_other_shop_alone(books, database_url, capsys):
    before = [books.voucher_count(books.a), books.voucher_count(books.b),
              books.ok(books.a, "outstanding").data, books.ok(books.b, "stock_query").data]
    assert main(["demo", "--db", database_url, "--today", TODAY, "--days", "3"]) == 0
    assert main(["demo", "--db", database_url, "--today", TODAY]) == 0
    assert "reset" in capsys.readouterr().out
    after = [books.voucher_count(books.a), books.voucher_count(books.b),
             books.ok(books.a, "outstanding").data, books.ok(books.b, "stock_query").data]
    assert after == before
    _, sales = tool(capsys, database_url, "--shop", "sharma-kirana", "sales_summary", '{"period": "this_year"}')
    assert sales["data"]["count"] == 0  # the reset took the three days of history away
