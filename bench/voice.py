"""Voice benchmark on this machine: a typical 5-second voice note and a 20-word reply.

Prints, as the median of --runs runs: OGG/Opus -> 16 kHz WAV conversion, faster-whisper speech-to-text
(real-time factor = seconds of compute per second of audio) on the local model, espeak-ng
text-to-speech for a 20-word reply (Hindi and English) and its OGG/Opus encoding, and a whole voice
turn through the real TurnHandler on SQLite (the demo shop: the note heard, parsed, a credit sale
booked, the reply rendered and spoken). With --accuracy, also the word error rate of eight espeak-ng
sentences with and without the shop's names in Whisper's prompt. Amazon Transcribe and Polly are
network services, not measured.

    python bench/voice.py [--runs 5] [--beam 5] [--threads 0] [--model DIR] [--accuracy]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import logging
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from voice import build_stt, build_tts, default_whisper_model_dir, to_ogg_opus, to_wav16k  # noqa: E402

NOTE_TEXT = "sold two kilo sugar and one packet of tea to Ramesh on credit, and rice to Suresh"  # about 5 s
REPLY = {
    "en": "Sold two kilo Sugar to Ramesh Kumar on credit for ₹88. His balance is now ₹2,45,000. Say undo to cancel.",
    "hi": "रमेश कुमार को दो किलो चीनी ₹88 में उधार बेची। अब उनका कुल बाकी ₹2,45,000 है। रद्द करने के लिए undo लिखें।",
}
NAMES = ["Ramesh Kumar", "Suresh Yadav", "Geeta Devi", "Mohammed Irfan", "Sugar", "Rice", "Wheat Atta", "Tea"]
GOAL_SECONDS = 3.0
SENTENCES = (
    "sold two kilo sugar to Ramesh on credit",
    "sold two kilo sugar and one packet of tea to Ramesh on credit, and rice to Suresh",
    "Geeta Devi paid five hundred rupees",
    "how much does Mohammed Irfan owe",
    "bought ten kilo wheat atta from Gupta Traders",
    "what is the stock of basmati rice",
    "electricity bill two thousand rupees paid in cash",
    "undo the last entry",
)
DEMO_SHOP = Path(__file__).resolve().parents[2] / "shared" / "demo" / "sharma-kirana"


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9 ]", " ", text.lower()).split()


def word_error_rate(truth: str, heard: str) -> float:
    """Edit distance between the word lists over the number of words said."""
    said, got = _words(truth), _words(heard)
    row = list(range(len(got) + 1))
    for i, word in enumerate(said, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(got, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1] / max(1, len(said))


def demo_names() -> list[str]:
    """The demo shop's parties and items with their aliases, in the order bot.speech passes them."""
    names: list[str] = []
    for table in ("parties.csv", "catalog.csv"):
        for row in csv.DictReader((DEMO_SHOP / table).open(encoding="utf-8")):
            names.append(row["name"])
            names.extend(a for a in row["aliases"].split("|") if a)
    return names


def accuracy(stt) -> None:
    names = demo_names() if DEMO_SHOP.exists() else list(NAMES)
    clips = []
    for sentence in SENTENCES:
        wav = subprocess.run(["espeak-ng", "-v", "en", "--stdout", sentence], capture_output=True, check=True).stdout
        clips.append(to_wav16k(wav, "audio/wav"))
    for label, vocabulary in (("no prompt", []), (f"prompt with the shop's {len(names)} names", names)):
        rates = [word_error_rate(s, stt.transcribe(c, lang_hint="en", vocabulary=vocabulary).text)
                 for s, c in zip(SENTENCES, clips, strict=True)]  # fmt: skip
        print(f"  word error rate, {len(SENTENCES)} espeak-ng sentences, {label}: {statistics.mean(rates):.2f}")


