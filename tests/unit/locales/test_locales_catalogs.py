"""Every message key in every language, with the same placeholders, rendered in full, in the
language's own words (no English leaking in), and the catalogs extract and compile with Babel."""

from __future__ import annotations

import io
import os
import re
import string
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from locales import CATALOG_IDS, HINGLISH, MissingMessage, MissingParameter, translator
from locales.catalog import GRAMMAR_FORMS, load_messages, po_path
from locales.extract import extract_keys, keys_in_package
from locales.keys import CONTRACT_KEYS

REPO = Path(__file__).resolve().parents[3]
NON_ENGLISH = [c for c in CATALOG_IDS if c != "en"]
NATIVE_SCRIPT = [c for c in CATALOG_IDS if c not in ("en", HINGLISH)]
# Latin-letter words a reply in an Indian script may carry: tax and payment names as printed on
# bills and apps, and the language names offered at onboarding.
ALLOWED_LATIN = {"GST", "GSTIN", "CGST", "SGST", "IGST", "UPI", "WhatsApp", "English", "Hinglish"}
LATIN_WORD = re.compile(r"[A-Za-z]+")


def _po_messages(locale: str) -> dict[str, str]:
    with po_path(locale).open("rb") as fh:
        catalog = read_po(fh)
    return {m.id: m.string for m in catalog if m.id}


ENGLISH = _po_messages("en")


