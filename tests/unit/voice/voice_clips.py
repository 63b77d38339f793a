"""A tiny 16 kHz clip made without ffmpeg, for the voice unit tests."""

from __future__ import annotations

import io
import math
import struct
import wave

from voice import Clip


def make_clip(seconds: float = 1.0, freq: float = 440.0) -> Clip:
    frames = int(16000 * seconds)
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        writer.writeframes(
            b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / 16000))) for i in range(frames))
        )
    return Clip(wav=out.getvalue(), seconds=seconds, source_seconds=seconds, source_codec="pcm_s16le")
