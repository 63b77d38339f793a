"""The text-to-speech port (`TextToSpeech.synthesize(text, lang) -> Speech`), espeak-ng, and the factory.

espeak-ng speaks all ten languages offline (robotic, deterministic). `build_tts("polly", client=...)`
gives Polly for Hindi and Indian English with espeak-ng for the other eight. Amounts are spelled as
Indian numbers before any engine reads them (`voice.spoken`).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from voice.errors import SpeechFailed
from voice.languages import LANGUAGES, language
from voice.spoken import speakable


@dataclass(frozen=True)
class Speech:
    """Synthesised speech: the audio file's bytes and its MIME type (audio/wav, audio/mpeg)."""

    audio: bytes
    content_type: str
    engine: str
    lang: str


@runtime_checkable
class TextToSpeech(Protocol):
    engine: str

    @property
    def languages(self) -> tuple[str, ...]:
        """The ISO codes this engine speaks."""
        ...

    def synthesize(self, text: str, lang: str) -> Speech:
        """Speak `text` in `lang` (ISO code); amounts are read as Indian numbers. Raises SpeechFailed."""
        ...


class EspeakTextToSpeech:
    """espeak-ng in a subprocess: WAV, 22,050 Hz mono. Numbers are spelled out before it reads them."""

    engine = "espeak"
    languages = tuple(LANGUAGES)

    def __init__(self, *, words_per_minute: int = 175, pitch: int = 50, timeout_seconds: float = 30.0) -> None:
        self.words_per_minute = words_per_minute
        self.pitch = pitch
        self.timeout_seconds = timeout_seconds

    def synthesize(self, text: str, lang: str) -> Speech:
        spoken = speakable(text, lang)
        if not spoken.strip():
            raise SpeechFailed("empty", "nothing to say", engine=self.engine)
        binary = shutil.which("espeak-ng")
        if binary is None:
            raise SpeechFailed("unavailable", "espeak-ng is not installed", engine=self.engine)
        voice = language(lang).espeak_voice
        try:
            done = subprocess.run(
                [binary, "-v", voice, "-s", str(self.words_per_minute), "-p", str(self.pitch), "-b", "1", "--stdout"],
                input=spoken.encode("utf-8"),
                capture_output=True,
                timeout=self.timeout_seconds,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SpeechFailed("timeout", f"espeak-ng ran over {self.timeout_seconds:.0f} s", engine=self.engine) from exc
        if done.returncode != 0 or len(done.stdout) <= 44:
            raise SpeechFailed("failed", done.stderr.decode(errors="replace")[:200], engine=self.engine)
        return Speech(audio=done.stdout, content_type="audio/wav", engine=self.engine, lang=language(lang).code)


def build_tts(engine: str, **options) -> TextToSpeech:
    """The text-to-speech adapter named by `engine` ("espeak" | "polly"). Polly takes `client`,
    `voice_engine` ("neural": Kajal, "standard": Aditi) and `fallback` (default: espeak-ng)."""
    if engine == "espeak":
        return EspeakTextToSpeech(**options)
    if engine == "polly":
        from voice.polly import PollyTextToSpeech

        options.setdefault("fallback", EspeakTextToSpeech())
        return PollyTextToSpeech(**options)
    raise ValueError(f"unknown text-to-speech engine {engine!r} (espeak | polly)")
