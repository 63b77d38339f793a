"""Every example Munshi suggests in a reply ("try: ...", "send ... to undo", "yes / no") is one the
offline parser understands, in every language: a hint the bot itself would not follow is a trap."""

from __future__ import annotations

import re
from datetime import date

import pytest

from intents import ShopVocabulary, parse
from locales import CATALOG_IDS, translator

TODAY = date(2026, 11, 20)

# The tools the quoted examples of each message stand for, in their order in the message (None: a quoted
# name, not an example).
EXPECTED = {
    "help.text": ["record_sale", "record_payment_in", "sales_summary", "undo_last"],
    "unknown.reply": ["record_sale", "sales_summary", "party_balance", "help"],
    "onboarding.done": ["record_sale", "sales_summary"],
    "undo.hint": ["undo_last"],
    "error.unknown_party": [None, "add_party"],  # the first quote is the name that was not found
    "error.unknown_item_new": [None, "add_item"],
}


@pytest.fixture(scope="module")
def vocabularies(demo_dir):
    return {slug: ShopVocabulary.from_shop_dir(demo_dir / slug) for slug in ("sharma-kirana", "murugan-stores")}


@pytest.mark.parametrize("lang", CATALOG_IDS)
def test_every_suggested_example_is_understood(lang, vocabularies):
    vocab = vocabularies["murugan-stores" if lang == "ta" else "sharma-kirana"]
    t = translator(lang)
    wrong = []
    for key, tools in EXPECTED.items():
        text = t.raw(key).replace("{party}", "Muthu").replace("{shop}", "Munshi").replace("{item}", "Kaju Katli")
        examples = re.findall(r'"([^"]+)"', text)
        assert len(examples) == len(tools), (key, examples)
        for example, tool in zip(examples, tools, strict=True):
            if tool is None:
                continue
            got = parse(example, vocab, today=TODAY).tool
            if got != tool:
                wrong.append((key, example, tool, got))
    assert wrong == []


@pytest.mark.parametrize("lang", CATALOG_IDS)
def test_the_yes_and_no_offered_with_a_question_are_understood(lang, vocabularies):
    tail = translator(lang).raw("confirm.ask").rsplit("?", 1)[-1]
    yes, no = (word.strip() for word in tail.split("/"))
    assert parse(yes, vocabularies["sharma-kirana"], today=TODAY).tool == "confirm"
    assert parse(no, vocabularies["sharma-kirana"], today=TODAY).tool == "cancel"


@pytest.mark.parametrize("lang", CATALOG_IDS)
def test_every_language_offered_at_onboarding_is_understood_as_an_answer(lang):
    from bot.conversation.onboarding import parse_language

    offered = translator(lang).raw("onboarding.ask_language").rsplit(":", 1)[-1]
    answers = [parse_language(option.strip()) for option in offered.split(",")]
    assert None not in answers
    chosen = {("hi_Latn" if romanized else code) for code, romanized in answers}
    assert chosen == set(CATALOG_IDS)
