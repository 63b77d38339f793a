"""What can go wrong with a voice note or a voice reply, named as facts, with no user text.

    VoiceError
    ├── AudioRejected(reason)        the audio itself: "empty" | "corrupt" | "unsupported" | "too_long"
    ├── TranscriptionFailed(reason)  the speech engine gave up: "failed" | "timeout" | "no_speech"
    ├── SpeechFailed(reason)         the text-to-speech engine could not speak the text
    └── LanguageNotSupported(lang)   a language code outside the ten Munshi speaks

The bot maps each to a message key (`voice.empty`, `voice.not_understood`, ...).
"""

from __future__ import annotations

REJECT_REASONS = ("empty", "corrupt", "unsupported", "too_long")


class VoiceError(Exception):
    """Base of every error of the voice package."""

    reason: str = "failed"


class AudioRejected(VoiceError):
    """The bytes are not audio we can take: empty, corrupt, not audio at all, or too long."""

    def __init__(self, reason: str, detail: str = "", *, seconds: float | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.seconds = seconds
        super().__init__(f"{reason}: {detail}" if detail else reason)


class TranscriptionFailed(VoiceError):
    """The speech-to-text engine failed, timed out, or heard no speech."""

    def __init__(self, reason: str, detail: str = "", *, engine: str = "") -> None:
        self.reason = reason
        self.detail = detail
        self.engine = engine
        super().__init__(f"{engine} {reason}: {detail}".strip())


class SpeechFailed(VoiceError):
    """The text-to-speech engine could not turn the text into audio."""

    def __init__(self, reason: str, detail: str = "", *, engine: str = "") -> None:
        self.reason = reason
        self.detail = detail
        self.engine = engine
        super().__init__(f"{engine} {reason}: {detail}".strip())


class LanguageNotSupported(VoiceError, ValueError):
    """A language code that is not one of hi en ta te bn mr gu kn ml pa."""

    reason = "language"

    def __init__(self, lang: str) -> None:
        self.lang = lang
        super().__init__(f"language not supported: {lang!r}")
