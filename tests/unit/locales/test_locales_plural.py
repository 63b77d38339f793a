"""Counted nouns: every catalog holds both plural keys of every `t.plural` key the code calls, the
language's CLDR rule picks between them, and extraction lists both keys."""

from __future__ import annotations

import io

import pytest

from locales import CATALOG_IDS, MissingMessage, translator
from locales.extract import extract_keys


@pytest.mark.parametrize("locale", CATALOG_IDS)
def test_every_catalog_has_the_singular_and_the_plural_of_each_counted_noun(locale):
    t = translator(locale)
    for key in ("count.bills", "count.days", "count.items", "count.from_customers"):
        assert t.has(f"{key}_one") and t.has(f"{key}_other")
        assert "1" in t.plural(key, 1) and "38" in t.plural(key, 38)


def test_english_says_one_bill_and_many_bills():
    t = translator("en")
    assert [t.plural("count.bills", n) for n in (0, 1, 2, 1200)] == ["0 bills", "1 bill", "2 bills", "1,200 bills"]


def test_the_language_rule_decides_what_zero_is():
    # Hindi counts 0 with the singular (CLDR: i = 0 or n = 1), Tamil with the plural.
    assert translator("hi", romanized=True).plural("count.bills", 0) == "0 bill"
    assert translator("ta").plural("count.bills", 0) == translator("ta").plural("count.bills", 2).replace("2", "0")


def test_a_counted_noun_missing_from_the_catalog_raises():
    with pytest.raises(MissingMessage):
        translator("en").plural("count.no_such_thing", 3)


def test_extraction_lists_both_keys_of_a_counted_noun():
    source = b't.plural("count.bills", n)\n'
    found = [key for _, _, key, _ in extract_keys(io.BytesIO(source), ["t", "plural"], [], {})]
    assert found == ["count.bills_one", "count.bills_other"]


def test_a_reminder_counts_its_days_in_the_language():
    en, ta = translator("en"), translator("ta")
    params = {"party": "Lakshmi", "shop": "Beta Stores", "amount": 500, "upi_link": "upi://pay"}
    assert "(1 day)" in en("reminder.customer", days=1, **params)
    assert "(12 days)" in en("reminder.customer", days=12, **params)
    assert "(1 நாள்)" in ta("reminder.customer", days=1, **params)
    assert "(12 நாட்கள்)" in ta("reminder.customer", days=12, **params)


def test_an_invoice_card_says_one_item_and_many_items():
    t = translator("en")
    fields = {"supplier": "Gupta", "invoice_no": "7", "date": "01/11/2026", "taxable": 100, "tax": 5}
    assert t("ocr.card", count=1, **fields).endswith("· 1 item")
    assert t("ocr.card", count=3, **fields).endswith("· 3 items")
    assert t("ocr.card", count="?", **fields).endswith("· ?")


def test_udhaar_from_one_customer_is_not_from_one_customers():
    hinglish = translator("hi", romanized=True)
    assert hinglish("outstanding.list", total=500, count=1, lines="").startswith("Udhaar vasooli: ₹500, 1 grahak se")
    assert hinglish("outstanding.list", total=500, count=3, lines="").startswith("Udhaar vasooli: ₹500, 3 grahakon se")
    assert "from 1 customer\n" in translator("en")("outstanding.list", total=500, count=1, lines="")
