"""Messages once seen misread when tried as a new user would, each with the call it must become."""

from __future__ import annotations

import pytest
from intents_corpus import TODAY, demo_vocabs

from intents import AUTO_APPLY, ShopVocabulary, parse

NAMED = [
    ("murugan-stores", "ராமு 200 ரூபாய் கொடுத்தார்", "record_payment_in", {"party": "Ramu", "amount": 200}),
    ("sharma-kirana", "Kala Namak add karo 45 rupay kilo", "add_item", {"item": "Kala Namak", "rate": 45, "unit": "kg"}),
    ("sharma-kirana", "who are my best customers", "best_customers", {}),
    ("sharma-kirana", "mere sabse achhe grahak kaun hain", "best_customers", {}),
    ("murugan-stores", "GST எவ்வளவு கட்டணும் இந்த காலாண்டு", "gst_summary", {"period": "2026-Q3"}),
    ("sharma-kirana", "kal 300 ka doodh becha", "record_sale", {"amount": 300, "date": "2026-11-19"}),
    ("sharma-kirana", "Ramesh ka number 9876543210 hai", "set_party_details",
     {"party": "Ramesh Kumar", "phone": "+919876543210"}),
    ("sharma-kirana", "balance sheet", "balance_sheet", {}),
    ("sharma-kirana", "day book", "day_book", {}),
    ("sharma-kirana", "Ramesh ka khata dikhao", "party_balance", {"party": "Ramesh Kumar"}),
    ("sharma-kirana", "Ramesh ka statement dikhao", "party_statement", {"party": "Ramesh Kumar"}),
    ("sharma-kirana", "hisaab", "sales_summary", {"period": "today"}),
    ("sharma-kirana", "stock", "stock_query", {}),
    ("sharma-kirana", "undo", "undo_last", {}),
]


@pytest.mark.parametrize(("shop", "text", "tool", "args"), NAMED, ids=[n[1][:30] for n in NAMED])
def test_named_message_becomes_its_call(demo_dir, shop, text, tool, args):
    result = parse(text, demo_vocabs(demo_dir)[shop], TODAY)
    assert result.tool == tool
    for key, value in args.items():
        assert result.args.get(key) == value, (key, result.args)


def test_a_phone_number_is_never_an_amount(demo_dir):
    result = parse("Ramesh ka number 9876543210 hai", demo_vocabs(demo_dir)["sharma-kirana"], TODAY)
    assert "amount" not in result.args


def test_a_new_name_paying_is_asked_back_not_an_expense(demo_dir):
    result = parse("ராமு 200 ரூபாய் கொடுத்தார்", demo_vocabs(demo_dir)["murugan-stores"], TODAY)
    assert result.tool == "record_payment_in" and result.confidence < AUTO_APPLY


def test_a_new_shop_adds_an_item_said_with_its_price():
    empty = ShopVocabulary(items=[], parties=[])
    result = parse("cheeni add karo 45 rupay kilo", empty, TODAY)
    assert result.tool == "add_item" and result.args["rate"] == 45 and result.args["unit"] == "kg"