def timed(fn, runs: int):
    """(median seconds, last result) over `runs` calls."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def voice_note() -> bytes:
    """What WhatsApp sends: an OGG/Opus note (48 kHz mono, 16 kbps) of about five seconds."""
    wav = subprocess.run(["espeak-ng", "-v", "en", "--stdout", NOTE_TEXT], capture_output=True, check=True).stdout
    return subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-c:a", "libopus", "-b:a", "16k", "-ar", "48000", "-ac", "1",
         "-f", "ogg", "pipe:1"],
        input=wav, capture_output=True, check=True,
    ).stdout  # fmt: skip


def whole_turn(note: bytes, runs: int, data_dir: Path) -> tuple[float, list[str]]:
    """Median seconds of TurnHandler.handle for the voice note (model already loaded), and the replies."""
    import structlog

    from bot.messages import InboundMedia, InboundMessage
    from bot.ratelimit import MemoryRateLimiter
    from bot.services import build_services
    from bot.settings import Settings
    from domain.demo.load import load_demo
    from domain.store.migrate import upgrade

    logging.disable(logging.INFO)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    url = f"sqlite:///{data_dir}/bench-voice.db"
    upgrade(url)
    settings = Settings(database_url=url, data_dir=data_dir, media_dir=data_dir / "media", redis_url=None,
                        log_level="WARNING")  # fmt: skip
    services = build_services(settings, rate_limiter=MemoryRateLimiter(10**9))
    load_demo(services.session_factory, today=date.today())
    ids = itertools.count(1)

    def turn() -> list:
        n = next(ids)
        inbound = InboundMessage(
            id=n, channel="web", provider_message_id=f"bench-voice-{n}", from_phone="+919415000001",
            received_at=datetime.now(UTC), media=[InboundMedia(url="bench", content_type="audio/ogg", voice=True)],
            media_bytes=[note],
        )  # fmt: skip
        return services.turn.handle(services, inbound)

    turn()  # loads the model and warms the caches
    seconds, replies = timed(turn, runs)
    services.close()
    return seconds, [r.text or f"[{r.media_type} {r.media_key}]" for r in replies]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--beam", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 CPU threads (0: its default)")
    parser.add_argument("--model", default=None, help="faster-whisper model directory (default: the shipped tiny.en)")
    parser.add_argument("--accuracy", action="store_true", help="also the word error rate with and without the prompt")
    args = parser.parse_args()

    note = voice_note()
    convert_s, clip = timed(lambda: to_wav16k(note, "audio/ogg"), args.runs)
    print(f"voice note: {clip.source_seconds:.2f} s of OGG/Opus ({len(note) / 1024:.1f} KB), {clip.seconds:.2f} s "
          "after trimming silence")  # fmt: skip
    print(f"  ogg/opus -> 16 kHz wav:        {convert_s * 1000:7.0f} ms")

    stt_s = None
    model_dir = args.model or default_whisper_model_dir()
    if model_dir is None:
        print("  speech-to-text: no Whisper model installed (set MUNSHI_WHISPER_MODEL); skipped")
    else:
        stt = build_stt("whisper", model_dir=model_dir, beam_size=args.beam, cpu_threads=args.threads)
        started = time.perf_counter()
        first = stt.transcribe(clip, lang_hint="en", vocabulary=NAMES)
        cold = time.perf_counter() - started
        stt_s, transcript = timed(lambda: stt.transcribe(clip, lang_hint="en", vocabulary=NAMES), args.runs)
        print(f"  whisper ({Path(model_dir).name}, {stt.compute_type}, beam {args.beam}): first call with model load "
              f"{cold:.2f} s")  # fmt: skip
        print(f"  whisper speech-to-text:        {stt_s * 1000:7.0f} ms   real-time factor "
              f"{stt_s / clip.seconds:.3f}")  # fmt: skip
        print(f"    heard: {transcript.text!r} (confidence {transcript.confidence:.2f}; first: {first.text!r})")
        if args.accuracy:
            accuracy(stt)

    tts = build_tts("espeak")
    worst_reply = 0.0
    for lang, text in REPLY.items():
        words = len(text.split())
        tts_s, speech = timed(lambda lang=lang, text=text: tts.synthesize(text, lang), args.runs)
        ogg_s, ogg = timed(lambda speech=speech: to_ogg_opus(speech), args.runs)
        print(f"  espeak-ng {lang} reply ({words} words): {tts_s * 1000:5.0f} ms   + ogg/opus {ogg_s * 1000:4.0f} ms  "
              f"-> {len(ogg) / 1024:.1f} KB voice note")  # fmt: skip
        worst_reply = max(worst_reply, tts_s + ogg_s)

    if stt_s is not None:
        total = convert_s + stt_s + worst_reply
        print(f"speech part of a voice turn (convert + STT + TTS + encode): {total:.2f} s")
        with tempfile.TemporaryDirectory() as tmp:
            turn_s, replies = whole_turn(note, args.runs, Path(tmp))
        verdict = "within" if turn_s < GOAL_SECONDS else "OVER"
        print(f"whole voice turn (TurnHandler, SQLite, demo shop): {turn_s:.2f} s — {verdict} the "
              f"{GOAL_SECONDS:.0f} s goal")  # fmt: skip
        for text in replies:
            print("    reply: " + text.replace("\n", " / "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
