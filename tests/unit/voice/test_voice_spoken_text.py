"""Reply text made speakable: Indian number words, no emoji or markup; scripts of the ten languages."""

from __future__ import annotations

import pytest

from voice import LanguageNotSupported, script_matches, script_of, speakable, to_ssml
from voice.languages import LANGUAGES, language
from voice.spoken import number_words


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("hi", "दो लाख पैंतालीस हज़ार रुपये"),
        ("en", "two lakh forty five thousand rupees"),
        ("ta", "இரண்டு லட்சத்து நாற்பத்து ஐந்தாயிரம்\u200c ரூபாய்"),
        ("bn", "দুই লাখ পঁয়তাল্লিশ হাজার টাকা"),
        ("gu", "બે લાખ પિસ્તાલીસ હજાર રૂપિયા"),
    ],
)
def test_a_rupee_amount_is_spoken_in_lakhs_in_the_reply_language(lang, words):
    assert speakable("₹2,45,000", lang) == words


def test_paise_are_spoken_after_the_rupees_and_zero_paise_are_not():
    assert speakable("₹88.50", "hi") == "अठासी रुपये पचास पैसे"
    assert speakable("Rs. 1,00,000.00", "en") == "one lakh rupees"


def test_quantities_are_spoken_but_bill_numbers_dates_and_gstins_are_left_alone():
    text = "Sold 1.5 kg Rice, 12 items · Bill SI/2026-27/0042 on 02/11/2026 · GSTIN 09AAKFS4521M1ZR"
    assert speakable(text, "en") == (
        "Sold one point five kilo Rice, twelve items, Bill SI/2026-27/0042 on 02/11/2026, GSTIN 09AAKFS4521M1ZR"
    )


def test_emoji_formatting_and_links_are_not_read_aloud():
    text = "🎙️ *Ramesh Kumar* ko _2 kg_ Sugar ✅\nUPI: https://pay.example/upi?x=1 🙏"
    assert speakable(text, "hi") == "Ramesh Kumar ko दो kilo Sugar\nUPI:"


def test_ssml_escapes_the_text_and_pauses_between_lines():
    assert to_ssml("A & B <ok>\n\nC", "en") == '<speak>A &amp; B &lt;ok&gt;<break time="350ms"/>C</speak>'


def test_numbers_past_ninety_nine_crore_stay_digits():
    assert number_words(999_999_999, "en").startswith("ninety nine crore")
    assert number_words(1_000_000_000, "hi") == "1000000000"


def test_every_language_has_an_espeak_voice_and_a_transcribe_code_and_only_hi_en_have_polly():
    assert set(LANGUAGES) == {"hi", "en", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa"}
    assert {code for code, lang in LANGUAGES.items() if lang.polly} == {"hi", "en"}
    assert language("ta-IN").transcribe == "ta-IN"
    with pytest.raises(LanguageNotSupported):
        language("or")


def test_script_check_accepts_own_script_and_latin_but_not_another_script():
    assert script_of("रमेश को चीनी") == "Deva"
    assert script_of("12 / 3 ₹") is None
    assert script_matches("ரமேஷ் கடன்", "ta")
    assert script_matches("Ramesh ko cheeni", "hi")
    assert not script_matches("رمیش کو چینی", "hi")
    assert not script_matches("ரமேஷ்", "te")  # Telugu heard as Tamil


def test_units_are_said_as_words_in_the_script_of_the_reply():
    assert speakable("Sugar 2 kg, 500g, 1.5 ltr, 12 pcs", "en") == (
        "Sugar two kilo, five hundred gram, one point five litre, twelve piece"
    )
    assert speakable("रमेश को 2 kg चीनी", "hi") == "रमेश को दो किलो चीनी"
    assert speakable("2 lakh, 5 ghante, 4G", "en") == "two lakh, five ghante, 4G"
