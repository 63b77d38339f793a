"""The parser against labelled messages written for these tests (all tools, all ten languages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from intents_corpus import TODAY, demo_vocabs, judge, load_cases

from intents import AUTO_APPLY, WRITES, detect_language, parse

HARDENING = sorted(p.name for p in Path(__file__).parent.glob("cases_hardening_*.tsv"))
ROUND2 = sorted(p.name for p in Path(__file__).parent.glob("cases_round2_*.tsv"))
CASES = [c for name in ("cases.tsv", "cases_fresh.tsv", "cases_third.tsv", "cases_fourth.tsv", "cases_fifth.tsv", "cases_sixth.tsv", "cases_seventh.tsv", "cases_eighth.tsv", "cases_ninth.tsv", "cases_tenth.tsv", "cases_eleventh.tsv", "cases_twelfth.tsv", "cases_13.tsv", "cases_14.tsv", "cases_15.tsv", "cases_16.tsv", "cases_17.tsv", "cases_18.tsv", "cases_19.tsv", "cases_20.tsv", "cases_21.tsv", "cases_22.tsv", "cases_23.tsv", "cases_24.tsv", "cases_25.tsv", "cases_26.tsv", "cases_27.tsv", "cases_28.tsv", *HARDENING, *ROUND2) for c in load_cases(name)]
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
