"""A message nothing fitted is answered with the word not understood and the nearest working example."""

from __future__ import annotations

from datetime import date

from bot.conversation.hints import unknown_hint
from intents import ShopVocabulary, parse
from locales import CATALOG_IDS, translator


def test_the_word_and_the_nearest_example_are_named(demo_dir):
    vocab = ShopVocabulary.from_shop_dir(demo_dir / "sharma-kirana")
    result = parse("ramesh blorp", vocab, date(2026, 11, 20))
    assert result.tool == "unknown" and result.unclear == ("blorp",) and result.nearest == "party_balance"
    word, example = unknown_hint(translator("en").raw, result.unclear, result.nearest)
    assert word == "blorp"
    assert parse(example, vocab, date(2026, 11, 20)).tool == "party_balance"
    reply = translator("en")("unknown.word", word=word, example=example)
    assert "blorp" in reply and example in reply


def test_every_language_has_an_example_for_each_nearest_tool():
    for lang in CATALOG_IDS:
        for tool in ("record_sale", "record_payment_in", "party_balance", "sales_summary", "price_query"):
            assert unknown_hint(translator(lang).raw, ("blorp",), tool) is not None, (lang, tool)


def test_nothing_to_name_falls_back_to_the_general_reply():
    assert unknown_hint(translator("hi").raw, (), "record_sale") is None
    assert unknown_hint(translator("hi").raw, ("blorp",), None) is None
