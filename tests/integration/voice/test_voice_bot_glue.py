"""bot.conversation.speech: voice notes to transcripts (or a refusal that names its message key), replies to stored
OGG/Opus voice notes — with real ffmpeg and espeak-ng, a recording fake for the speech-to-text engine."""

from __future__ import annotations

import io
import json
import random
import subprocess
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from prometheus_client import REGISTRY

from bot.app.services import build_speech
from bot.app.settings import Settings
from bot.conversation import speech
from bot.runtime.media_store import LocalMediaStore, MediaSigner
from voice import AudioRejected, Transcript, TranscriptionFailed, build_tts, default_whisper_model_dir
from voice.whisper import WhisperSpeechToText


@dataclass
class RecordingSTT:
    """Answers every clip with a fixed transcript (or raises), and remembers how it was asked."""

    answer: Transcript | Exception
    languages: tuple[str, ...] = ("hi", "en", "ta")
    engine: str = "fake"
    calls: list[dict] = field(default_factory=list)

    def transcribe(self, clip, lang_hint=None, languages=(), vocabulary=(), *, vocabulary_key=None):
        self.calls.append({"seconds": clip.seconds, "lang_hint": lang_hint, "languages": list(languages),
                           "vocabulary": list(vocabulary), "vocabulary_key": vocabulary_key})  # fmt: skip
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def services_with(tmp_path, stt=None, tts=None) -> SimpleNamespace:
    settings = Settings(data_dir=tmp_path, media_dir=tmp_path / "media", public_url="https://munshi.example.in")
    return SimpleNamespace(
        settings=settings, stt=stt, tts=tts or build_tts("espeak"),
        media_store=LocalMediaStore(tmp_path / "media"), media_signer=MediaSigner("secret", settings.public_url),
    )  # fmt: skip


@pytest.fixture(scope="module")
def voice_note() -> bytes:
    wav = subprocess.run(["espeak-ng", "-v", "en", "--stdout", "sold two kilo sugar to Ramesh on credit"],
                         capture_output=True, check=True).stdout  # fmt: skip
    return subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:0", "-c:a", "libopus", "-b:a", "16k", "-f", "ogg",
                           "pipe:1"], input=wav, capture_output=True, check=True).stdout  # fmt: skip


HEARD = Transcript("Ramesh ko do kilo cheeni udhaar", "hi", 0.91, "fake")


def test_a_voice_note_is_transcribed_with_the_users_language_and_the_shops_names(tmp_path, voice_note):
    stt = RecordingSTT(HEARD)

    transcript = speech.transcribe_audio(stt, voice_note, "audio/ogg", "hi", ["Ramesh Kumar", "ramesh", "Sugar", "Ramesh Kumar"],
        shop_lang="hi", shop_key="sharma-kirana",
    )  # fmt: skip

    assert transcript == HEARD
    [call] = stt.calls
    assert call["lang_hint"] == "hi" and call["languages"] == ["hi", "en"]
    assert call["vocabulary"] == ["Ramesh Kumar", "ramesh", "Sugar"] and call["vocabulary_key"] == "sharma-kirana"
    assert 1.5 < call["seconds"] < 4.0


def test_a_hinglish_user_is_heard_as_hindi_with_their_latin_letters(tmp_path, voice_note):
    stt = RecordingSTT(HEARD)

    speech.transcribe_audio(stt, voice_note, "audio/ogg", "hi_Latn", [], shop_lang="hi")

    assert stt.calls[0]["lang_hint"] == "hi_Latn" and stt.calls[0]["languages"] == ["hi", "en"]


