"""Amazon Polly adapter: exact SynthesizeSpeech requests (botocore Stubber); other languages never reach Polly."""

from __future__ import annotations

import io

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from voice import Speech, SpeechFailed, build_tts
from voice.polly import PollyTextToSpeech

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64


class RecordingTTS:
    """A fallback engine that remembers what it was asked to say."""

    engine = "fake"
    languages = ("hi", "en", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa")

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def synthesize(self, text: str, lang: str) -> Speech:
        self.said.append((text, lang))
        return Speech(audio=b"RIFF-fake", content_type="audio/wav", engine=self.engine, lang=lang)


@pytest.fixture
def polly():
    client = boto3.client("polly", region_name="ap-south-1", aws_access_key_id="x", aws_secret_access_key="y")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def audio_response() -> dict:
    return {"AudioStream": StreamingBody(io.BytesIO(MP3), len(MP3)), "ContentType": "audio/mpeg", "RequestCharacters": 40}


def test_hindi_reply_is_kajal_neural_in_hi_in_with_the_amount_read_in_lakhs(polly):
    client, stubber = polly
    stubber.add_response(
        "synthesize_speech",
        audio_response(),
        {
            "Engine": "neural",
            "LanguageCode": "hi-IN",
            "OutputFormat": "mp3",
            "Text": '<speak>रमेश कुमार का बाकी: दो लाख पैंतालीस हज़ार रुपये<break time="350ms"/>'
            "हिसाब में लिख दिया।</speak>",
            "TextType": "ssml",
            "VoiceId": "Kajal",
        },
    )

    speech = PollyTextToSpeech(client).synthesize("✅ *रमेश कुमार* का बाकी: ₹2,45,000\nहिसाब में लिख दिया।", "hi")

    assert speech == Speech(audio=MP3, content_type="audio/mpeg", engine="polly", lang="hi")


def test_english_reply_with_the_standard_engine_is_aditi_in_en_in_with_paise(polly):
    client, stubber = polly
    stubber.add_response(
        "synthesize_speech",
        audio_response(),
        {
            "Engine": "standard",
            "LanguageCode": "en-IN",
            "OutputFormat": "mp3",
            "Text": "<speak>Geeta Devi owes one lakh twenty thousand rupees fifty paise &amp; three bills.</speak>",
            "TextType": "ssml",
            "VoiceId": "Aditi",
        },
    )

    PollyTextToSpeech(client, voice_engine="standard").synthesize(
        "Geeta Devi owes ₹1,20,000.50 & 3 bills.", "en"
    )


def test_tamil_reply_goes_to_the_fallback_and_never_calls_polly(polly):
    client, _stubber = polly  # no stubbed response: any Polly call would raise
    fallback = RecordingTTS()

    speech = PollyTextToSpeech(client, fallback=fallback).synthesize("ரமேஷ் கடன் ₹88", "ta")

    assert speech.engine == "fake"
    assert fallback.said == [("ரமேஷ் கடன் ₹88", "ta")]


def test_tamil_reply_without_a_fallback_is_refused_without_a_call(polly):
    client, _stubber = polly

    with pytest.raises(SpeechFailed) as failed:
        PollyTextToSpeech(client).synthesize("வணக்கம்", "ta")

    assert failed.value.reason == "language"


def test_a_polly_error_falls_back_to_the_offline_voice(polly):
    client, stubber = polly
    stubber.add_client_error("synthesize_speech", "ServiceFailureException", http_status_code=500)
    fallback = RecordingTTS()

    speech = PollyTextToSpeech(client, fallback=fallback).synthesize("Ramesh ko ₹88 udhaar", "hi")

    assert speech.engine == "fake"
    assert fallback.said == [("Ramesh ko ₹88 udhaar", "hi")]


def test_text_beyond_polly_billing_limit_is_refused_before_any_call(polly):
    client, _stubber = polly

    with pytest.raises(SpeechFailed) as failed:
        PollyTextToSpeech(client).request("बहुत लंबा जवाब। " * 300, "hi")

    assert failed.value.reason == "too_long"


def test_polly_factory_defaults_to_espeak_for_the_other_eight_languages(polly):
    client, _stubber = polly

    tts = build_tts("polly", client=client)

    assert tts.fallback.engine == "espeak"
    assert set(tts.languages) == {"hi", "en", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa"}
    with pytest.raises(ValueError):
        build_tts("polly", client=client, voice_engine="generative")
