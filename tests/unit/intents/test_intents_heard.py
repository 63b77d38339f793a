"""Misheard number words put right where the grammar wants a number, and nowhere else."""

from __future__ import annotations

import pytest

from intents.heard import mend_heard_numbers, sound_key


@pytest.mark.parametrize(("heard", "meant"), [
    ("रमेश को तो किलो चीनी", "रमेश को दो किलो चीनी"),  # voiced and voiceless alike
    ("से तसा, किलो आटा", "से दस, किलो आटा"),  # a final vowel dropped, the comma kept
    ("तीना सौ रुपये", "तीन सौ रुपये"),  # before a hundred
    ("பத்து கிலோ அரிசி", "பத்து கிலோ அரிசி"),  # a number already
])
def test_a_word_that_sounds_like_a_number_before_a_unit_rupee_or_hundred_is_that_number(heard, meant):
    assert mend_heard_numbers(heard) == meant


@pytest.mark.parametrize("heard", [
    "तो मैं कल आऊँगा",  # "to" not before a unit: a word, not a number
    "रमेश को चीनी दो",  # nothing follows
    "Ramesh ko do kilo",  # a number already
    "गीता ने पैसे दिए",
])
def test_words_elsewhere_are_left_as_they_were_heard(heard):
    assert mend_heard_numbers(heard) == heard


def test_sounds_two_numbers_share_mend_nothing():
    assert sound_key("दो") == sound_key("तो") and sound_key("दस") == sound_key("तसा")
    assert mend_heard_numbers("साट किलो") == "साट किलो"  # सात (7) or साठ (60): not guessed