def _fields(text: str) -> set[tuple[str, str]]:
    # A grammatical form (`{period:of}`) is the language's choice; the formatting kind must match.
    return {(name, "" if spec in GRAMMAR_FORMS else spec or "")
            for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


def _sample(name: str):
    if name in ("n", "count", "days", "rank"):
        return 12
    if name in ("total", "amount", "balance", "cash", "bank", "taxable", "tax", "cgst", "sgst", "igst",
                "itc", "sales", "cost", "gross", "expenses", "net", "rate", "payable"):
        return Decimal("245000.50")
    return "Ramesh Kumar"


def test_english_catalog_holds_every_contract_key():
    missing = [k for k in CONTRACT_KEYS if k not in ENGLISH]
    assert missing == []


@pytest.mark.parametrize("locale", NON_ENGLISH)
def test_every_language_has_every_english_message_and_no_other(locale):
    messages = _po_messages(locale)
    assert sorted(set(ENGLISH) - set(messages)) == []
    assert sorted(set(messages) - set(ENGLISH)) == []
    assert [k for k, v in messages.items() if not v.strip()] == []


@pytest.mark.parametrize("locale", NON_ENGLISH)
def test_translations_keep_exactly_the_english_placeholders(locale):
    messages = _po_messages(locale)
    wrong = {k: (_fields(ENGLISH[k]), _fields(v)) for k, v in messages.items() if _fields(v) != _fields(ENGLISH[k])}
    assert wrong == {}


@pytest.mark.parametrize("locale", CATALOG_IDS)
def test_every_message_renders_with_its_placeholders_filled(locale):
    t = translator(locale)
    for key, english in ENGLISH.items():
        params = {name: _sample(name) for name, _ in _fields(english)}
        text = t(key, **params)
        assert "{" not in text and "}" not in text, (key, text)
        assert text.strip(), key
        for name, _ in _fields(english):
            if isinstance(params[name], Decimal):
                assert "₹2,45,000.50" in text, (key, text)


@pytest.mark.parametrize("locale", NATIVE_SCRIPT)
def test_no_english_words_in_a_native_script_catalog(locale):
    leaks = {}
    for key, text in _po_messages(locale).items():
        bare = re.sub(r"\{[^}]*\}", " ", text)
        words = set(LATIN_WORD.findall(bare)) - ALLOWED_LATIN
        if words:
            leaks[key] = sorted(words)
    assert leaks == {}


def test_hinglish_is_written_in_latin_letters_not_devanagari():
    devanagari = re.compile(r"[\u0900-\u097F]")
    offenders = [k for k, v in _po_messages(HINGLISH).items()
                 if devanagari.search(v) and k != "onboarding.ask_language"]
    assert offenders == []


def test_hinglish_is_not_english_copied():
    same = [k for k, v in _po_messages(HINGLISH).items()
            if v == ENGLISH[k] and LATIN_WORD.search(re.sub(r"\{[^}]*\}|GSTIN|GST|UPI|PDF", "", v))]
    # Only words Hinglish speakers use as they are (units, modes) may match English.
    assert set(same) <= {"payment.cash", "payment.card", "payment.bank", "unit.ml", "kind.supplier",
                         "role.manager", "role.staff", "category.phone", "ocr.field.supplier",
                         "ocr.field.invoice_no", "field.unit", "field.phone", "stock.list",
                         "payment.credit", "count.bills_one", "count.bills_other", "ocr.card"}


def test_hindi_sale_on_credit_reads_like_the_shop_talks():
    t = translator("hi", romanized=True)
    text = t("sale.recorded_credit", total=Decimal("88"), party="Ramesh Kumar", balance=Decimal("540"))
    assert text.startswith("✅ ₹88 Ramesh Kumar ke khate mein likh diya")
    deva = translator("hi")("sale.recorded_credit", total=Decimal("88"), party="Ramesh Kumar",
                            balance=Decimal("540"))
    assert "₹88 Ramesh Kumar के खाते में लिख दिया" in deva


def test_a_missing_message_raises_rather_than_falling_back_to_english():
    with pytest.raises(MissingMessage):
        translator("ta")("no.such.key")


def test_a_missing_parameter_is_an_error_not_a_brace_in_the_reply():
    with pytest.raises(MissingParameter):
        translator("ta")("sale.recorded", total=Decimal(5))


@pytest.mark.parametrize("locale", CATALOG_IDS)
def test_catalog_compiles_to_mo_with_the_same_messages(locale):
    with po_path(locale).open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    compiled = {m.id: m.string for m in read_mo(buffer) if m.id}
    assert compiled == _po_messages(locale)


def test_every_key_the_code_calls_is_in_the_catalogs():
    used = set().union(*(keys_in_package(REPO / p) for p in ("bot", "locales", "webhooks")))
    assert "sale.recorded" in used, "found no keys in the code"
    assert sorted(used - set(ENGLISH)) == []


def test_the_template_lists_every_english_key():
    with (REPO / "locales" / "catalogs" / "munshi.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert template == set(ENGLISH)


def _copy_catalog(locale: str, root: Path) -> Path:
    target = po_path(locale, root)
    target.parent.mkdir(parents=True)
    target.write_bytes(po_path(locale).read_bytes())
    return target


def test_a_current_compiled_catalog_is_read_and_matches_the_po(tmp_path):
    po = _copy_catalog("ta", tmp_path)
    with po.open("rb") as fh:
        catalog = read_po(fh)
    with po.with_suffix(".mo").open("wb") as out:
        write_mo(out, catalog)
    os.utime(po, (1_000_000, 1_000_000))  # the .po is older than its .mo
    assert dict(load_messages("ta", tmp_path)) == _po_messages("ta")


def test_a_stale_compiled_catalog_gives_way_to_the_edited_po(tmp_path):
    po = _copy_catalog("hi", tmp_path)
    with po.open("rb") as fh:
        catalog = read_po(fh)
    with po.with_suffix(".mo").open("wb") as out:
        write_mo(out, catalog)
    os.utime(po.with_suffix(".mo"), (1_000_000, 1_000_000))
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "हाँ"', 'msgstr "जी हाँ"'), encoding="utf-8")
    assert load_messages("hi", tmp_path)["word.yes"] == "जी हाँ"


def test_a_fresh_clone_without_compiled_catalogs_reads_the_po(tmp_path):
    _copy_catalog("bn", tmp_path)
    assert dict(load_messages("bn", tmp_path)) == _po_messages("bn")


def test_extraction_keeps_both_keys_of_a_conditional_and_ignores_other_strings():
    source = b'''
ctx.say("unknown.reply" if tool == "unknown" else "error.not_supported")
t("sale.recorded", total=1)
print("not.a.call.we.know")
t(f"unit.{unit}")
N_("word.yes")
'''
    found = [(line, name, key) for line, name, key, _ in extract_keys(io.BytesIO(source), ["t", "say", "N_"], [], {})]
    assert found == [(2, "say", "unknown.reply"), (2, "say", "error.not_supported"), (3, "t", "sale.recorded"),
                     (6, "N_", "word.yes")]
