"""Voice benchmark: how well and how fast Munshi hears Hindi, Tamil and English voice notes offline.

Prints per language the word and character error rates and the share of spoken quantities heard
right, over the speech it is given; each step's time for a 5-second Hindi note (convert, transcribe,
understand, speak, encode) and the whole turn through the real TurnHandler on SQLite (the demo
shop: heard, parsed, booked or asked back, replied, spoken); and the process's peak memory.

Speech: `--speech DIR` takes recordings as DIR/<lang>/<name>.{wav,ogg,opus,mp3,m4a,flac} beside
<name>.txt (what was said). Without it the sentences below are spoken by espeak-ng, and the Hindi
ones by festival's Hindi diphone voice too: SYNTHETIC speech, so the figures are then a smoke
test, not the accuracy on people's voices.

    python bench/voice.py [--speech DIR | --sentences FILE.jsonl] [--runs 3] [--threads 2] [--model DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from voice import build_stt, build_tts, to_ogg_opus, to_wav16k  # noqa: E402

GOAL_SECONDS = 3.0
GOAL_MEMORY_MB = 1536
DEMO_SHOP = Path(__file__).resolve().parents[2] / "shared" / "demo" / "sharma-kirana"
SENTENCES = {
    "hi": (
        "रमेश को दो किलो चीनी उधार दी",
        "गीता देवी ने पाँच सौ रुपये जमा किए",
        "गुप्ता ट्रेडर्स से दस किलो आटा खरीदा",
        "मोहम्मद इरफ़ान का कितना बाकी है",
        "तीन पैकेट चाय नकद बेची",
        "आज की बिक्री कितनी हुई",
    ),
    "ta": (
        "ராமசாமிக்கு இரண்டு கிலோ சர்க்கரை கடன்",
        "கவிதா ஐநூறு ரூபாய் கொடுத்தாள்",
        "பத்து கிலோ அரிசி வாங்கினேன்",
        "இன்றைய விற்பனை எவ்வளவு",
    ),
    "en": (
        "sold two kilo sugar to Ramesh on credit",
        "Geeta Devi paid five hundred rupees",
        "bought ten kilo wheat atta from Gupta Traders",
        "how much does Mohammed Irfan owe",
    ),
}
NOTE = ("hi", "रमेश को दो किलो चीनी उधार दी और सुरेश से पाँच सौ रुपये नकद मिले")  # about 5 s
REPLY = "रमेश कुमार को दो किलो चीनी ₹88 में उधार बेची। अब उनका कुल बाकी ₹2,45,000 है।"
AUDIO_SUFFIXES = (".wav", ".ogg", ".opus", ".mp3", ".m4a", ".flac")


def _tokens(text: str) -> list[str]:
    """Words without punctuation, case folded, Unicode-normalised (NFC), nukta kept."""
    text = unicodedata.normalize("NFC", text).casefold()
    return [w for w in re.sub(r"[^\w\s]", " ", text).split() if w]


def _distance(said: list, got: list) -> int:
    row = list(range(len(got) + 1))
    for i, unit in enumerate(said, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(got, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (unit != other))
    return row[-1]


def word_error_rate(truth: str, heard: str) -> float:
    said = _tokens(truth)
    return _distance(said, _tokens(heard)) / max(1, len(said))


def char_error_rate(truth: str, heard: str) -> float:
    said = list(" ".join(_tokens(truth)))
    return _distance(said, list(" ".join(_tokens(heard)))) / max(1, len(said))


def quantities(text: str) -> list:
    """The numbers said, as the parser reads them (digits or number words of any language)."""
    from intents.normalise import normalise
    from intents.numbers import scan_numbers

    return sorted(span.value for span in scan_numbers(normalise(text).split()))


def _voice_note(wav: bytes) -> bytes:
    return subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:0", "-c:a", "libopus", "-b:a", "16k", "-ar",
                           "48000", "-ac", "1", "-f", "ogg", "pipe:1"], input=wav, capture_output=True,
                          check=True).stdout  # fmt: skip


def espeak(text: str, lang: str) -> bytes:
    return _voice_note(subprocess.run(["espeak-ng", "-v", lang, "--stdout", text], capture_output=True, check=True).stdout)


FESTIVAL_HINDI = Path("/usr/share/festival/voices/hindi/hindi_NSK_diphone")


def festival_hindi(text: str) -> bytes:
    """Festival's Hindi voice (Debian festvox-hi-nsk, festival-hi): diphones cut from one recorded
    speaker, put together by rule — still synthetic, but nearer a person than espeak-ng's formants."""
    with tempfile.TemporaryDirectory() as folder:
        script, wav = Path(folder) / "say.scm", Path(folder) / "say.wav"
        script.write_text(f'(voice_hindi_NSK_diphone)\n(Parameter.set (quote Int_Method) (quote Intonation_Simple))\n'
                          f'(set! utt (Utterance Text "{text}"))\n(utt.synth utt)\n'
                          f'(utt.save.wave utt "{wav}" (quote riff))\n', encoding="utf-8")  # fmt: skip
        subprocess.run(["festival", "-b", str(script)], capture_output=True, check=True, timeout=60)
        return _voice_note(wav.read_bytes())


