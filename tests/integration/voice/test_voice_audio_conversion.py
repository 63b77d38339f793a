"""Audio conversion with the real ffmpeg, ffprobe, espeak-ng and sox on audio made in the test."""

from __future__ import annotations

import io
import json
import random
import subprocess
import wave
from pathlib import Path

import pytest

from voice import AudioRejected, to_ogg_opus, to_wav16k

SENTENCE = "sold two kilo sugar to Ramesh on credit"


def run(*args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


def ffprobe(data: bytes, tmp_path: Path) -> dict:
    path = tmp_path / "probe.bin"
    path.write_bytes(data)
    info = json.loads(run("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", str(path)))
    return info["streams"][0] | {"format_name": info["format"]["format_name"], "size": int(info["format"]["size"])}


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("speech") / "speech.wav"
    run("espeak-ng", "-v", "en", "-w", str(path), SENTENCE)
    return path


def encode(source: Path, target: Path, *codec: str) -> bytes:
    run("ffmpeg", "-v", "error", "-y", "-i", str(source), *codec, str(target))
    return target.read_bytes()


@pytest.fixture(scope="module")
def whatsapp_formats(speech_wav: Path) -> dict[str, tuple[bytes, str]]:
    folder = speech_wav.parent
    amr = folder / "note.amr"
    run("sox", str(speech_wav), "-r", "8000", "-c", "1", "-t", "amr-nb", str(amr))
    return {
        "ogg/opus voice note": (encode(speech_wav, folder / "note.ogg", "-c:a", "libopus", "-b:a", "16k",
                                       "-ar", "48000", "-ac", "1"), "audio/ogg; codecs=opus"),  # fmt: skip
        "amr": (amr.read_bytes(), "audio/amr"),
        "mp3": (encode(speech_wav, folder / "note.mp3"), "audio/mpeg"),
        "m4a": (encode(speech_wav, folder / "note.m4a", "-c:a", "aac"), "audio/mp4"),
        "wav 22 kHz": (speech_wav.read_bytes(), "audio/wav"),
        "stereo 44.1 kHz wav": (encode(speech_wav, folder / "stereo.wav", "-ac", "2", "-ar", "44100"), "audio/x-wav"),
    }


@pytest.mark.parametrize("name", ["ogg/opus voice note", "amr", "mp3", "m4a", "wav 22 kHz", "stereo 44.1 kHz wav"])
def test_whatsapp_audio_becomes_16k_mono_16bit_wav(name, whatsapp_formats, tmp_path):
    data, content_type = whatsapp_formats[name]

    clip = to_wav16k(data, content_type)

    probed = ffprobe(clip.wav, tmp_path)
    assert (probed["codec_name"], probed["sample_rate"], probed["channels"]) == ("pcm_s16le", "16000", 1)
    with wave.open(io.BytesIO(clip.wav)) as reader:
        assert (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (16000, 1, 2)
        assert reader.getnframes() / 16000 == pytest.approx(clip.seconds, abs=0.01)
    assert 1.5 < clip.seconds < 4.0


def test_silence_around_the_words_is_trimmed(speech_wav, tmp_path):
    padded = tmp_path / "padded.wav"
    run("sox", str(speech_wav), str(padded), "pad", "3", "4")  # 3 s before, 4 s after

    clip = to_wav16k(padded.read_bytes(), "audio/wav")

    assert clip.source_seconds > 9.0
    assert clip.seconds < clip.source_seconds - 6.0
    assert clip.seconds > 1.5  # the words themselves are kept


def test_zero_bytes_are_rejected_as_empty():
    with pytest.raises(AudioRejected) as rejected:
        to_wav16k(b"", "audio/ogg")
    assert rejected.value.reason == "empty"


def test_random_bytes_are_rejected_as_corrupt():
    with pytest.raises(AudioRejected) as rejected:
        to_wav16k(random.Random(4096).randbytes(4096), "audio/ogg")
    assert rejected.value.reason == "corrupt"


def test_a_truncated_voice_note_is_rejected_as_corrupt(whatsapp_formats):
    data, content_type = whatsapp_formats["ogg/opus voice note"]
    with pytest.raises(AudioRejected) as rejected:
        to_wav16k(data[:60], content_type)
    assert rejected.value.reason in ("corrupt", "empty")


def test_a_png_named_ogg_is_rejected_as_not_audio(tmp_path):
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(image, format="PNG")

    with pytest.raises(AudioRejected) as rejected:
        to_wav16k(image.getvalue(), "audio/ogg")
    assert rejected.value.reason == "unsupported"


def test_a_video_without_sound_is_rejected_as_not_audio(tmp_path):
    silent_video = tmp_path / "clip.mkv"
    run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=5", "-c:v", "mjpeg",
        str(silent_video))  # fmt: skip

    with pytest.raises(AudioRejected) as rejected:
        to_wav16k(silent_video.read_bytes(), "application/octet-stream")
    assert rejected.value.reason == "unsupported"


def test_a_ten_minute_recording_is_rejected_as_too_long(tmp_path):
    long_note = tmp_path / "long.mp3"
    run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=600:sample_rate=8000",
        "-c:a", "libmp3lame", "-b:a", "8k", "-ac", "1", str(long_note))  # fmt: skip

    with pytest.raises(AudioRejected) as rejected:
        to_wav16k(long_note.read_bytes(), "audio/mpeg")
    assert rejected.value.reason == "too_long"
    assert rejected.value.seconds == pytest.approx(600, abs=1)


def test_a_note_of_only_silence_is_rejected_as_empty(tmp_path):
    hush = tmp_path / "hush.wav"
    run("sox", "-n", "-r", "16000", "-c", "1", str(hush), "trim", "0", "5")

    with pytest.raises(AudioRejected) as rejected:
        to_wav16k(hush.read_bytes(), "audio/wav")
    assert rejected.value.reason == "empty"


def test_reply_speech_becomes_an_opus_voice_note_whatsapp_plays(speech_wav, tmp_path):
    note = to_ogg_opus(speech_wav.read_bytes())

    probed = ffprobe(note, tmp_path)
    assert probed["codec_name"] == "opus"  # not Vorbis, which pydub's "ogg" would give
    assert probed["format_name"] == "ogg"
    assert (probed["sample_rate"], probed["channels"]) == ("48000", 1)
    assert len(note) < 512 * 1024


@pytest.mark.slow
def test_a_long_reply_drops_to_24_kbps_to_stay_under_512_kb(tmp_path):
    speech = tmp_path / "long.wav"
    run("sox", "-n", "-r", "22050", "-c", "1", str(speech), "synth", "150", "pinknoise", "vol", "0.3")

    note = to_ogg_opus(speech.read_bytes())

    probed = ffprobe(note, tmp_path)
    assert probed["codec_name"] == "opus"
    assert len(note) < 512 * 1024
    assert float(probed["duration"]) == pytest.approx(150, abs=1)


@pytest.mark.slow
def test_a_reply_too_long_for_a_voice_note_is_refused(tmp_path):
    speech = tmp_path / "lecture.wav"
    run("sox", "-n", "-r", "22050", "-c", "1", str(speech), "synth", "240", "pinknoise", "vol", "0.3")

    with pytest.raises(AudioRejected) as rejected:
        to_ogg_opus(speech.read_bytes())
    assert rejected.value.reason == "too_long"


def test_undecodable_reply_audio_is_refused_as_corrupt():
    with pytest.raises(AudioRejected) as rejected:
        to_ogg_opus(b"not audio at all" * 10)
    assert rejected.value.reason == "corrupt"
