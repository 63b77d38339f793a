"""Which catalog a reply is written in: the message's language unless the user fixed one, and
romanized Hindi gets romanized Hindi back."""

from __future__ import annotations

import pytest

from locales import HINGLISH, UnsupportedLanguage, catalog_id, choose_reply_language, translator


@pytest.mark.parametrize(
    ("profile", "locked", "detected", "romanized", "expected"),
    [
        ("hi", False, "ta", False, "ta"),  # a Tamil message gets Tamil though the profile says Hindi
        ("hi", False, "hi", True, HINGLISH),  # romanized Hindi gets Hinglish
        ("hi", False, "hi", False, "hi"),  # Devanagari gets Devanagari
        (HINGLISH, False, "hi", False, "hi"),
        ("ta", True, "hi", False, "ta"),  # a fixed language wins over what was written
        ("hi", True, "hi", True, HINGLISH),  # fixed Hindi still follows the script written in
        (HINGLISH, True, "hi", False, "hi"),
        ("hi", True, "en", False, "hi"),
        ("mr", False, None, False, "mr"),  # nothing detected: the profile
        ("mr", False, "xx", False, "mr"),  # a language we don't speak: the profile
        (None, False, None, False, "en"),
        ("te", False, "en", False, "en"),
        ("bn", False, "ta", True, "ta"),  # Tanglish gets Tamil script: only Hindi has a Latin catalog
    ],
)
def test_reply_language_follows_the_message_unless_fixed(profile, locked, detected, romanized, expected):
    assert choose_reply_language(profile, locked, detected, romanized) == expected


def test_catalog_ids_accept_codes_regions_and_hinglish():
    assert catalog_id("ta-IN") == "ta"
    assert catalog_id("hi", romanized=True) == HINGLISH
    assert catalog_id("hi_Latn") == HINGLISH
    with pytest.raises(UnsupportedLanguage):
        catalog_id("fr")


def test_translator_for_romanized_hindi_is_the_hinglish_catalog():
    assert translator("hi", romanized=True).locale == HINGLISH
    assert translator("hi").locale == "hi"
    assert translator("ta", romanized=True).locale == "ta"
