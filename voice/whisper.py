"""Offline speech-to-text with faster-whisper: a local model directory only (HF_HUB_OFFLINE), CPU, float32.

The language is the user's (the hint), never guessed when there is one; tokens of other scripts are
suppressed (Hindi cannot come out in Urdu letters); the prompt carries trade words and the shop's
names in the language's script. An English-only model (tiny.en) may stand beside a multilingual one
to hear the English a shopkeeper mixes in; a transcript still in a wrong script is "script_mismatch".
"""

from __future__ import annotations

import io
import math
import os
import re
import threading
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from voice.audio import Clip
from voice.errors import TranscriptionFailed
from voice.languages import LANGUAGES, language, script_matches, script_of
from voice.stt import Transcript
from voice.tokens import foreign_script_tokens

_PROMPT_CHARS = 400  # Whisper reads at most 224 prompt tokens; keep well under

# float32, not int8: CTranslate2's int8 matrix products differ by CPU (its AVX2 and AVX-512 kernels,
# MKL or oneDNN, VNNI or not round and saturate differently), enough to turn "two kilo sugar to Ramesh"
# into "to kilo sugar terrain asan" on one machine and not on another. float32 hears the same words on
# every kernel path, so a voice note is understood the same on a laptop, in CI and in production.
DEFAULT_COMPUTE_TYPE = "float32"
# The multilingual base model is four times tiny's size: in float32 a 5-second note would take most
# of the 3-second turn on two cores, so it runs in int8 (half the time, half the memory), and the
# doubt thresholds below leave room for the small differences int8 makes between machines.
MULTILINGUAL_COMPUTE_TYPE = "int8"
_TOKENS_PER_SECOND = 25  # a bound on what a second of speech can write; loops stop there


