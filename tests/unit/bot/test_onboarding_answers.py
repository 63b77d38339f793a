"""Reading a new user's answers: the language they pick and a slug for their shop."""

from __future__ import annotations

import pytest

from bot.conversation.onboarding import parse_language, slugify


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("English", ("en", False)),
        ("hindi", ("hi", False)),
        ("हिन्दी", ("hi", False)),
        ("Hinglish", ("hi", True)),
        ("தமிழ்", ("ta", False)),
        ("Tamil please", ("ta", False)),
        ("ਪੰਜਾਬੀ", ("pa", False)),
        ("bn", ("bn", False)),
    ],
)
def test_a_language_answer_in_any_form_names_the_language(answer, expected):
    assert parse_language(answer) == expected


@pytest.mark.parametrize("answer", ["", "blue", "42", "my shop"])
def test_an_answer_naming_no_language_is_not_guessed(answer):
    assert parse_language(answer) is None


def test_a_latin_shop_name_becomes_a_readable_slug():
    assert slugify("Gupta General Store", "+919812300001") == "gupta-general-store"


def test_a_shop_name_in_an_indic_script_still_gets_a_slug():
    slug = slugify("शर्मा किराना", "+919812300001")
    assert slug and slug.isascii() and " " not in slug


def test_a_name_with_nothing_to_keep_falls_back_to_the_phone():
    assert slugify("!!!", "+919812300001") == "shop-0001"
