"""Voice glue for the turn: a voice note -> its words; a reply -> an OGG/Opus note in the media store.

`transcribe_inbound(ctx, index)` and `voice_reply(ctx, text)` serve the turn; `warm_up` the web
process and the worker. Every refusal is `voice.AudioRejected` whose reason
names its message key `voice.<reason>` (empty, corrupt, unsupported, too_long, not_understood).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
import time

from prometheus_client import Counter, Histogram

import tools
from bot.app.observability import get_logger
from bot.conversation.context import TurnDeps
from bot.conversation.messages import Reply
from intents.heard import mend_heard_numbers
from locales.languages import LANGUAGES as SPOKEN
from locales.languages import base_language
from voice import (
    AudioRejected,
    SpeechFailed,
    SpeechToText,
    Transcript,
    TranscriptionFailed,
    to_ogg_opus,
    to_wav16k,
)

log = get_logger("munshi.speech")

VOICE_NOTES = Counter("munshi_voice_notes_total", "Voice notes received, by outcome", ["outcome", "engine"])
SPEECH_SECONDS = Histogram(
    "munshi_speech_seconds",
    "Time spent hearing a voice note (stt) or speaking a reply (tts, with encoding)",
    ["stage", "engine"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60),
)

VOICE_NOTE_TYPE = "audio/ogg"


def warm_up(stt: SpeechToText | None) -> threading.Thread | None:
    """Load the speech-to-text model in the background (a worker calls this at start), so the first
    voice note does not wait seconds for it. None when the engine has nothing to load."""
    load = getattr(stt, "load", None)
    if load is None:
        return None
    thread = threading.Thread(target=load, name="munshi-stt-warm-up", daemon=True)
    thread.start()
    return thread


def _unique(*codes: str | None) -> list[str]:
    return list(dict.fromkeys(c for c in codes if c))


def _candidate_languages(user_lang: str | None, shop_lang: str | None) -> list[str]:
    """The languages a note without a hint may be in: the user's, the shop's and English; for a
    number Munshi does not know yet (no user, no shop), every language Munshi speaks."""
    known = _unique(*(base_language(code) for code in (user_lang, shop_lang) if code))
    return _unique(*known, "en") if known else list(SPOKEN)


def transcribe_audio(
    stt: SpeechToText | None,
    audio_bytes: bytes,
    content_type: str | None,
    user_lang: str | None,
    shop_vocabulary_names: list[str] | tuple[str, ...] = (),
    *,
    shop_lang: str | None = None,
    shop_key: str | None = None,
) -> Transcript:
    """A voice note's transcript. The user's language is the hint when the engine covers it, else
    the engine identifies the language among the user's, the shop's and English that it covers.
    Raises AudioRejected (reason: empty, corrupt, unsupported, too_long, not_understood)."""
    engine = getattr(stt, "engine", "none")
    try:
        clip = to_wav16k(audio_bytes, content_type)
    except AudioRejected as rejected:
        VOICE_NOTES.labels(outcome=rejected.reason, engine=engine).inc()
        raise
    if stt is None:
        VOICE_NOTES.labels(outcome="not_understood", engine=engine).inc()
        raise AudioRejected("not_understood", "no speech-to-text engine configured")
    covered = set(stt.languages)
    # a Hinglish user ("hi_Latn") speaks Hindi; the engine is told so, script and all
    lang_hint = user_lang if user_lang and base_language(user_lang) in covered else None
    languages = [code for code in _candidate_languages(user_lang, shop_lang) if code in covered]
    names = list(dict.fromkeys(n for n in shop_vocabulary_names if n))
    key = shop_key or ("names-" + hashlib.sha256("\n".join(sorted(names)).encode()).hexdigest()[:12])
    started = time.perf_counter()
    try:
        transcript = stt.transcribe(clip, lang_hint=lang_hint, languages=languages, vocabulary=names, vocabulary_key=key)
    except TranscriptionFailed as exc:
        VOICE_NOTES.labels(outcome="not_understood", engine=engine).inc()
        log.warning("transcription_failed", engine=exc.engine, reason=exc.reason, detail=exc.detail)
        raise AudioRejected("not_understood", exc.reason) from exc
    SPEECH_SECONDS.labels(stage="stt", engine=engine).observe(time.perf_counter() - started)
    log.info(
        "voice_note_transcribed", engine=transcript.engine, lang=transcript.lang, confidence=transcript.confidence,
        audio_seconds=round(clip.seconds, 2), took_seconds=round(time.perf_counter() - started, 3),
        flags=",".join(transcript.flags),
    )  # fmt: skip
    if "script_mismatch" in transcript.flags:
        VOICE_NOTES.labels(outcome="not_understood", engine=engine).inc()
        raise AudioRejected("not_understood", f"transcript in the wrong script for {transcript.lang}")
    VOICE_NOTES.labels(outcome="heard", engine=engine).inc()
    # "तो किलो" is "दो किलो": a misheard number word where the grammar wants a number is put right
    return dataclasses.replace(transcript, text=mend_heard_numbers(transcript.text))


def _vocabulary_names(ctx) -> list[str]:
    """Parties first (names are what speech gets wrong most), then items, each with its aliases."""

    plain = tools.vocabulary(ctx.session_factory, ctx.shop.id)
    names: list[str] = []
    for entry in list(plain.get("parties", [])) + list(plain.get("items", [])):
        names.append(entry["name"])
        names.extend(entry.get("aliases") or [])
    return names


TRANSCRIPT_TTL_SECONDS = 24 * 3600
HEARD_SURE = 0.6  # below this transcript confidence a write from speech is asked back


def heard_unsure(transcript: Transcript) -> bool:
    """True when the words of a voice note are doubtful enough that a write must be confirmed."""
    return transcript.confidence < HEARD_SURE or "script_mismatch" in transcript.flags


def _cached_transcript(cache, key: str) -> Transcript | None:
    if cache is None:
        return None
    try:
        raw = cache.get(key)
    except Exception as exc:  # a cache outage must not lose the voice note
        log.warning("transcript_cache_unavailable", error=str(exc))
        return None
    if not raw:
        return None
    data = json.loads(raw)
    return Transcript(data["text"], data["lang"], data["confidence"], data["engine"], tuple(data.get("flags", ())))


def _remember_transcript(cache, key: str, transcript: Transcript) -> None:
    if cache is None:
        return
    value = json.dumps({"text": transcript.text, "lang": transcript.lang, "confidence": transcript.confidence,
                        "engine": transcript.engine, "flags": list(transcript.flags)}, ensure_ascii=False)  # fmt: skip
    try:
        cache.set(key, value, ex=TRANSCRIPT_TTL_SECONDS)
    except Exception as exc:
        log.warning("transcript_cache_unavailable", error=str(exc))


def _hint(ctx) -> str | None:
    """The language the sender speaks, as far as Munshi knows it: their profile's, else the one this
    conversation is in (a new shop's owner mid-onboarding); None for a number never heard from."""
    if ctx.user is not None:
        return ctx.user.language
    lang = ctx.dialogue.lang
    return f"{lang}_Latn" if lang == "hi" and ctx.dialogue.romanized else lang


def transcribe_inbound(ctx, index: int) -> Transcript:
    """The transcript of the turn's attachment `index` (the worker has downloaded its bytes).

    A retried turn reuses the transcript of the first try (kept a day in the cache under the
    message's key), so Transcribe is paid once and the same words are parsed again. Remembers the
    words on the context so `voice_reply` does not read the "🎙️ Suna: …" echo back."""
    inbound = ctx.inbound
    cache = ctx.deps.cache
    cache_key = f"munshi:transcript:{inbound.message_key}:{index}"
    cached = _cached_transcript(cache, cache_key)
    if cached is not None:
        ctx.voice_heard = cached.text
        return cached
    data = inbound.media_bytes[index] if index < len(inbound.media_bytes) else b""
    media = inbound.media[index]
    shop = ctx.shop
    transcript = transcribe_audio(
        ctx.deps.stt,
        data,
        media.content_type,
        _hint(ctx),
        _vocabulary_names(ctx) if shop else (),
        shop_lang=shop.language if shop else None,
        shop_key=shop.slug if shop else None,
    )
    _remember_transcript(cache, cache_key, transcript)
    ctx.voice_heard = transcript.text
    return transcript


def speak_reply(deps: TurnDeps, text: str, lang: str) -> tuple[str, str]:
    """Speak `text` in `lang`, store the OGG/Opus voice note; (media key, signed public URL).
    Raises SpeechFailed, or AudioRejected("too_long") when it would not fit a voice note."""
    tts = deps.tts
    started = time.perf_counter()
    note = to_ogg_opus(tts.synthesize(text, lang))
    SPEECH_SECONDS.labels(stage="tts", engine=tts.engine).observe(time.perf_counter() - started)
    key = deps.media_store.put(note, VOICE_NOTE_TYPE)
    log.info("voice_reply_spoken", engine=tts.engine, lang=lang, bytes=len(note),
             took_seconds=round(time.perf_counter() - started, 3))  # fmt: skip
    return key, deps.media_signer.url(key)


def _without_echo(ctx, text: str) -> str:
    heard = getattr(ctx, "voice_heard", None)
    if not heard:
        return text
    return "\n".join(line for line in text.splitlines() if heard not in line)


def voice_reply(ctx, text: str) -> Reply | None:
    """The reply as a voice note (sent with its text), or None when it cannot be spoken — the text
    alone still goes out, so a speech failure never loses an answer."""
    spoken = _without_echo(ctx, text).strip()
    if not spoken:
        return None
    try:
        key, _url = speak_reply(ctx.deps, spoken, ctx.lang)
    except (SpeechFailed, AudioRejected) as exc:
        log.warning("voice_reply_not_spoken", reason=getattr(exc, "reason", ""), detail=str(exc))
        return None
    return Reply(media_key=key, media_type="audio")
