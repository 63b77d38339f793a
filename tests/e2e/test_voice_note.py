"""A WhatsApp voice note, offline, end to end: espeak-ng speaks "sold two kilo sugar to Ramesh on credit",
it becomes an OGG/Opus note served by a Twilio stand-in, arrives as a signed Twilio webhook, the worker
fetches it, faster-whisper (the shipped model) transcribes it, the parser books a credit sale of 2 kg
Sugar to Ramesh Kumar in the sharma-kirana demo shop, and the reply carries a playable Opus voice note.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.conversation.turn import resolve_sender
from bot.runtime.ratelimit import MemoryRateLimiter
from bot.runtime.worker import process_message
from bot.store import messaging as repo
from locales import translator
from tests.integration.bot.turn_fixtures import SHARMA_OWNER, seed_demo_shops
from tests.integration.webhooks.conftest import RecordingQueue
from tests.integration.webhooks.standin import (
    PUBLIC_URL,
    TWILIO_SID,
    TWILIO_TOKEN,
    Answer,
    StandIn,
    default_answer,
    twilio_form,
    twilio_signature,
)
from tools import ToolContext, run_tool
from voice import default_whisper_model_dir
from webhooks.app import create_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(default_whisper_model_dir() is None, reason="no Whisper model (the offline-model extra)"),
]

NOW = datetime(2026, 11, 20, 5, 30, tzinfo=UTC)
MEDIA_PATH = f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/MM{'5' * 32}/Media/ME{'6' * 32}"
WEBHOOK = PUBLIC_URL + "/webhooks/twilio"


def spoken_note(sentence: str) -> bytes:
    """espeak-ng says it to a file; ffmpeg makes the OGG/Opus voice note WhatsApp would send."""
    wav = subprocess.run(["espeak-ng", "-v", "en", "--stdout", sentence], capture_output=True, check=True).stdout
    return subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-c:a", "libopus", "-b:a", "24k", "-ar", "48000", "-ac", "1",
         "-f", "ogg", "pipe:1"],
        input=wav, capture_output=True, check=True,
    ).stdout  # fmt: skip


def codec_of(data: bytes) -> str:
    done = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "pipe:0"],
                          input=data, capture_output=True, check=True)  # fmt: skip
    return json.loads(done.stdout)["streams"][0]["codec_name"]


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(out, format="PNG")
    return out.getvalue()


def ten_minutes() -> bytes:
    return subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=600:sample_rate=8000",
                           "-c:a", "libmp3lame", "-b:a", "8k", "-f", "mp3", "pipe:1"],
                          capture_output=True, check=True).stdout  # fmt: skip


BAD_AUDIO = {
    "empty": lambda: b"",
    "corrupt": lambda: random.Random(4096).randbytes(4096),
    "unsupported": png,  # a PNG sent as a voice note
    "too_long": ten_minutes,
}


def media_path(name: str) -> str:
    return MEDIA_PATH.replace("6" * 32, name.encode().hex().ljust(32, "0")[:32])


@pytest.fixture(scope="module")
def served() -> dict[str, bytes]:
    """What the Twilio stand-in serves at each media URL: the spoken sale, and the bad audio."""
    note = spoken_note("sold two kilo sugar to Ramesh on credit")
    media = {MEDIA_PATH: note, media_path("octet-stream"): note}
    media.update({media_path(name): make() for name, make in BAD_AUDIO.items()})
    return media


@pytest.fixture
def twilio(served):
    def answer(request):
        if request.path in served:
            generic = request.path == media_path("octet-stream")  # curl's default type: no hint at all
            return Answer(200, served[request.path], "application/octet-stream" if generic else "audio/ogg")
        return default_answer(request)

    with StandIn(answer) as server:
        yield server


@pytest.fixture
def munshi(database_url, engine, session_factory, tmp_path, twilio):
    seed_demo_shops(session_factory)
    settings = Settings(
        database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
        public_url=PUBLIC_URL, secret_key="e2e-secret", twilio_account_sid=TWILIO_SID,
        twilio_auth_token=TWILIO_TOKEN, twilio_whatsapp_from="whatsapp:+14155238886", twilio_api_base=twilio.url,
        stt_engine="whisper", tts_engine="espeak",
    )  # fmt: skip
    services = build_services(settings, engine=engine, session_factory=session_factory, queue=RecordingQueue(),
                              rate_limiter=MemoryRateLimiter(1000), clock=lambda: NOW)  # fmt: skip
    with TestClient(create_app(settings, services), base_url=PUBLIC_URL) as client:
        client.services = services
        yield client
    services.media_fetcher.close()


def deliver(client, twilio, **fields) -> list[dict]:
    """POST a signed Twilio webhook, run the worker on what it stored; the Twilio sends it caused."""
    already = len(twilio.sent("/Messages.json"))
    form = twilio_form("SM" + uuid.uuid4().hex, phone=SHARMA_OWNER, **fields)
    response = client.post("/webhooks/twilio", data=form, headers={"X-Twilio-Signature": twilio_signature(WEBHOOK, form)})
    assert response.status_code == 200
    inbox_id = client.services.queue.enqueued[-1]
    assert process_message(client.services, inbox_id) == "done"
    with client.services.session_factory() as session:
        rows = session.query(repo.OutboxMessage).filter(repo.OutboxMessage.inbox_id == inbox_id).all()
        assert rows and all(row.status == "sent" for row in rows)
    return [{k: v[0] for k, v in r.form.items()} for r in twilio.sent("/Messages.json")[already:]]


def books(session_factory) -> tuple[Decimal, Decimal]:
    """(Ramesh Kumar's dues, Sugar in stock) as the shop's owner would ask for them."""
    user, shop = resolve_sender(session_factory, SHARMA_OWNER)
    ctx = ToolContext(shop_id=shop.id, user_id=user.id, role=user.role, today=NOW.date(), message_id=None, lang="en")
    balance = run_tool(session_factory, ctx, "party_balance", {"party": "Ramesh Kumar"})
    stock = run_tool(session_factory, ctx, "stock_query", {"item": "Sugar"})
    assert balance.ok and stock.ok
    [sugar] = stock.data["items"]
    return Decimal(str(balance.data["balance"])), Decimal(str(sugar["qty"]))


def test_a_spoken_credit_sale_is_booked_and_answered_with_a_voice_note(munshi, twilio, session_factory):
    dues_before, sugar_before = books(session_factory)

    sent = deliver(munshi, twilio, NumMedia="1", MessageType="audio", MediaUrl0=twilio.url + MEDIA_PATH,
                   MediaContentType0="audio/ogg")  # fmt: skip
    texts = [s.get("Body", "") for s in sent if s.get("Body")]
    if books(session_factory) == (dues_before, sugar_before):
        # the parser asked back what it heard (a write from speech it was unsure of): say yes
        deliver(munshi, twilio, Body="haan")

    dues_after, sugar_after = books(session_factory)
    assert sugar_after == sugar_before - 2
    assert dues_after == dues_before + 88  # 2 kg at the catalog's ₹44, on credit
    assert any("sugar" in t.lower() and "ramesh" in t.lower() for t in texts), texts  # "🎙️ Suna: …" shows it
    voice = [s for s in sent if s.get("MediaUrl")]
    assert voice, sent
    media = munshi.get(voice[0]["MediaUrl"].removeprefix(PUBLIC_URL))
    assert media.status_code == 200 and media.headers["content-type"].startswith("audio/ogg")
    assert codec_of(media.content) == "opus" and len(media.content) < 512 * 1024


def test_a_voice_note_sent_as_octet_stream_is_recognised_by_its_bytes(munshi, twilio, session_factory):
    sent = deliver(munshi, twilio, NumMedia="1", MediaUrl0=twilio.url + media_path("octet-stream"),
                   MediaContentType0="application/octet-stream")  # fmt: skip

    texts = [s.get("Body", "") for s in sent if s.get("Body")]
    heard = translator("hi")("voice.heard", text="WORDS").split("WORDS")[0]
    assert texts and texts[0].startswith(heard), texts  # "🎙️ सुना: “…”", in the user's Hindi
    assert "sugar" in texts[0].lower() and "ramesh" in texts[0].lower()


@pytest.mark.parametrize("reason", sorted(BAD_AUDIO))
def test_bad_audio_gets_a_clear_reply_and_nothing_is_written(munshi, twilio, session_factory, reason):
    before = books(session_factory)

    sent = deliver(munshi, twilio, NumMedia="1", MessageType="audio", MediaUrl0=twilio.url + media_path(reason),
                   MediaContentType0="audio/ogg")  # fmt: skip

    said = {translator("hi", romanized=r)(f"voice.{reason}") for r in (True, False)}
    assert [s.get("Body") for s in sent] in ([text] for text in said)
    assert not any(s.get("MediaUrl") for s in sent)
    assert books(session_factory) == before


# ---------------------------------------------------------------- the production engines, stubbed

BUCKET = "munshi-voice-e2e"
JOB = "munshi-job-hindi"
HEARD_HI = "रमेश को दो किलो चीनी उधार"


def mp3_of(text: str, lang: str) -> bytes:
    wav = subprocess.run(["espeak-ng", "-v", lang, "--stdout", text], capture_output=True, check=True).stdout
    return subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "mp3", "pipe:1"], input=wav,
                          capture_output=True, check=True).stdout  # fmt: skip


@pytest.fixture
def aws_engines(monkeypatch):
    """Amazon Transcribe and Polly under botocore Stubbers, S3 in moto: what the production engines see."""
    import boto3
    from botocore.response import StreamingBody
    from botocore.stub import Stubber
    from moto import mock_aws

    from voice.polly import PollyTextToSpeech
    from voice.transcribe import TranscribeSpeechToText

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="ap-south-1")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
        transcribe = boto3.client("transcribe", region_name="ap-south-1")
        polly = boto3.client("polly", region_name="ap-south-1")
        polly_requests: list[dict] = []
        polly.meta.events.register("provide-client-params.polly.SynthesizeSpeech",
                                   lambda params, **kw: polly_requests.append(dict(params)))  # fmt: skip
        with Stubber(transcribe) as heard, Stubber(polly) as spoken:
            heard.add_response("start_transcription_job", {"TranscriptionJob": {"TranscriptionJobName": JOB}}, {
                "TranscriptionJobName": JOB, "Media": {"MediaFileUri": f"s3://{BUCKET}/munshi/voice/{JOB}.wav"},
                "MediaFormat": "wav", "MediaSampleRateHertz": 16000, "OutputBucketName": BUCKET,
                "OutputKey": f"munshi/voice/{JOB}.json", "LanguageCode": "hi-IN",
            })  # fmt: skip
            heard.add_response("get_transcription_job", {"TranscriptionJob": {
                "TranscriptionJobName": JOB, "TranscriptionJobStatus": "COMPLETED", "LanguageCode": "hi-IN"}})
            heard.add_response("delete_transcription_job", {}, {"TranscriptionJobName": JOB})
            words = HEARD_HI.split()
            s3.put_object(Bucket=BUCKET, Key=f"munshi/voice/{JOB}.json", Body=json.dumps({"results": {
                "transcripts": [{"transcript": HEARD_HI}],
                "items": [{"type": "pronunciation", "alternatives": [{"confidence": "0.97", "content": w}]}
                          for w in words]}}).encode())  # fmt: skip
            audio = mp3_of("रमेश कुमार के खाते में अठासी रुपये लिखे", "hi")
            spoken.add_response("synthesize_speech", {"AudioStream": StreamingBody(io.BytesIO(audio), len(audio)),
                                                      "ContentType": "audio/mpeg"})  # fmt: skip
            yield {
                "stt": TranscribeSpeechToText(transcribe, s3, BUCKET, job_names=lambda: JOB, sleep=lambda s: None),
                "tts": PollyTextToSpeech(polly),
                "polly_requests": polly_requests,
                "s3": s3,
            }
            heard.assert_no_pending_responses()
            spoken.assert_no_pending_responses()


def test_a_hindi_note_through_transcribe_and_polly_is_booked_and_answered_in_hindi(
    database_url, engine, session_factory, tmp_path, twilio, aws_engines
):
    seed_demo_shops(session_factory)
    settings = Settings(
        database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None,
        public_url=PUBLIC_URL, secret_key="e2e-secret", twilio_account_sid=TWILIO_SID,
        twilio_auth_token=TWILIO_TOKEN, twilio_whatsapp_from="whatsapp:+14155238886", twilio_api_base=twilio.url,
        stt_engine="transcribe", transcribe_bucket=BUCKET, tts_engine="polly",
    )  # fmt: skip
    services = build_services(settings, engine=engine, session_factory=session_factory, queue=RecordingQueue(),
                              rate_limiter=MemoryRateLimiter(1000), clock=lambda: NOW,
                              stt=aws_engines["stt"], tts=aws_engines["tts"])  # fmt: skip
    dues_before, sugar_before = books(session_factory)
    with TestClient(create_app(settings, services), base_url=PUBLIC_URL) as client:
        client.services = services
        sent = deliver(client, twilio, NumMedia="1", MessageType="audio", MediaUrl0=twilio.url + MEDIA_PATH,
                       MediaContentType0="audio/ogg")  # fmt: skip
        voice = [s for s in sent if s.get("MediaUrl")]
        assert voice, sent
        media = client.get(voice[0]["MediaUrl"].removeprefix(PUBLIC_URL))
    services.media_fetcher.close()

    assert books(session_factory) == (dues_before + 88, sugar_before - 2)
    assert any(HEARD_HI in s.get("Body", "") for s in sent)  # "🎙️ सुना: …"
    [request] = aws_engines["polly_requests"]
    assert (request["VoiceId"], request["LanguageCode"], request["TextType"]) == ("Kajal", "hi-IN", "ssml")
    assert request["Text"].startswith("<speak>") and "अठासी रुपये" in request["Text"]  # ₹88 in Hindi words
    assert HEARD_HI not in request["Text"]  # the echo of what was heard is not read back
    assert codec_of(media.content) == "opus"
    assert "Contents" not in aws_engines["s3"].list_objects_v2(Bucket=BUCKET)  # the clip and transcript are gone