def synthetic(sentences: dict[str, tuple[str, ...]]) -> list[tuple[str, str, bytes]]:
    """Each sentence spoken by espeak-ng, and each Hindi one by festival's Hindi voice too."""
    items = [(f"{lang}/espeak", text, espeak(text, lang)) for lang, texts in sentences.items() for text in texts]
    if FESTIVAL_HINDI.exists():
        items += [("hi/festival", text, festival_hindi(text)) for text in sentences.get("hi", ())]
    return items


def read_sentences(path: Path) -> dict[str, tuple[str, ...]]:
    """{"lang": ..., "text": ...} lines, grouped by language."""
    grouped: dict[str, list[str]] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            line = json.loads(row)
            grouped.setdefault(line["lang"], []).append(line["text"])
    return {lang: tuple(texts) for lang, texts in grouped.items()}


def speech_corpus(folder: Path | None, sentences: Path | None = None) -> tuple[str, list[tuple[str, str, bytes]]]:
    """(label, [(lang, what was said, audio bytes)]); synthetic speech is labelled "lang/voice"."""
    if folder is None:
        items = synthetic(read_sentences(sentences) if sentences else SENTENCES)
        return "SYNTHETIC: espeak-ng, and festival's Hindi diphone voice (no recorded speech given: --speech DIR)", items
    items = []
    for audio in sorted(p for p in folder.glob("*/*") if p.suffix.lower() in AUDIO_SUFFIXES):
        truth = audio.with_suffix(".txt")
        if truth.exists():
            items.append((audio.parent.name, truth.read_text(encoding="utf-8").strip(), audio.read_bytes()))
    return f"recorded speech in {folder}", items


def demo_names() -> list[str]:
    import csv

    names: list[str] = []
    for table in ("parties.csv", "catalog.csv"):
        if (DEMO_SHOP / table).exists():
            for row in csv.DictReader((DEMO_SHOP / table).open(encoding="utf-8")):
                names.append(row["name"])
                names.extend(a for a in row["aliases"].split("|") if a)
    return names


def accuracy(stt, corpus: list[tuple[str, str, bytes]]) -> None:
    """Each note heard as the bot hears it (`transcribe_audio`: convert, transcribe, mend misheard
    number words), scored against what was said."""
    from bot.conversation.speech import transcribe_audio

    names = demo_names()
    by_lang: dict[str, list[tuple[float, float, int, int, float]]] = {}
    for lang, truth, audio in corpus:
        clip = to_wav16k(audio)
        started = time.perf_counter()
        try:
            heard = transcribe_audio(stt, audio, None, lang.split("/")[0], names).text
        except Exception as exc:  # noqa: BLE001 - a failed note counts as nothing heard
            heard = f"<{type(exc).__name__}>"
        took = time.perf_counter() - started
        said_numbers = quantities(truth)
        right = sum(1 for value in said_numbers if value in quantities(heard))
        by_lang.setdefault(lang, []).append((word_error_rate(truth, heard), char_error_rate(truth, heard),
                                             right, len(said_numbers), took / max(clip.seconds, 0.1)))  # fmt: skip
        print(f"    [{lang}] {truth}  ->  {heard}")
    print(f"  {'lang':12} {'notes':>5} {'WER':>6} {'CER':>6} {'quantities':>11} {'RTF':>6}")
    for lang, rows in sorted(by_lang.items()):
        right, said = sum(r[2] for r in rows), sum(r[3] for r in rows)
        share = f"{right}/{said}" if said else "-"
        print(f"  {lang:12} {len(rows):5d} {statistics.mean(r[0] for r in rows):6.2f} "
              f"{statistics.mean(r[1] for r in rows):6.2f} {share:>11} {statistics.mean(r[4] for r in rows):6.2f}")


