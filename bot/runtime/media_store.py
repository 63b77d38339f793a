"""Media Munshi sends (voice replies, invoice PDFs, images): stored locally or in S3, served by signed links.

`store.put(data, content_type) -> key`; `store.get(key) -> StoredMedia`; `MediaSigner.url(key)` makes
`{public_url}/media/{token}` where the token is HMAC-SHA256-signed (the secret key) and expires; the
web app's `GET /media/{token}` checks it and answers the bytes with their Content-Type
(voice replies as `audio/ogg`, which Twilio requires to match the file).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

EXTENSIONS = {
    "audio/ogg": ".ogg",
    "audio/opus": ".opus",
    "audio/mpeg": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/amr": ".amr",
    "audio/aac": ".aac",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "text/csv": ".csv",
}
CONTENT_TYPES = {ext: ctype for ctype, ext in EXTENSIONS.items() if ctype != "audio/x-wav"}


class MediaNotFound(Exception):
    """No media is stored under that key."""


class InvalidMediaToken(Exception):
    """The media link was forged, altered or has expired."""


@dataclass(frozen=True)
class StoredMedia:
    data: bytes
    content_type: str


class MediaStore(Protocol):
    def put(self, data: bytes, content_type: str, *, key: str | None = None) -> str: ...

    def get(self, key: str) -> StoredMedia: ...


def new_key(content_type: str) -> str:
    main = content_type.split(";", 1)[0].strip().lower()
    ext = EXTENSIONS.get(main, ".bin")
    return f"{datetime.now(UTC):%Y/%m}/{uuid.uuid4().hex}{ext}"


def content_type_for(key: str) -> str:
    return CONTENT_TYPES.get(Path(key).suffix.lower(), "application/octet-stream")


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in key:
        raise MediaNotFound(key)
    return key


class LocalMediaStore:
    """Files under one folder; the key (with its extension) decides the Content-Type."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def put(self, data: bytes, content_type: str, *, key: str | None = None) -> str:
        key = _check_key(key or new_key(content_type))
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        return key

    def get(self, key: str) -> StoredMedia:
        path = self.root / _check_key(key)
        if not path.is_file():
            raise MediaNotFound(key)
        return StoredMedia(path.read_bytes(), content_type_for(key))


class S3MediaStore:
    """Objects in one S3 bucket (with an optional prefix), stored with their Content-Type."""

    def __init__(self, client, bucket: str, prefix: str = "media/") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def put(self, data: bytes, content_type: str, *, key: str | None = None) -> str:
        key = _check_key(key or new_key(content_type))
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data, ContentType=content_type)
        return key

    def get(self, key: str) -> StoredMedia:
        from botocore.exceptions import ClientError  # botocore is there whenever an S3 client is


        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=self.prefix + _check_key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise MediaNotFound(key) from exc
            raise
        return StoredMedia(obj["Body"].read(), obj.get("ContentType") or content_type_for(key))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class MediaSigner:
    """Signed, expiring media tokens: `<key b64>.<expires unix>.<hmac>`; tampering or age refuses them."""

    def __init__(self, secret_key: str, public_url: str, ttl_seconds: int = 3600, clock=time.time) -> None:
        self._secret = hashlib.sha256(("munshi-media:" + secret_key).encode()).digest()
        self.public_url = public_url.rstrip("/")
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode(), hashlib.sha256).digest())

    def token(self, key: str, ttl_seconds: int | None = None) -> str:
        expires = int(self.clock()) + (ttl_seconds or self.ttl_seconds)
        payload = f"{_b64(key.encode())}.{expires}"
        return f"{payload}.{self._mac(payload)}"

    def url(self, key: str, ttl_seconds: int | None = None) -> str:
        return f"{self.public_url}/media/{self.token(key, ttl_seconds)}"

    def verify(self, token: str) -> str:
        """The key a token names; `InvalidMediaToken` when forged, altered, malformed or expired."""
        try:
            key_part, expires_part, mac = token.split(".")
            expires = int(expires_part)
            key = _unb64(key_part).decode()
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidMediaToken("malformed") from exc
        if not hmac.compare_digest(mac, self._mac(f"{key_part}.{expires_part}")):
            raise InvalidMediaToken("bad signature")
        if expires < self.clock():
            raise InvalidMediaToken("expired")
        return key


def build_media_store(settings, s3_client=None) -> MediaStore:
    """The local folder, or S3 through the client the composition root made."""
    if settings.media_store == "s3":
        if not settings.s3_bucket:
            raise ValueError("MUNSHI_S3_BUCKET is required when MUNSHI_MEDIA_STORE=s3")
        if s3_client is None:
            raise ValueError("MUNSHI_MEDIA_STORE=s3 needs an S3 client")
        return S3MediaStore(s3_client, settings.s3_bucket)
    return LocalMediaStore(Path(settings.media_dir))
