"""Media sent with a generic content type (application/octet-stream, curl's default) is typed by its bytes."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image

from bot.conversation.messages import InboundMedia
from bot.runtime.media_fetch import MediaRejected, recognised, sniff_content_type


def _ffmpeg(fmt: str, codec: str) -> bytes:
    return subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=0.3:sample_rate=16000",
                           "-c:a", codec, "-f", fmt, "pipe:1"], capture_output=True, check=True).stdout  # fmt: skip


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(("make", "expected"), [
    (lambda: _ffmpeg("ogg", "libopus"), "audio/ogg"),
    (lambda: _ffmpeg("mp3", "libmp3lame"), "audio/mpeg"),
    (lambda: _ffmpeg("wav", "pcm_s16le"), "audio/wav"),
    (lambda: _ffmpeg("adts", "aac"), "audio/aac"),
    (lambda: b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "audio/mp4"),  # an iPhone's M4A header
    (lambda: b"#!AMR\n\x3c", "audio/amr"),
    (lambda: _image("PNG"), "image/png"),
    (lambda: _image("JPEG"), "image/jpeg"),
    (lambda: _image("WEBP"), "image/webp"),
    (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
])  # fmt: skip
def test_real_files_are_recognised_by_their_bytes(make, expected):
    assert sniff_content_type(make()) == expected


def test_octet_stream_media_takes_the_type_its_bytes_show():
    media = InboundMedia(url="media:x", content_type="application/octet-stream")
    typed = recognised(media, _ffmpeg("ogg", "libopus"))
    assert (typed.content_type, typed.kind) == ("audio/ogg", "audio")
    assert recognised(media, _image("PNG")).kind == "image"


def test_a_declared_type_is_kept_and_unknown_bytes_are_refused():
    declared = InboundMedia(url="media:x", content_type="audio/ogg")
    assert recognised(declared, _image("PNG")) is declared  # refused later as a voice note, not a photo
    with pytest.raises(MediaRejected) as refused:
        recognised(InboundMedia(url="media:x", content_type="application/octet-stream"), b"just some text")
    assert refused.value.reason == "unsupported"