def timed(fn, runs: int):
    """(median wall seconds, median CPU seconds, last result) over `runs` calls."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def steps(stt, note: bytes, runs: int) -> None:
    from intents import ShopVocabulary, parse

    lang, text = NOTE
    vocab = ShopVocabulary.from_shop_dir(DEMO_SHOP) if DEMO_SHOP.exists() else ShopVocabulary([], [])
    tts = build_tts("espeak")
    convert = timed(lambda: to_wav16k(note, "audio/ogg"), runs)
    clip = convert[2]
    hear = timed(lambda: stt.transcribe(clip, lang_hint=lang, vocabulary=demo_names()), runs)
    understand = timed(lambda: parse(hear[2].text, vocab, date.today()), runs)
    speak = timed(lambda: tts.synthesize(REPLY, lang), runs)
    encode = timed(lambda: to_ogg_opus(speak[2]), runs)
    print(f"  a {clip.seconds:.1f}-second Hindi note, heard as: {hear[2].text!r} ({hear[2].confidence:.2f})")
    for name, (wall, cpu, _) in (("convert ogg/opus -> 16 kHz wav", convert), ("transcribe (whisper)", hear),
                                 ("understand (parser)", understand), ("speak the reply (espeak-ng)", speak),
                                 ("encode ogg/opus", encode)):  # fmt: skip
        print(f"  {name:34} {wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms cpu")


def whole_turn(stt, note: bytes, runs: int, data_dir: Path) -> tuple[float, float, list[str]]:
    """Median seconds of TurnHandler.handle for the voice note (the model already loaded), and the replies."""
    import structlog

    from bot.app.services import build_services
    from bot.app.settings import Settings
    from bot.conversation.messages import InboundMedia, InboundMessage
    from bot.runtime.ratelimit import MemoryRateLimiter
    from domain.demo.load import load_demo
    from domain.store.migrate import upgrade

    logging.disable(logging.INFO)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    url = f"sqlite:///{data_dir}/bench-voice.db"
    upgrade(url)
    settings = Settings(database_url=url, data_dir=data_dir, media_dir=data_dir / "media", redis_url=None,
                        log_level="WARNING")  # fmt: skip
    services = build_services(settings, rate_limiter=MemoryRateLimiter(10**9), stt=stt)  # a worker's one engine
    load_demo(services.session_factory, today=date.today())
    ids = itertools.count(1)

    def turn() -> list:
        n = next(ids)
        inbound = InboundMessage(
            id=n, channel="web", provider_message_id=f"bench-voice-{n}", from_phone="+919415000001",
            received_at=datetime.now(UTC), media=[InboundMedia(url="bench", content_type="audio/ogg", voice=True)],
            media_bytes=[note],
        )  # fmt: skip
        return services.turn.handle(inbound)

    turn()  # loads the model and warms the caches
    wall, cpu, replies = timed(turn, runs)
    services.close()
    return wall, cpu, [r.text or f"[{r.media_type} {r.media_key}]" for r in replies]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speech", type=Path, default=None, help="DIR/<lang>/<name>.<audio> with <name>.txt")
    parser.add_argument("--sentences", type=Path, default=None,
                        help='JSONL of {"lang", "text"} to speak instead of the built-in sentences')
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="CTranslate2 CPU threads")
    parser.add_argument("--model", default=None, help="faster-whisper model directory (default: the installed one)")
    parser.add_argument("--skip-turn", action="store_true", help="accuracy and steps only")
    parser.add_argument("--timing-only", action="store_true", help="steps, the whole turn and memory only")
    args = parser.parse_args()

    stt = build_stt("whisper", model_dir=args.model, cpu_threads=args.threads)
    started = time.perf_counter()
    stt.load()
    english = getattr(stt, "english", None)
    print(f"speech-to-text: faster-whisper {stt.model_dir.name} ({stt.compute_type}, beam {stt.beam_size}, "
          f"{args.threads} threads){' + ' + english.model_dir.parent.name + ' tiny.en for English' if english else ''}; "
          f"models loaded in {time.perf_counter() - started:.1f} s")  # fmt: skip

    if not args.timing_only:
        label, corpus = speech_corpus(args.speech, args.sentences)
        print(f"accuracy on {len(corpus)} notes: {label}")
        accuracy(stt, corpus)

    voice = "festival" if FESTIVAL_HINDI.exists() else "espeak-ng"
    note = festival_hindi(NOTE[1]) if FESTIVAL_HINDI.exists() else espeak(*reversed(NOTE))
    print(f"each step of a voice turn (median of --runs; the note spoken by {voice}):")
    steps(stt, note, args.runs)
    if not args.skip_turn:
        with tempfile.TemporaryDirectory() as tmp:
            wall, cpu, replies = whole_turn(stt, note, args.runs, Path(tmp))
        verdict = "within" if wall < GOAL_SECONDS else "OVER"
        print(f"whole voice turn (TurnHandler, SQLite, demo shop): {wall:.2f} s wall, {cpu:.2f} s cpu — {verdict} "
              f"the {GOAL_SECONDS:.0f} s goal")  # fmt: skip
        for text in replies:
            print("    reply: " + text.replace("\n", " / "))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (both models, the turn): {peak:.0f} MB — "
          f"{'within' if peak < GOAL_MEMORY_MB else 'OVER'} {GOAL_MEMORY_MB} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
