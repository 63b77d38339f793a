"""The parser against labelled messages written for these tests (all tools, all ten languages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from intents_corpus import TODAY, demo_vocabs, judge, load_cases

from intents import AUTO_APPLY, WRITES, detect_language, parse

# The labelled cases, one file a language and tool: cases/<lang>/<tool>.tsv
CASE_FILES = sorted(str(p.relative_to(Path(__file__).parent)) for p in (Path(__file__).parent / "cases").glob("*/*.tsv"))
CASES = [c for name in CASE_FILES for c in load_cases(name)]
ALL_TOOLS = {
    "record_sale", "record_purchase", "record_sale_return", "record_expense", "record_payment_in",
    "record_payment_out", "add_item", "set_price", "adjust_stock", "add_party", "send_payment_reminder",
    "share_bill", "set_language", "undo_last", "stock_query", "price_query", "low_stock", "sales_summary",
    "top_items", "expense_summary", "profit_loss", "cash_balance", "party_balance", "outstanding", "forecast",
    "reorder_suggestions", "gst_summary", "gst_return", "confirm", "cancel", "greeting", "help", "unknown",
}


@pytest.fixture
def vocabs(demo_dir):
    return demo_vocabs(demo_dir)


@pytest.fixture
def sharma(vocabs):
    return vocabs["sharma-kirana"]


@pytest.fixture
def murugan(vocabs):
    return vocabs["murugan-stores"]


@pytest.mark.parametrize(("shop", "text", "tool", "args"), CASES, ids=[c[1][:40] for c in CASES])
def test_message_becomes_its_labelled_tool_call(vocabs, shop, text, tool, args):
    result = parse(text, vocabs[shop], TODAY)
    assert judge(tool, args, result.tool, result.args) is None, (result.tool, result.args, result.confidence)


def test_labelled_cases_cover_every_tool_and_language():
    assert {c[2] for c in CASES} >= ALL_TOOLS - {"add_staff"}
    langs = {detect_language(c[1]).lang for c in CASES}
    assert langs == {"hi", "en", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa"}


def test_no_wrong_write_reaches_the_auto_apply_threshold(vocabs):
    wrong_auto = []
    for shop, text, tool, args in CASES:
        result = parse(text, vocabs[shop], TODAY)
        if result.tool in WRITES and result.confidence >= AUTO_APPLY and judge(tool, args, result.tool, result.args):
            wrong_auto.append(text)
    assert wrong_auto == []


def test_chit_chat_is_unknown_with_no_write(sharma, murugan):
    for text, vocab in (("kal match kaun jeeta", sharma), ("aaj mausam kaisa hai", sharma),
                        ("இன்னைக்கு படம் பார்க்கலாமா", murugan), ("tell me a story", sharma)):
        assert parse(text, vocab, TODAY).tool == "unknown"


def test_a_price_far_from_the_catalogs_is_asked_back_not_applied(sharma):
    sane = parse("ramesh ko 2 kilo cheeni 88 ki di", sharma, TODAY)
    wild = parse("ramesh ko 2 kilo cheeni 8800 ki di", sharma, TODAY)
    assert sane.tool == wild.tool == "record_sale"
    assert sane.confidence >= AUTO_APPLY > wild.confidence


def test_a_sum_that_fits_the_catalog_as_a_line_total_is_read_as_one(sharma):
    result = parse("5 shampoo ke pouch 10 rupaye", sharma, TODAY)
    assert result.args["items"][0]["amount"] == 10 and result.args["items"][0]["rate"] is None


def test_a_split_payment_is_asked_back(sharma):
    result = parse("ramesh ne 1000 nakad aur 500 upi diye", sharma, TODAY)
    assert result.tool == "record_payment_in" and result.confidence < AUTO_APPLY
