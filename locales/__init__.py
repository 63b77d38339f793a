"""Munshi's words and numbers in the user's language: reply catalogs, money, dates, amounts in words.

Imports nothing else of Munshi. Public API (docs/design.md "locales -> bot"): `translator`,
`format_money`, `format_date`, `format_qty`, `amount_in_words`, `choose_reply_language`.
"""

from locales.catalog import (
    MissingMessage,
    MissingParameter,
    Translator,
    format_qty,
    reload_catalogs,
    translator,
)
from locales.formats import format_date as format_date
from locales.formats import format_money, format_number, format_percent
from locales.languages import (
    CATALOG_IDS,
    HINGLISH,
    LANGUAGES,
    NATIVE_NAMES,
    UnsupportedLanguage,
    catalog_id,
    choose_reply_language,
)
from locales.words import WORDS_LANGUAGES, AmountInWordsUnsupported, amount_in_words

__all__ = [
    "CATALOG_IDS",
    "HINGLISH",
    "LANGUAGES",
    "NATIVE_NAMES",
    "WORDS_LANGUAGES",
    "AmountInWordsUnsupported",
    "MissingMessage",
    "MissingParameter",
    "Translator",
    "UnsupportedLanguage",
    "amount_in_words",
    "catalog_id",
    "choose_reply_language",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "format_qty",
    "reload_catalogs",
    "translator",
]
