"""The Whisper adapter's rules around the model: language choice, prompt, script check (a fake model)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from voice_clips import make_clip

from voice import TranscriptionFailed, build_stt
from voice.whisper import WhisperSpeechToText, vocabulary_prompt


@dataclass
class Segment:
    text: str
    start: float = 0.0
    end: float = 1.0
    avg_logprob: float = -0.1
    no_speech_prob: float = 0.01


@dataclass
class FakeWhisperModel:
    """Answers like faster_whisper.WhisperModel: a lazy generator of segments and an info object."""

    segments: list[Segment]
    multilingual: bool = True
    detected: list[tuple[str, float]] = field(default_factory=list)
    calls: list[dict] = field(default_factory=list)

    @property
    def model(self):
        return SimpleNamespace(is_multilingual=self.multilingual)

    def transcribe(self, audio, **options):
        self.calls.append(options)
        return (s for s in self.segments), SimpleNamespace(language=options["language"])

    def detect_language(self, audio):
        best = max(self.detected, key=lambda pair: pair[1])
        return best[0], best[1], self.detected


def stt_with(model: FakeWhisperModel) -> WhisperSpeechToText:
    return WhisperSpeechToText("/nonexistent", model=model)


def test_hindi_written_in_urdu_letters_is_flagged_and_half_as_confident():
    model = FakeWhisperModel([Segment("رمیش کو دو کلو چینی")])

    transcript = stt_with(model).transcribe(make_clip(), lang_hint="hi")

    assert transcript.flags == ("script_mismatch",)
    assert transcript.confidence == pytest.approx(0.452, abs=0.001)  # exp(-0.1) / 2
    assert model.calls[0]["language"] == "hi"


def test_hindi_in_devanagari_or_romanized_passes_the_script_check():
    for text in ("रमेश को दो किलो चीनी", "Ramesh ko do kilo cheeni"):
        transcript = stt_with(FakeWhisperModel([Segment(text)])).transcribe(make_clip(), lang_hint="hi")
        assert (transcript.text, transcript.flags) == (text, ())


def test_without_a_hint_the_language_is_chosen_among_the_shop_languages_only():
    # Whisper's favourite is Urdu, which the shop does not speak: Hindi is the best of its own
    model = FakeWhisperModel([Segment("रमेश को चीनी")], detected=[("ur", 0.6), ("hi", 0.3), ("en", 0.1)])

    transcript = stt_with(model).transcribe(make_clip(), languages=["en", "hi"])

    assert transcript.lang == "hi"
    assert model.calls[0]["language"] == "hi"


def test_an_english_only_model_transcribes_english_and_flags_other_languages():
    model = FakeWhisperModel([Segment("Ramesh two kilo sugar")], multilingual=False)
    stt = stt_with(model)

    transcript = stt.transcribe(make_clip(), lang_hint="hi")

    assert stt.languages == ("en",)
    assert model.calls[0]["language"] == "en"
    assert transcript.flags == ("model_english_only",)


def test_silence_and_hallucinated_segments_raise_no_speech():
    model = FakeWhisperModel([Segment("  "), Segment("Thank you.", no_speech_prob=0.95)])

    with pytest.raises(TranscriptionFailed) as failed:
        stt_with(model).transcribe(make_clip(), lang_hint="en")

    assert failed.value.reason == "no_speech"


def test_the_prompt_carries_trade_words_and_the_shop_names_within_its_limit():
    model = FakeWhisperModel([Segment("Sold two kilo sugar to Ramesh on credit.")])

    stt_with(model).transcribe(make_clip(), lang_hint="en", vocabulary=["Ramesh Kumar", "Sugar", "sugar", "  "])

    assert model.calls[0]["initial_prompt"] == "Sold and bought, on credit or cash. Ramesh Kumar, Sugar."
    long = vocabulary_prompt([f"Item number {i}" for i in range(100)], "hi", limit=120)
    assert long.startswith("बेचा, खरीदा") and len(long) <= 121
    assert vocabulary_prompt([], "en") is None


def test_a_missing_model_directory_is_a_clear_error(tmp_path):
    stt = build_stt("whisper", model_dir=tmp_path)

    with pytest.raises(FileNotFoundError, match="model.bin"):
        stt.transcribe(make_clip(), lang_hint="en")
    with pytest.raises(ValueError, match="engine"):
        build_stt("vosk")
