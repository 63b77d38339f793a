"""Offline speech-to-text with faster-whisper: a local model directory only (HF_HUB_OFFLINE), CPU, float32.

The language comes from the hint (or is identified among the shop's languages); the prompt carries
the shop's names; a transcript in the wrong script (Hindi as Urdu) is flagged "script_mismatch".
A multilingual model hears all ten languages; an English-only one (the shipped tiny.en) only English.
"""

from __future__ import annotations

import io
import math
import os
import threading
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from voice.audio import Clip
from voice.errors import TranscriptionFailed
from voice.languages import LANGUAGES, language, script_matches
from voice.stt import Transcript

_PROMPT_CHARS = 400  # Whisper reads at most 224 prompt tokens; keep well under

# float32, not int8: CTranslate2's int8 matrix products differ by CPU (its AVX2 and AVX-512 kernels,
# MKL or oneDNN, VNNI or not round and saturate differently), enough to turn "two kilo sugar to Ramesh"
# into "to kilo sugar terrain asan" on one machine and not on another. float32 hears the same words on
# every kernel path, so a voice note is understood the same on a laptop, in CI and in production.
DEFAULT_COMPUTE_TYPE = "float32"


def clip_samples(clip: Clip) -> np.ndarray:
    """The clip's 16 kHz mono samples as float32 in [-1, 1], as Whisper takes them."""
    with wave.open(io.BytesIO(clip.wav)) as reader:
        if reader.getframerate() != 16000 or reader.getnchannels() != 1 or reader.getsampwidth() != 2:
            raise ValueError("a Clip must be 16 kHz mono 16-bit WAV")
        frames = reader.readframes(reader.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0


# Trade words that prime the decoder for shop talk, before the shop's own names.
_DOMAIN_WORDS = {
    "en": "Sold and bought, on credit or cash.",
    "hi": "बेचा, खरीदा, उधार, नकद, किलो।",
}


def vocabulary_prompt(vocabulary: Sequence[str], lang: str = "en", limit: int = _PROMPT_CHARS) -> str | None:
    """The prompt that biases Whisper to the shop: a few trade words in the language, then the
    shop's names ("Sold and bought, on credit or cash. Ramesh Kumar, Sugar, Wheat Atta."), cut at
    `limit` characters. None when there are no names."""
    head = _DOMAIN_WORDS.get(lang, "")
    seen: list[str] = []
    folded: set[str] = set()
    size = len(head)
    for name in vocabulary:
        name = " ".join(str(name).split())
        if not name or name.casefold() in folded:
            continue
        if size + len(name) + 2 > limit:
            break
        seen.append(name)
        folded.add(name.casefold())
        size += len(name) + 2
    if not seen:
        return None
    return f"{head} {', '.join(seen)}.".strip()


class WhisperSpeechToText:
    """faster-whisper behind the SpeechToText port. The model loads on first use, once."""

    engine = "whisper"

    def __init__(
        self,
        model_dir: str | os.PathLike,
        *,
        compute_type: str = DEFAULT_COMPUTE_TYPE,
        cpu_threads: int = 0,
        beam_size: int = 5,
        model=None,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self._model = model
        self._lock = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    if not (self.model_dir / "model.bin").exists():
                        raise FileNotFoundError(f"no faster-whisper model at {self.model_dir} (model.bin missing)")
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    from faster_whisper import WhisperModel

                    self._model = WhisperModel(
                        str(self.model_dir),
                        device="cpu",
                        compute_type=self.compute_type,
                        cpu_threads=self.cpu_threads,
                        local_files_only=True,
                    )
        return self._model

    def load(self) -> None:
        """Load the model now (a worker may call this at start so the first note does not wait)."""
        _ = self.model

    @property
    def multilingual(self) -> bool:
        return bool(self.model.model.is_multilingual)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(LANGUAGES) if self.multilingual else ("en",)

    def _choose_language(self, audio: np.ndarray, lang_hint: str | None, languages: Sequence[str]) -> str:
        if lang_hint:
            return language(lang_hint).code
        candidates = [language(code).code for code in languages] or list(LANGUAGES)
        if len(candidates) == 1 or not self.multilingual:
            return candidates[0] if self.multilingual else "en"
        _, _, probabilities = self.model.detect_language(audio)
        ranked = {code: p for code, p in probabilities}
        return max(candidates, key=lambda code: ranked.get(code, 0.0))

    def transcribe(
        self,
        clip: Clip,
        lang_hint: str | None = None,
        languages: Sequence[str] = (),
        vocabulary: Sequence[str] = (),
        *,
        vocabulary_key: str | None = None,
    ) -> Transcript:
        audio = clip_samples(clip)
        wanted = self._choose_language(audio, lang_hint, languages)
        flags: list[str] = []
        decode_lang = wanted
        if not self.multilingual and wanted != "en":
            flags.append("model_english_only")
            decode_lang = "en"
        try:
            segments, _info = self.model.transcribe(
                audio,
                language=decode_lang,
                task="transcribe",
                beam_size=self.beam_size,
                initial_prompt=vocabulary_prompt(vocabulary, decode_lang),
                condition_on_previous_text=False,
                vad_filter=False,
            )
            segments = list(segments)  # the generator does the work
        except Exception as exc:  # CTranslate2 and tokenizer errors have no common base
            raise TranscriptionFailed("failed", repr(exc)[:200], engine=self.engine) from exc
        spoken = [s for s in segments if s.text.strip() and s.no_speech_prob < 0.9]
        text = " ".join(s.text.strip() for s in spoken).strip()
        if not text:
            raise TranscriptionFailed("no_speech", "nothing recognised", engine=self.engine)
        weights = [max(s.end - s.start, 0.01) for s in spoken]
        mean_logprob = sum(s.avg_logprob * w for s, w in zip(spoken, weights, strict=True)) / sum(weights)
        confidence = min(1.0, max(0.0, math.exp(mean_logprob)))
        if not script_matches(text, wanted):
            flags.append("script_mismatch")
            confidence /= 2
        return Transcript(text=text, lang=wanted, confidence=round(confidence, 3), engine=self.engine, flags=tuple(flags))
