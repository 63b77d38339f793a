"""The offline engines for real: espeak-ng in all ten languages, faster-whisper on the shipped model."""

from __future__ import annotations

import json
import subprocess

import pytest

from voice import (
    LANGUAGES,
    SpeechFailed,
    build_stt,
    build_tts,
    default_whisper_model_dir,
    to_ogg_opus,
    to_wav16k,
)

SAMPLES = {
    "hi": "रमेश कुमार का बाकी ₹2,45,000 है",
    "en": "Ramesh Kumar owes ₹2,45,000",
    "ta": "ரமேஷ் குமார் ₹2,45,000 தர வேண்டும்",
    "te": "రమేష్ కుమార్ ₹2,45,000 ఇవ్వాలి",
    "bn": "রমেশ কুমার ₹2,45,000 দেবেন",
    "mr": "रमेश कुमार यांचे ₹2,45,000 बाकी",
    "gu": "રમેશ કુમાર ₹2,45,000 બાકી",
    "kn": "ರಮೇಶ್ ಕುಮಾರ್ ₹2,45,000 ಕೊಡಬೇಕು",
    "ml": "രമേഷ് കുമാർ ₹2,45,000 തരാനുണ്ട്",
    "pa": "ਰਮੇਸ਼ ਕੁਮਾਰ ₹2,45,000 ਬਾਕੀ",
}


def codec_of(data: bytes) -> str:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "pipe:0"],
        input=data, capture_output=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)["streams"][0]["codec_name"]


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_espeak_speaks_each_of_the_ten_languages_as_a_playable_voice_note(lang):
    speech = build_tts("espeak").synthesize(SAMPLES[lang], lang)

    assert speech.content_type == "audio/wav" and speech.lang == lang
    clip = to_wav16k(speech.audio, speech.content_type)  # real sound, not silence
    assert clip.seconds > 1.0
    assert codec_of(to_ogg_opus(speech)) == "opus"


def test_espeak_reads_the_amount_in_words_so_it_speaks_longer_than_the_digits_would_take():
    tts = build_tts("espeak")
    words = to_wav16k(tts.synthesize("₹2,45,000", "en").audio)
    one = to_wav16k(tts.synthesize("₹1", "en").audio)

    assert words.seconds > one.seconds + 1.0


@pytest.mark.skipif(default_whisper_model_dir() is None, reason="no Whisper model installed (make install)")
def test_whisper_on_the_shipped_model_hears_an_english_sale():
    speech = build_tts("espeak").synthesize("sold two kilo sugar to Ramesh on credit", "en")
    clip = to_wav16k(to_ogg_opus(speech), "audio/ogg")
    stt = build_stt("whisper")

    transcript = stt.transcribe(clip, lang_hint="en", vocabulary=["Ramesh Kumar", "Suresh Yadav", "Sugar", "Rice"])

    words = transcript.text.lower()
    assert transcript.engine == "whisper" and transcript.lang == "en"
    assert "sugar" in words and "ramesh" in words and "credit" in words
    assert 0.0 < transcript.confidence <= 1.0
    # the multilingual model `make install` puts in hears the ten languages; tiny.en alone only English
    assert stt.languages == (("en",) if not stt.multilingual else tuple(LANGUAGES))


def test_a_hung_speech_engine_is_a_speech_failure_not_a_crash():
    slow = build_tts("espeak", timeout_seconds=0.001)

    with pytest.raises(SpeechFailed) as failed:
        slow.synthesize("रमेश कुमार का बाकी ₹2,45,000 है। " * 50, "hi")

    assert failed.value.reason == "timeout"