def clip_samples(clip: Clip) -> np.ndarray:
    """The clip's 16 kHz mono samples as float32 in [-1, 1], as Whisper takes them."""
    with wave.open(io.BytesIO(clip.wav)) as reader:
        if reader.getframerate() != 16000 or reader.getnchannels() != 1 or reader.getsampwidth() != 2:
            raise ValueError("a Clip must be 16 kHz mono 16-bit WAV")
        frames = reader.readframes(reader.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0


# Trade words that prime the decoder for shop talk (what was sold or bought, on credit or cash, how
# much, how many), before the shop's own names.
_DOMAIN_WORDS = {
    "en": "Sold and bought, on credit or cash.",
    "hi": "बेचा, खरीदा, उधार, नकद, किलो।",
    "ta": "விற்றேன், வாங்கினேன், கடன், ரொக்கம், கிலோ.",
}
# An English-only model stands in when the user's language gives a doubtful transcript (below this
# confidence), and its English wins only when it is this sure and surer than the first.
FALLBACK_BELOW = 0.5
ENGLISH_AT_LEAST = 0.55
ENGLISH_MARGIN = 0.1
# A transcript whose words are nearly all the prompt's is the prompt read back, not the note.
_ECHO_SHARE = 0.75


def _names_in_script(vocabulary: Sequence[str], lang: str, latin: bool = True) -> list[str]:
    """The names written in the language's own script first, then (when `latin`) those in Latin
    letters; names in a third script are left out (a Tamil alias would pull a Hindi note towards
    Tamil letters)."""
    own = LANGUAGES[lang].script if lang in LANGUAGES else "Latn"
    first = [n for n in vocabulary if script_of(str(n)) == own]
    then = [n for n in vocabulary if script_of(str(n)) in (None, "Latn") and own != "Latn"] if latin else []
    return first + then


def vocabulary_prompt(
    vocabulary: Sequence[str], lang: str = "en", limit: int = _PROMPT_CHARS, *, latin: bool = True
) -> str | None:
    """The prompt that biases Whisper to the shop: a few trade words in the language, then the
    shop's names ("Sold and bought, on credit or cash. Ramesh Kumar, Sugar, Wheat Atta."), cut at
    `limit` characters; only names in the language's own script when `latin` is False. None when
    there are no names (the trade words alone when `latin` is False)."""
    head = _DOMAIN_WORDS.get(lang, "")
    seen: list[str] = []
    folded: set[str] = set()
    size = len(head)
    for name in _names_in_script(vocabulary, lang, latin):
        name = " ".join(str(name).split())
        if not name or name.casefold() in folded:
            continue
        if size + len(name) + 2 > limit:
            break
        seen.append(name)
        folded.add(name.casefold())
        size += len(name) + 2
    if not seen:
        # without Latin, the trade words alone keep the decoder in the language's letters: with no
        # prompt at all it tends to loop on a danda ("। । । …")
        return None if latin or not head else head
    return f"{head} {', '.join(seen)}.".strip()


CHUNK_SECONDS = 30.0
_CUT_WINDOW_SECONDS = 4.0  # look this far back from a chunk's end for the quietest place to cut
_RATE = 16000


def split_chunks(audio: np.ndarray, seconds: float = CHUNK_SECONDS) -> list[np.ndarray]:
    """The samples in pieces of at most `seconds`, each cut at its quietest 100 ms near the end
    (a pause between words rather than the middle of one)."""
    size = int(seconds * _RATE)
    chunks: list[np.ndarray] = []
    start = 0
    while len(audio) - start > size:
        window_start = start + size - int(_CUT_WINDOW_SECONDS * _RATE)
        window = audio[window_start:start + size]
        step = _RATE // 10
        frames = [window[i:i + step] for i in range(0, len(window) - step + 1, step)]
        quietest = int(np.argmin([float(np.sqrt(np.mean(f * f))) for f in frames]))
        cut = window_start + quietest * step + step // 2
        chunks.append(audio[start:cut])
        start = cut
    chunks.append(audio[start:])
    return [c for c in chunks if len(c)]


def _words(text: str) -> list[str]:
    return [w for w in (part.strip(".,;:!?।\"'“”()").casefold() for part in text.split()) if w]


def echoes_prompt(text: str, prompt: str) -> bool:
    """True when (nearly) every word of the transcript is a word of the prompt."""
    words = _words(text)
    if not words:
        return False
    known = set(_words(prompt))
    return sum(w in known for w in words) / len(words) >= _ECHO_SHARE


_SYLLABLE_LOOP = re.compile(r"((?:(?![\d,.])\S){1,4}?)\1{3,}")  # a syllable over and over, not digits
_DIGIT_LOOP = re.compile(r"([-,.]\s?\d{1,3})\1{4,}")  # "3-4-4-4-4-4" (a crore's ",00" comes only thrice)


def collapse_repeats(text: str, times: int = 3) -> str:
    """The text with any run of one to eight words said `times` or more times in a row kept once
    ("पाँच, पाँच, पाँच, पाँच" -> "पाँच,"); shorter repeats ("दो दो") are speech and stay."""
    text = text.replace("\ufffd", "")  # a letter's bytes cut short by a suppressed token
    text = _DIGIT_LOOP.sub(r"\1", text)
    text = _SYLLABLE_LOOP.sub(r"\1\1", text)  # "khachachachachach" -> "khachach"
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(1, 9):
            unit = [w.strip(".,।") for w in words[i:i + size]]
            count = 1
            while [w.strip(".,।") for w in words[i + count * size:i + (count + 1) * size]] == unit:
                count += 1
            if len(unit) == size and count >= times:
                out.extend(words[i:i + size])
                i += count * size
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


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
        english: WhisperSpeechToText | None = None,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.english = english  # an English-only model for the English a user mixes in, if installed
        self._suppress: dict[tuple[str, bool], list[int]] = {}
        self._turns = threading.Lock()  # one chunk at a time on the model, taken in turns
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
        """Load the model(s) now (a worker may call this at start so the first note does not wait)."""
        _ = self.model
        if self.english is not None:
            self.english.load()

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

    def suppressed_tokens(self, lang: str, latin: bool = True) -> list[int]:
        """Whisper's default suppressions (-1) and every token of another script than the language's
        own and Latin (and Latin too when `latin` is False), so Hindi comes out in Devanagari (or
        Latin), never in Urdu letters."""
        script = LANGUAGES[lang].script if lang in LANGUAGES else "Latn"
        latin = latin or script == "Latn"
        if (script, latin) not in self._suppress:
            tokenizer = getattr(self.model, "hf_tokenizer", None)
            vocabulary = tokenizer.get_vocab() if tokenizer is not None else {}
            self._suppress[script, latin] = [-1, *foreign_script_tokens(vocabulary, script, latin)]
        return self._suppress[script, latin]

    def _decode(self, audio: np.ndarray, lang: str, vocabulary: Sequence[str], latin: bool = True) -> tuple[str, float]:
        """(text, confidence) of the whole note, decoded in chunks of at most 30 s (Whisper's window)
        cut at the quietest moment near each end. Each chunk takes the model in turn, so a long
        note lets other shops' notes through between its chunks instead of holding the model."""
        heard: list[tuple[str, float, int]] = []
        for chunk in split_chunks(audio):
            with self._turns:
                text, confidence = self._decode_chunk(chunk, lang, vocabulary, latin)
            if text:
                heard.append((text, confidence, len(chunk)))
        if not heard:
            return "", 0.0
        total = sum(size for _, _, size in heard)
        return " ".join(t for t, _, _ in heard), sum(c * size for _, c, size in heard) / total

    def _decode_chunk(self, audio: np.ndarray, lang: str, vocabulary: Sequence[str], latin: bool) -> tuple[str, float]:
        """(text, confidence) in `lang`, prompted with the shop's words; decoded again without the
        prompt when what came out is the prompt read back (Whisper's way of hearing nothing clear)."""
        prompt = vocabulary_prompt(vocabulary, lang, latin=latin)
        text, confidence = self._decode_once(audio, lang, prompt, latin)
        if prompt and echoes_prompt(text, prompt):
            text, confidence = self._decode_once(audio, lang, None, latin)
        return text, confidence

    def _decode_once(self, audio: np.ndarray, lang: str, prompt: str | None, latin: bool) -> tuple[str, float]:
        """(text, confidence) of one beam search at temperature 0: the same note gives the same words,
        and a note costs one decode, not six. A loop (the same words over and over, Whisper's way of
        getting stuck) is cut by the token bound and collapsed to one saying."""
        try:
            segments, _info = self.model.transcribe(
                audio,
                language=lang,
                task="transcribe",
                beam_size=self.beam_size,
                temperature=0.0,
                max_new_tokens=min(220, 20 + int(_TOKENS_PER_SECOND * min(30.0, len(audio) / 16000))),
                initial_prompt=prompt,
                suppress_tokens=self.suppressed_tokens(lang, latin) if self.multilingual else [-1],
                condition_on_previous_text=False,
                vad_filter=False,
            )
            segments = list(segments)  # the generator does the work
        except Exception as exc:  # CTranslate2 and tokenizer errors have no common base
            raise TranscriptionFailed("failed", repr(exc)[:200], engine=self.engine) from exc
        spoken = [s for s in segments if s.text.strip() and s.no_speech_prob < 0.9]
        text = collapse_repeats(" ".join(s.text.strip() for s in spoken).strip())
        if not any(c.isalnum() for c in text):  # a lone danda or dots: nothing heard
            return "", 0.0
        weights = [max(s.end - s.start, 0.01) for s in spoken]
        mean_logprob = sum(s.avg_logprob * w for s, w in zip(spoken, weights, strict=True)) / sum(weights)
        return text, min(1.0, max(0.0, math.exp(mean_logprob)))

    def _english_instead(self, audio: np.ndarray, confidence: float, vocabulary: Sequence[str]) -> tuple[str, float]:
        """The English model's words when they are clearly surer than a doubtful first transcript."""
        if self.english is None or confidence >= FALLBACK_BELOW:
            return "", 0.0
        text, sure = self.english._decode(audio, "en", vocabulary)
        if text and sure >= ENGLISH_AT_LEAST and sure >= confidence + ENGLISH_MARGIN:
            return text, sure
        return "", 0.0

    def _heard(self, audio: np.ndarray, lang: str, vocabulary: Sequence[str], romanized: bool) -> tuple[str, float]:
        """(text, confidence) in the user's own letters first: a Hindi or Tamil user reads what was
        heard in Devanagari or Tamil, and the shop's Latin names no longer pull the words into Latin.
        A note that gives nothing sure that way is heard again with Latin letters allowed (a Hindi
        speaker's English words, romanized names), and the surer of the two is kept."""
        own = LANGUAGES[lang].script if lang in LANGUAGES else "Latn"
        if romanized or own == "Latn" or not self.multilingual:
            return self._decode(audio, lang, vocabulary, latin=True)
        text, confidence = self._decode(audio, lang, vocabulary, latin=False)
        if text and confidence >= FALLBACK_BELOW:
            return text, confidence
        mixed, sure = self._decode(audio, lang, vocabulary, latin=True)
        if mixed and (not text or sure > confidence):
            return mixed, sure
        return text, confidence

    def transcribe(
        self,
        clip: Clip,
        lang_hint: str | None = None,
        languages: Sequence[str] = (),
        vocabulary: Sequence[str] = (),
        *,
        vocabulary_key: str | None = None,
    ) -> Transcript:
        """`lang_hint` is the user's language, with "_Latn" for one who writes it in Latin letters
        ("hi_Latn", Hinglish): their transcript may then be in Latin letters from the start."""
        audio = clip_samples(clip)
        _ = self.model  # a missing model directory is an error, whichever model hears the note
        romanized = bool(lang_hint and lang_hint.endswith("_Latn"))
        wanted = self._choose_language(audio, lang_hint, languages)
        if wanted == "en" and self.english is not None:  # English is tiny.en's, which hears it best
            return self.english.transcribe(clip, "en", vocabulary=vocabulary, vocabulary_key=vocabulary_key)
        flags: list[str] = []
        decode_lang = wanted
        if not self.multilingual and wanted != "en":
            flags.append("model_english_only")
            decode_lang = "en"
        text, confidence = self._heard(audio, decode_lang, vocabulary, romanized)
        if decode_lang != "en":
            english, sure = self._english_instead(audio, confidence if text else 0.0, vocabulary)
            if english:
                return Transcript(text=english, lang="en", confidence=round(sure, 3), engine=self.engine,
                                  flags=("english_fallback",))  # fmt: skip
        if not text:
            raise TranscriptionFailed("no_speech", "nothing recognised", engine=self.engine)
        if not script_matches(text, wanted):
            flags.append("script_mismatch")
            confidence /= 2
        return Transcript(text=text, lang=wanted, confidence=round(confidence, 3), engine=self.engine, flags=tuple(flags))
