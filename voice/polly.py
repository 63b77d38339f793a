"""Amazon Polly behind the TextToSpeech port: Hindi and Indian English (Kajal neural, Aditi standard).

Always an explicit LanguageCode; SSML with amounts already in words ("₹2,45,000" -> "दो लाख पैंतालीस
हज़ार रुपये"), so they are read in lakhs. Other languages and Polly errors go to the fallback engine
(espeak-ng): no invalid Polly call is ever made.
"""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError

from voice.errors import SpeechFailed
from voice.languages import language
from voice.spoken import plain_length, to_ssml
from voice.tts import Speech, TextToSpeech

log = logging.getLogger(__name__)

VOICES = {"neural": "Kajal", "standard": "Aditi"}  # both bilingual hi-IN / en-IN
_MAX_BILLED_CHARS = 3000
_MAX_TOTAL_CHARS = 6000


class PollyTextToSpeech:
    """`client` is a boto3 "polly" client. Output is MP3 (every engine offers it); `voice.to_ogg_opus`
    turns it into a voice note."""

    engine = "polly"

    def __init__(self, client, *, voice_engine: str = "neural", fallback: TextToSpeech | None = None) -> None:
        if voice_engine not in VOICES:
            raise ValueError(f"Polly voice engine must be one of {sorted(VOICES)}, not {voice_engine!r}")
        self.client = client
        self.voice_engine = voice_engine
        self.voice_id = VOICES[voice_engine]
        self.fallback = fallback

    @property
    def languages(self) -> tuple[str, ...]:
        own = ("hi", "en")
        return tuple(dict.fromkeys(own + tuple(self.fallback.languages if self.fallback else ())))

    def request(self, text: str, lang: str) -> dict:
        """The exact SynthesizeSpeech parameters for a Hindi or English text."""
        code = language(lang)
        if code.polly is None:
            raise SpeechFailed("language", f"Polly has no {code.code} voice", engine=self.engine)
        ssml = to_ssml(text, code.code)
        if plain_length(ssml) == 0:
            raise SpeechFailed("empty", "nothing to say", engine=self.engine)
        if plain_length(ssml) > _MAX_BILLED_CHARS or len(ssml) > _MAX_TOTAL_CHARS:
            raise SpeechFailed("too_long", f"{plain_length(ssml)} characters", engine=self.engine)
        return {
            "Engine": self.voice_engine,
            "LanguageCode": code.polly,
            "OutputFormat": "mp3",
            "Text": ssml,
            "TextType": "ssml",
            "VoiceId": self.voice_id,
        }

    def synthesize(self, text: str, lang: str) -> Speech:
        code = language(lang)
        if code.polly is None:
            if self.fallback is None:
                raise SpeechFailed("language", f"Polly has no {code.code} voice and no fallback", engine=self.engine)
            return self.fallback.synthesize(text, code.code)
        params = self.request(text, code.code)
        try:
            response = self.client.synthesize_speech(**params)
            audio = response["AudioStream"].read()
            if not audio:
                raise SpeechFailed("failed", "Polly returned no audio", engine=self.engine)
        except (ClientError, BotoCoreError, SpeechFailed) as exc:
            if self.fallback is None:
                raise SpeechFailed("failed", str(exc)[:200], engine=self.engine) from exc
            log.warning("Polly failed (%s); speaking with %s", exc, self.fallback.engine)
            return self.fallback.synthesize(text, code.code)
        return Speech(
            audio=audio, content_type=response.get("ContentType", "audio/mpeg"), engine=self.engine, lang=code.code
        )
