"""Inbound media downloads: provider credentials only to the provider, redirects, type and size limits; S3."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from bot.app.settings import Settings
from bot.conversation.messages import InboundMedia
from bot.runtime.media_fetch import MediaFetcher, MediaRejected
from bot.runtime.media_store import S3MediaStore
from tests.integration.webhooks.standin import TWILIO_SID, TWILIO_TOKEN, Answer, StandIn

MEDIA_PATH = f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/MM{'a' * 32}/Media/ME{'b' * 32}"


@pytest.fixture
def cdn():
    with StandIn(lambda r: Answer(200, b"OggS" + b"\0" * 100, "audio/ogg")) as server:
        yield server


@pytest.fixture
def api(cdn):
    def answer(request):
        if request.path == MEDIA_PATH:
            return Answer(307, b"", headers={"Location": cdn.url + "/cdn/voice.ogg"})
        if request.path == "/v21.0/MEDIA1":
            return Answer(200, json.dumps({"url": cdn.url + "/lookaside/MEDIA1", "mime_type": "audio/ogg",
                                           "file_size": 104, "id": "MEDIA1"}).encode())
        if request.path == "/v21.0/HUGE":
            return Answer(200, json.dumps({"url": cdn.url + "/x", "mime_type": "image/jpeg",
                                           "file_size": 10_000_000, "id": "HUGE"}).encode())
        return Answer(404)

    with StandIn(answer) as server:
        yield server


def fetcher(api, **overrides) -> MediaFetcher:
    settings = Settings(twilio_account_sid=TWILIO_SID, twilio_auth_token=TWILIO_TOKEN, twilio_api_base=api.url,
                        meta_access_token="meta-token", meta_api_base=api.url + "/v21.0",
                        max_media_bytes=overrides.pop("max_media_bytes", 1024), **overrides)
    return MediaFetcher(settings)


def test_twilio_media_is_fetched_with_basic_auth_and_the_redirect_is_followed_without_it(api, cdn):
    data = fetcher(api).fetch("twilio", InboundMedia(url=api.url + MEDIA_PATH, content_type="audio/ogg"))
    assert data.startswith(b"OggS")
    assert api.requests[0].headers["Authorization"].startswith("Basic ")
    assert "Authorization" not in cdn.requests[0].headers


def test_a_foreign_media_url_gets_no_credentials_and_no_request(api, cdn):
    with pytest.raises(MediaRejected):
        fetcher(api).fetch("twilio", InboundMedia(url=cdn.url + MEDIA_PATH, content_type="audio/ogg"))
    other_account = api.url + MEDIA_PATH.replace(TWILIO_SID, "AC" + "9" * 32)
    with pytest.raises(MediaRejected):
        fetcher(api).fetch("twilio", InboundMedia(url=other_account, content_type="audio/ogg"))
    assert api.requests == [] and cdn.requests == []


def test_media_over_the_size_cap_is_refused(api):
    with pytest.raises(MediaRejected) as rejected:
        fetcher(api, max_media_bytes=50).fetch("twilio", InboundMedia(url=api.url + MEDIA_PATH, content_type="audio/ogg"))
    assert rejected.value.reason == "too_large"
    with pytest.raises(MediaRejected) as rejected:
        fetcher(api).fetch("meta", InboundMedia(url="HUGE", content_type="image/jpeg"))
    assert rejected.value.reason == "too_large"


def test_unsupported_media_types_are_refused_before_download(api):
    with pytest.raises(MediaRejected) as rejected:
        fetcher(api).fetch("twilio", InboundMedia(url=api.url + MEDIA_PATH, content_type="video/mp4"))
    assert rejected.value.reason == "unsupported" and api.requests == []


def test_meta_media_is_looked_up_then_downloaded_with_the_bearer_token(api, cdn):
    data = fetcher(api).fetch("meta", InboundMedia(url="MEDIA1", content_type="audio/ogg; codecs=opus", voice=True))
    assert data.startswith(b"OggS")
    assert api.requests[0].path == "/v21.0/MEDIA1"
    assert api.requests[0].headers["Authorization"] == "Bearer meta-token"
    assert cdn.requests[0].headers["Authorization"] == "Bearer meta-token"


def test_s3_media_store_keeps_bytes_and_content_type(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="ap-south-1")
        client.create_bucket(Bucket="munshi-media", CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
        store = S3MediaStore(client, "munshi-media")
        key = store.put(b"%PDF-1.7", "application/pdf")
        stored = store.get(key)
        assert stored.data == b"%PDF-1.7" and stored.content_type == "application/pdf"
        head = client.head_object(Bucket="munshi-media", Key="media/" + key)
        assert head["ContentType"] == "application/pdf"
        from bot.runtime.media_store import MediaNotFound

        with pytest.raises(MediaNotFound):
            store.get("2026/11/missing.pdf")


def test_an_expired_meta_download_url_is_looked_up_again_once(api, cdn):
    answers = iter([Answer(404, b"expired"), Answer(200, b"OggS again", "audio/ogg")])
    cdn.responder = lambda request: next(answers)
    data = fetcher(api).fetch("meta", InboundMedia(url="MEDIA1", content_type="audio/ogg"))
    assert data == b"OggS again"
    assert [r.path for r in api.requests] == ["/v21.0/MEDIA1", "/v21.0/MEDIA1"]
    cdn.responder = lambda request: Answer(403, b"no")
    with pytest.raises(MediaRejected) as rejected:
        fetcher(api).fetch("meta", InboundMedia(url="MEDIA1", content_type="audio/ogg"))
    assert rejected.value.reason == "download_failed"