def test_a_number_never_heard_from_is_heard_among_every_language_munshi_speaks(tmp_path, voice_note):
    stt = RecordingSTT(HEARD, languages=("en", "hi", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa"))

    speech.transcribe_audio(stt, voice_note, "audio/ogg", None, [])

    assert stt.calls[0]["lang_hint"] is None
    assert sorted(stt.calls[0]["languages"]) == sorted(["en", "hi", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa"])


def test_a_language_the_engine_cannot_hear_is_not_forced_on_it(tmp_path, voice_note):
    stt = RecordingSTT(Transcript("sold two kilo sugar", "en", 0.6, "fake"), languages=("en",))  # like tiny.en

    speech.transcribe_audio(stt, voice_note, "audio/ogg", "hi", [], shop_lang="hi")

    assert stt.calls[0]["lang_hint"] is None and stt.calls[0]["languages"] == ["en"]


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    return out.getvalue()


def ten_minutes() -> bytes:
    return subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=600:sample_rate=8000",
                           "-c:a", "libmp3lame", "-b:a", "8k", "-f", "mp3", "pipe:1"],
                          capture_output=True, check=True).stdout  # fmt: skip


@pytest.mark.parametrize(
    ("make", "reason"),
    [(lambda: b"", "empty"), (lambda: random.Random(2048).randbytes(2048), "corrupt"), (png_bytes, "unsupported"),
     (ten_minutes, "too_long")],  # fmt: skip
    ids=["zero bytes", "random bytes", "png named .ogg", "ten minutes"],
)
def test_bad_audio_is_refused_with_its_reason_before_the_engine_is_asked(tmp_path, make, reason):
    stt = RecordingSTT(HEARD)
    counted = {"outcome": reason, "engine": "fake"}
    before = REGISTRY.get_sample_value("munshi_voice_notes_total", counted) or 0

    with pytest.raises(AudioRejected) as rejected:
        speech.transcribe_audio(stt, make(), "audio/ogg", "hi", ["Sugar"])

    assert rejected.value.reason == reason  # the turn answers voice.<reason>
    assert stt.calls == []
    assert REGISTRY.get_sample_value("munshi_voice_notes_total", counted) == before + 1


@pytest.mark.parametrize(
    "answer",
    [TranscriptionFailed("timeout", engine="transcribe"), TranscriptionFailed("no_speech", engine="whisper"),
     Transcript("رمیش کو دو کلو چینی", "hi", 0.4, "whisper", flags=("script_mismatch",))],  # fmt: skip
    ids=["engine timed out", "nothing heard", "Hindi written as Urdu"],
)
def test_an_engine_that_could_not_hear_the_words_gives_not_understood(tmp_path, voice_note, answer):
    with pytest.raises(AudioRejected) as rejected:
        speech.transcribe_audio(RecordingSTT(answer), voice_note, "audio/ogg", "hi", [])

    assert rejected.value.reason == "not_understood"


def probe(data: bytes) -> dict:
    done = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "pipe:0"],
                          input=data, capture_output=True, check=True)  # fmt: skip
    return json.loads(done.stdout)["streams"][0]


def test_a_spoken_reply_is_stored_as_an_opus_voice_note_behind_a_signed_link(tmp_path):
    services = services_with(tmp_path)

    key, url = speech.speak_reply(services, "Ramesh Kumar ko 2 kg Sugar becha, ₹88 udhaar.", "hi")

    stored = services.media_store.get(key)
    assert key.endswith(".ogg") and stored.content_type == "audio/ogg"
    assert probe(stored.data)["codec_name"] == "opus" and len(stored.data) < 512 * 1024
    assert url.startswith("https://munshi.example.in/media/")
    assert services.media_signer.verify(url.rsplit("/", 1)[1]) == key


def test_the_voice_reply_does_not_read_back_what_was_heard(tmp_path):
    services = services_with(tmp_path, tts=RecordingTTS())
    ctx = SimpleNamespace(deps=services, lang="hi", voice_heard="Ramesh ko do kilo cheeni udhaar")

    reply = speech.voice_reply(ctx, "🎙️ Suna: Ramesh ko do kilo cheeni udhaar\nRamesh Kumar: ₹88 udhaar likha.")

    assert reply is not None and reply.media_type == "audio" and reply.media_key
    assert services.tts.said == [("Ramesh Kumar: ₹88 udhaar likha.", "hi")]


