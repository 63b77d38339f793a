"""The parser answers everything: arbitrary Unicode, huge numbers, empty, enormous and naughty input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intents_corpus import demo_vocabs

from intents import ShopVocabulary, VocabItem, VocabParty, detect_language, parse
from intents.frames import tool_contract

TOOLS = frozenset(tool_contract())  # what the parser may answer with (intents/lexicon/tools.tsv)
TODAY = date(2026, 11, 20)
VOCAB = ShopVocabulary(items=[VocabItem("Sugar", ["cheeni", "shakkar"], "kg"), VocabItem("Rice", ["chawal"], "kg")],
                       parties=[VocabParty("Ramesh Kumar", ["ramesh"], "customer")])
NAUGHTY = [line for line in (Path(__file__).parent / "naughty_strings.txt").read_text("utf-8").splitlines()
           if line and not line.startswith("#")]
INDIC = st.characters(min_codepoint=0x0900, max_codepoint=0x0D7F)
WORDS = st.sampled_from(["cheeni", "2", "kilo", "ramesh", "udhaar", "ko", "बेचा", "சர்க்கரை", "kal", "sau",
                         "dedh", "₹", "?", ",", "9" * 30, "lakh", "crore", "-", "%", "gst"])


def check(result) -> None:
    assert result.tool in TOOLS
    assert isinstance(result.args, dict)
    assert 0.0 <= result.confidence <= 1.0
    assert result.lang in {"hi", "en", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_unicode_always_gets_a_tool(text):
    check(parse(text, VOCAB, TODAY))
    assert detect_language(text).lang


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=INDIC, max_size=60))
def test_arbitrary_indic_letters_always_get_a_tool(text):
    check(parse(text, VOCAB, TODAY))


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=25).map(" ".join))
def test_shop_words_in_any_order_always_get_a_tool(text):
    check(parse(text, VOCAB, TODAY))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**60))
def test_huge_numbers_never_raise(n):
    check(parse(f"ramesh ko {n} kilo cheeni {n} rupaye", VOCAB, TODAY))


def test_empty_and_blank_messages_are_unknown():
    for text in ("", " ", "\n\t", "\u200d\u200c", "।।", "???"):
        result = parse(text, VOCAB, TODAY)
        assert result.tool == "unknown"


def test_an_enormous_message_is_unknown_and_quick_to_refuse():
    result = parse("2 kilo cheeni becha " * 5000, VOCAB, TODAY)  # 100 KB
    assert result.tool == "unknown"
    assert result.confidence == 0.0


@pytest.mark.parametrize("text", NAUGHTY, ids=range(len(NAUGHTY)))
def test_naughty_strings_never_raise(demo_dir, text):
    for vocab in demo_vocabs(demo_dir).values():
        check(parse(text, vocab, TODAY))


def test_a_message_that_is_not_a_string_is_unknown():
    assert parse(None, VOCAB, TODAY).tool == "unknown"  # type: ignore[arg-type]
