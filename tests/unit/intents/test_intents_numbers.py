"""Numbers, shop fractions and units in the ten languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intents.analysis import tokenize
from intents.normalise import normalise
from intents.numbers import scan_numbers
from intents.units import unit_of


def value(text: str) -> Decimal:
    spans = scan_numbers(tokenize(normalise(text)))
    assert len(spans) == 1, spans
    return spans[0].value


@pytest.mark.parametrize(("text", "expected"), [
    ("2,45,000", "245000"), ("1.5k", "1500"), ("dedh", "1.5"), ("adha", "0.5"), ("paav", "0.25"),
    ("dhai", "2.5"), ("sava do", "2.25"), ("paune teen", "2.75"), ("saadhe teen", "3.5"), ("do sau", "200"),
    ("dhai sau", "250"), ("sava sau", "125"), ("paanch hazaar", "5000"), ("dedh hazaar", "1500"),
    ("ek lakh pachaas hazaar", "150000"), ("do crore", "20000000"), ("fifteen hundred", "1500"),
    ("twenty five", "25"), ("एक सौ दस", "110"), ("साढ़े तीन", "3.5"), ("ढाई", "2.5"), ("डेढ़", "1.5"),
    ("सवा", "1.25"), ("पौने", "0.75"), ("तीन हज़ार", "3000"), ("ஆயிரத்து ஐநூறு", "1500"),
    ("இருநூத்தி முப்பது", "230"), ("ஒன்றரை", "1.5"), ("அரை", "0.5"), ("கால்", "0.25"), ("முக்கால்", "0.75"),
    ("ரெண்டு", "2"), ("நாப்பது", "40"), ("দেড়", "1.5"), ("আড়াই", "2.5"),
    ("અઢી", "2.5"), ("દોઢ", "1.5"), ("दीड", "1.5"), ("अडीच", "2.5"), ("ਢਾਈ", "2.5"), ("ਡੇਢ", "1.5"),
    ("రెండున్నర", "2.5"), ("ఒకటిన్నర", "1.5"), ("ಒಂದೂವರೆ", "1.5"), ("ಎರಡೂವರೆ", "2.5"), ("ഒന്നര", "1.5"),
    ("രണ്ടര", "2.5"), ("३५०", "350"), ("௧௦", "10"), ("১২", "12"), ("ambadhu", "50"), ("paanch", "5"),
])
def test_number_words_and_fractions_have_exact_values(text, expected):
    assert value(text) == Decimal(expected)


def test_huge_numbers_are_refused_rather_than_overflowing():
    assert scan_numbers(["9" * 400]) == []
    assert all(s.value < Decimal("1e13") for s in scan_numbers(["99999999999", "crore", "crore"]))


@pytest.mark.parametrize(("word", "unit"), [
    ("kilo", "kg"), ("kg", "kg"), ("किलो", "kg"), ("கிலோ", "kg"), ("కిలో", "kg"), ("কেজি", "kg"), ("ಕೆಜಿಗೆ", "kg"),
    ("gram", "g"), ("ग्राम", "g"), ("litre", "l"), ("लीटर", "l"), ("லிட்டர்", "l"), ("ml", "ml"),
    ("packet", "pack"), ("पैकेट", "pack"), ("பாக்கெட்", "pack"), ("dozen", "dozen"), ("दर्जन", "dozen"),
    ("piece", "pc"), ("bag", "bag"), ("बोरी", "bag"), ("box", "box"), ("डिब्बा", "box"),
])
def test_unit_words_map_to_contract_units(word, unit):
    assert unit_of(normalise(word)) == unit


def test_digits_glued_to_units_come_apart():
    assert tokenize("2kg 500g 1.5k gstr-3b") == ["2", "kg", "500", "g", "1.5k", "gstr-3b"]


def test_halves_quarters_and_rupee_signs_are_read_but_dates_are_left_alone():
    assert normalise("1/2 kilo") == "0.5 kilo"
    assert normalise("3/4 kg") == "0.75 kg"
    assert normalise("₹500 ki sale") == "₹ 500 ki sale"
    assert normalise("15/11 ko") == "15 / 11 ko"


@pytest.mark.parametrize(("text", "expected"), [
    ("இருபத்தைந்து", "25"), ("இருபத்து ஐந்து", "25"), ("இருவத்தஞ்சு", "25"), ("எழுபத்தைந்து", "75"),
    ("நூற்று இருபது", "120"), ("ரெண்டாயிரத்து ஐநூறு", "2500"), ("ముప్పై ఐదు", "35"), ("সাতাশ", "27"),
    ("ਸਤਾਈ", "27"), ("പതിനഞ്ച്", "15"), ("ಇಪ್ಪತ್ತೈದು", "25"),
])
def test_every_number_the_speller_writes_is_read_in_each_language(text, expected):
    assert value(text) == Decimal(expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("सत्ताइस", "27"), ("सताईस", "27"), ("पचीस", "25"), ("पच्चिस", "25"), ("अडतालिस", "48"), ("उनतिस", "29"),
    ("तिरपन", "53"), ("pachis", "25"),
])
def test_number_words_misspelt_as_speech_recognisers_write_them_are_read(text, expected):
    assert value(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["fortune", "नूडुल्स", "நூடுல்ஸ்", "भरा", "साथ", "चौहतर", "ముప్పైఐదు"])
def test_words_that_only_look_like_numbers_or_could_be_two_numbers_are_not_read(text):
    # "चौहतर" could be 74 or 76, "ముప్పైఐదు" 35 or 37: an unsure number is no number
    assert [s for s in scan_numbers(tokenize(normalise(text))) if not s.weak] == []