def test_a_reply_that_cannot_be_spoken_leaves_the_text_alone(tmp_path):
    ctx = SimpleNamespace(deps=services_with(tmp_path), lang="hi")

    assert speech.voice_reply(ctx, "🎙️ ✅") is None  # nothing speakable: no voice note, no error


@dataclass
class RecordingTTS:
    engine: str = "recording"
    languages: tuple[str, ...] = ("hi", "en")
    said: list[tuple[str, str]] = field(default_factory=list)

    def synthesize(self, text: str, lang: str):
        self.said.append((text, lang))
        return build_tts("espeak").synthesize(text, lang)


def test_settings_choose_the_engines_and_nothing_loads_before_the_first_note(tmp_path):
    offline = Settings(data_dir=tmp_path, stt_engine="whisper", tts_engine="espeak")
    stt, tts = build_speech(offline)
    assert isinstance(stt, WhisperSpeechToText) and stt._model is None
    assert tts.engine == "espeak"

    cloud = Settings(data_dir=tmp_path, stt_engine="transcribe", transcribe_bucket="munshi-voice", tts_engine="polly")
    stt, tts = build_speech(cloud)
    assert (stt.engine, stt.bucket, stt.max_wait_seconds) == ("transcribe", "munshi-voice", 60.0)
    assert (tts.engine, tts.voice_id) == ("polly", "Kajal")
    standard = cloud.model_copy(update={"polly_voice_engine": "standard", "transcribe_max_wait_seconds": 30.0})
    stt, tts = build_speech(standard)
    assert (stt.max_wait_seconds, tts.voice_id) == (30.0, "Aditi")


@pytest.mark.skipif(default_whisper_model_dir() is None, reason="no Whisper model installed")
def test_warming_up_loads_the_whisper_model_before_the_first_note(tmp_path):
    stt, tts = build_speech(Settings(data_dir=tmp_path))
    services = services_with(tmp_path, stt=stt, tts=tts)

    speech.warm_up(services.stt).join(timeout=120)

    assert stt._model is not None
    assert speech.warm_up(RecordingSTT(HEARD)) is None  # nothing to load


def test_the_turns_voice_note_is_heard_with_the_shops_names_and_a_retry_reuses_the_transcript(
    tmp_path, voice_note, session_factory
):
    from bot.app.services import MemoryCache
    from bot.conversation.messages import InboundMedia, InboundMessage
    from bot.conversation.turn import resolve_sender
    from tests.integration.bot.turn_fixtures import NOW, SHARMA_OWNER, seed_demo_shops

    seed_demo_shops(session_factory)
    user, shop = resolve_sender(session_factory, SHARMA_OWNER)
    stt = RecordingSTT(HEARD)
    services = services_with(tmp_path, stt)
    services.cache, services.session_factory = MemoryCache(), session_factory
    inbound = InboundMessage(id=7, channel="twilio", provider_message_id="SM" + "7" * 32, from_phone=SHARMA_OWNER,
                             received_at=NOW, media=[InboundMedia(url="x", content_type="audio/ogg")],
                             media_bytes=[voice_note])  # fmt: skip

    def turn_context():
        return SimpleNamespace(deps=services, inbound=inbound, user=user, shop=shop, lang="hi",
                               session_factory=session_factory, voice_heard=None)  # fmt: skip

    first, retry = turn_context(), turn_context()
    assert speech.transcribe_inbound(first, 0) == HEARD
    assert speech.transcribe_inbound(retry, 0) == HEARD  # the worker retried the turn

    assert len(stt.calls) == 1  # heard once, paid once
    [call] = stt.calls
    assert call["vocabulary_key"] == "sharma-kirana" and call["lang_hint"] == "hi"
    assert {"Ramesh Kumar", "ramesh", "Sugar", "cheeni"} <= set(call["vocabulary"])
    assert call["vocabulary"].index("Ramesh Kumar") < call["vocabulary"].index("Sugar")  # parties first
    assert first.voice_heard == retry.voice_heard == HEARD.text
