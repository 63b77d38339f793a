"""Audio in and out: WhatsApp audio -> 16 kHz mono WAV; reply speech -> an OGG/Opus voice note.

`to_wav16k` takes OGG/Opus, AMR, MP3, M4A, WAV, trims silence and refuses (`AudioRejected`) what is
empty, corrupt, not audio or over two minutes; `to_ogg_opus` makes libopus 48 kHz mono at 32/24 kbps
under 512 KB. ffprobe classifies, ffmpeg decodes and encodes, pydub measures and trims the PCM.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from pydub import AudioSegment
from pydub.silence import detect_leading_silence

from voice.errors import AudioRejected

SAMPLE_RATE = 16_000
MAX_SECONDS = 120.0
_LENGTH_TOLERANCE = 0.5  # a "2:00" note is often 120.04 s long
MAX_VOICE_NOTE_BYTES = 512 * 1024  # above this WhatsApp shows a file, not a playable voice note
_SILENCE_FLOOR_DBFS = -55.0  # a clip whose loudest sample is below this holds no speech
_TRIM_BELOW_PEAK_DB = 35.0
_KEEP_SILENCE_MS = 200
_MIN_SPEECH_MS = 250

# Signatures of files that are plainly not audio: an image or a document sent as a voice note.
_NOT_AUDIO = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
)
_NOT_AUDIO_TYPES = ("image/", "text/", "application/pdf", "application/zip")


@dataclass(frozen=True)
class Clip:
    """A voice note ready for speech-to-text: a 16 kHz mono 16-bit WAV file, silence trimmed."""

    wav: bytes
    seconds: float  # after trimming
    source_seconds: float  # as received
    source_codec: str = ""

    content_type = "audio/wav"
    sample_rate = SAMPLE_RATE


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(f"{tool} is not installed (Debian package ffmpeg; see the Makefile's APT_PACKAGES)")
    return path


def _run(args: list[str], data: bytes | None = None, timeout: float = 60.0) -> subprocess.CompletedProcess:
    """Run ffmpeg/ffprobe; a run that hangs past `timeout` counts as a failed one (exit status 124)."""
    try:
        return subprocess.run(args, input=data, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, b"", f"timed out after {timeout:.0f} s".encode())


def probe(path: str) -> dict:
    """ffprobe's JSON for one file; raises AudioRejected("corrupt") when ffprobe cannot read it."""
    done = _run([_require("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path])
    if done.returncode != 0:
        raise AudioRejected("corrupt", done.stderr.decode(errors="replace").strip()[:200])
    return json.loads(done.stdout or b"{}")


def _sniff_not_audio(data: bytes, content_type: str | None) -> str | None:
    for magic, kind in _NOT_AUDIO:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    main = (content_type or "").split(";", 1)[0].strip().lower()
    if main.startswith(_NOT_AUDIO_TYPES):
        return main
    return None


def _seconds(info: dict, stream: dict) -> float | None:
    for source in (info.get("format") or {}, stream):
        try:
            value = float(source.get("duration") or 0)
        except (TypeError, ValueError):
            continue
        if value > 0:
            return value
    return None


def _trim_silence(segment: AudioSegment) -> AudioSegment:
    if segment.max_dBFS < _SILENCE_FLOOR_DBFS:  # includes digital silence (-inf)
        raise AudioRejected("empty", "no sound above the noise floor", seconds=len(segment) / 1000)
    threshold = max(segment.max_dBFS - _TRIM_BELOW_PEAK_DB, _SILENCE_FLOOR_DBFS)
    start = detect_leading_silence(segment, silence_threshold=threshold, chunk_size=10)
    end = len(segment) - detect_leading_silence(segment.reverse(), silence_threshold=threshold, chunk_size=10)
    if end - start < _MIN_SPEECH_MS:
        raise AudioRejected("empty", "no speech longer than a blip", seconds=len(segment) / 1000)
    return segment[max(0, start - _KEEP_SILENCE_MS) : min(len(segment), end + _KEEP_SILENCE_MS)]


def to_wav16k(data: bytes, content_type: str | None = None, *, max_seconds: float = MAX_SECONDS) -> Clip:
    """Decode a received voice note to 16 kHz mono s16 WAV with silence trimmed.

    Raises AudioRejected with reason "empty" (no bytes, or no sound), "unsupported" (an image or a
    document, or a file with no audio stream), "corrupt" (ffmpeg cannot read it) or "too_long".
    """
    if not data:
        raise AudioRejected("empty", "zero bytes")
    kind = _sniff_not_audio(data, content_type)
    if kind:
        raise AudioRejected("unsupported", f"not audio: {kind}")
    with tempfile.TemporaryDirectory(prefix="munshi-voice-") as tmp:
        path = os.path.join(tmp, "in")
        with open(path, "wb") as fh:
            fh.write(data)
        info = probe(path)
        audio = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
        if not audio:
            kinds = sorted({str(s.get("codec_name")) for s in info.get("streams", [])})
            raise AudioRejected("unsupported", f"no audio stream ({', '.join(kinds) or 'none'})")
        stream = audio[0]
        source_seconds = _seconds(info, stream)
        if source_seconds is not None and source_seconds > max_seconds + _LENGTH_TOLERANCE:
            raise AudioRejected("too_long", f"{source_seconds:.1f} s", seconds=source_seconds)
        done = _run(
            [_require("ffmpeg"), "-v", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-vn",
             "-t", str(max_seconds + 1), "-ac", "1", "-ar", str(SAMPLE_RATE), "-sample_fmt", "s16",
             "-c:a", "pcm_s16le", "-f", "wav", "pipe:1"]
        )  # fmt: skip
    if done.returncode != 0 or len(done.stdout) <= 44:
        raise AudioRejected("corrupt", done.stderr.decode(errors="replace").strip()[:200])
    segment = AudioSegment.from_wav(io.BytesIO(done.stdout))
    decoded_seconds = len(segment) / 1000
    if source_seconds is None and decoded_seconds > max_seconds + _LENGTH_TOLERANCE:
        raise AudioRejected("too_long", f"over {max_seconds:.0f} s", seconds=decoded_seconds)
    trimmed = _trim_silence(segment)
    out = io.BytesIO()
    trimmed.export(out, format="wav")
    return Clip(
        wav=out.getvalue(),
        seconds=len(trimmed) / 1000,
        source_seconds=source_seconds or decoded_seconds,
        source_codec=str(stream.get("codec_name") or ""),
    )


def to_ogg_opus(audio, *, max_bytes: int = MAX_VOICE_NOTE_BYTES) -> bytes:
    """Encode speech (bytes in any format ffmpeg reads from a pipe — WAV, MP3, OGG — or anything with
    an `.audio` attribute such as `voice.Speech`) as an OGG/Opus voice note: libopus, 48 kHz mono,
    32 kbps, or 24 kbps when 32 would not fit (replies past about two minutes). One ffmpeg pass.

    Raises AudioRejected("corrupt") for undecodable input and ("too_long") when even at 24 kbps the
    note would not fit in `max_bytes` (WhatsApp's 512 KB voice note limit).
    """
    data = getattr(audio, "audio", audio)
    if not data:
        raise AudioRejected("empty", "no speech audio")
    for bitrate in ("32k", "24k"):
        done = _run(
            [_require("ffmpeg"), "-v", "error", "-nostdin", "-i", "pipe:0", "-vn", "-c:a", "libopus",
             "-b:a", bitrate, "-ar", "48000", "-ac", "1", "-application", "voip", "-f", "ogg", "pipe:1"],
            data,
        )  # fmt: skip
        if done.returncode != 0 or len(done.stdout) < 100:
            raise AudioRejected("corrupt", done.stderr.decode(errors="replace").strip()[:200])
        if len(done.stdout) < max_bytes:
            return done.stdout
    raise AudioRejected("too_long", f"{len(done.stdout) // 1024} KB even at 24 kbps; a voice note must stay under "
                                    f"{max_bytes // 1024} KB")  # fmt: skip
