"""The GST scheme question takes a short answer; a sale typed meanwhile is no answer to it."""

import pytest

from bot.conversation.onboarding import parse_scheme


@pytest.mark.parametrize(("text", "scheme"), [
    ("2", "composition"), ("composition", "composition"), ("regular hai", "regular"), ("registered", "regular"),
    ("3", "unregistered"), ("nahi", "unregistered"), ("registered nahi hai", "unregistered"),
    ("2 kilo cheeni becha", None), ("Ramesh ko 2 kilo cheeni udhaar diya", None),
])
def test_the_scheme_of_a_short_answer(text, scheme):
    assert parse_scheme(text) == scheme
