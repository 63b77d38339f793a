"""Downloads inbound media with each provider's authentication, within type and size limits.

Twilio: HTTP Basic auth (account SID + auth token) is sent only to our own account's media URLs
(`{twilio_api_base host}/…/Accounts/{our AC}/…`); any other host is refused without a request, so a
forged webhook cannot harvest the token. Redirects to the CDN are followed (httpx drops the
Authorization header across origins), and the media is deleted at Twilio once its message is done.
Meta: `GET /{media_id}` with the Bearer token, then the URL it names with the same token. Web:
`media:KEY` names bytes already in our media store.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

import httpx

from bot.conversation.messages import InboundMedia

ALLOWED_TYPES = frozenset(
    {
        "audio/ogg", "audio/opus", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr", "audio/wav",
        "audio/x-wav", "audio/webm", "audio/3gpp",
        "image/jpeg", "image/png", "image/webp",
        "application/pdf",
    }
)


# What a sender says when it does not know (curl's default, some gateways and uploaders): the type
# is then read from the bytes themselves.
GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown",
                           "application/binary"})

# File signatures: (offset, magic bytes, MIME type), first match wins.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"OggS", "audio/ogg"),
    (0, b"#!AMR", "audio/amr"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\xff\xfb", "audio/mpeg"),
    (0, b"\xff\xf3", "audio/mpeg"),
    (0, b"\xff\xf2", "audio/mpeg"),
    (0, b"\xff\xf1", "audio/aac"),
    (0, b"\xff\xf9", "audio/aac"),
    (0, b"\x1aE\xdf\xa3", "audio/webm"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"%PDF-", "application/pdf"),
)


def sniff_content_type(data: bytes) -> str | None:
    """The MIME type the bytes show by their signature (voice notes, photos, PDFs), or None."""
    for offset, magic, mime in _SIGNATURES:
        if data[offset:offset + len(magic)] == magic:
            return mime
    if data[:4] == b"RIFF" and data[8:12] in (b"WAVE", b"WEBP"):
        return "audio/wav" if data[8:12] == b"WAVE" else "image/webp"
    if data[4:8] == b"ftyp":
        brand = data[8:11]
        return "audio/3gpp" if brand in (b"3gp", b"3g2") else "audio/mp4"
    return None


def recognised(media: InboundMedia, data: bytes) -> InboundMedia:
    """The media with the type its bytes show when the sender named none (octet-stream); as it was
    otherwise — a PNG sent as "audio/ogg" stays a voice note, and is refused as one."""
    if main_type(media.content_type) not in GENERIC_TYPES:
        return media
    sniffed = sniff_content_type(data)
    if sniffed is None:
        raise MediaRejected("unsupported", "unrecognised bytes sent as " + (main_type(media.content_type) or "no type"))
    return replace(media, content_type=sniffed)


class MediaRejected(Exception):
    """Inbound media that was not fetched: `reason` is too_large, unsupported or download_failed."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class _Expired(Exception):
    """The download URL answered as an expired or unauthorised one."""


def main_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


class MediaFetcher:
    def __init__(self, settings, media_store=None, http: httpx.Client | None = None) -> None:
        self.settings = settings
        self.media_store = media_store
        self.max_bytes = int(settings.max_media_bytes)
        self.http = http or httpx.Client(timeout=httpx.Timeout(20.0, connect=5.0), follow_redirects=True)

    def close(self) -> None:
        self.http.close()

    def fetch(self, channel: str, media: InboundMedia) -> bytes:
        declared = main_type(media.content_type)
        if declared not in ALLOWED_TYPES and declared not in GENERIC_TYPES:
            raise MediaRejected("unsupported", main_type(media.content_type))
        if media.size is not None and media.size > self.max_bytes:
            raise MediaRejected("too_large", str(media.size))
        if media.url.startswith("media:"):
            return self._from_store(media.url.removeprefix("media:"))
        if channel == "twilio":
            return self._twilio(media.url)
        if channel == "meta":
            return self._meta(media.url)
        raise MediaRejected("unsupported", f"no media download for channel {channel}")

    def _from_store(self, key: str) -> bytes:
        if self.media_store is None:
            raise MediaRejected("download_failed", "no media store")
        try:
            data = self.media_store.get(key).data
        except Exception as exc:  # noqa: BLE001 - any store failure is a failed download
            raise MediaRejected("download_failed", type(exc).__name__) from exc
        if len(data) > self.max_bytes:
            raise MediaRejected("too_large", str(len(data)))
        return data

    def forget(self, channel: str, media: InboundMedia) -> bool:
        """Delete a Twilio media item once its message is handled (Twilio keeps it until deleted).

        Best effort: True when Twilio confirmed; other channels keep nothing to delete.
        """
        if channel != "twilio" or not self.twilio_url_is_ours(media.url):
            return False
        url = media.url if media.url.endswith(".json") else media.url + ".json"
        try:
            response = self.http.delete(url, auth=(self.settings.twilio_account_sid, self.settings.twilio_auth_token or ""))
        except httpx.HTTPError:
            return False
        return response.status_code in (200, 204, 404)

    def twilio_url_is_ours(self, url: str) -> bool:
        sid = self.settings.twilio_account_sid
        if not sid:
            return False
        base = urlsplit(self.settings.twilio_api_base)
        parts = urlsplit(url)
        if parts.scheme != base.scheme or parts.netloc.lower() != base.netloc.lower():
            return False
        pattern = rf"^/2010-04-01/Accounts/{re.escape(sid)}/Messages/[A-Za-z0-9]+/Media/[A-Za-z0-9]+(\.json)?$"
        return re.match(pattern, parts.path) is not None

    def _twilio(self, url: str) -> bytes:
        if not self.twilio_url_is_ours(url):
            raise MediaRejected("unsupported", "media URL is not our Twilio account's")
        auth = (self.settings.twilio_account_sid, self.settings.twilio_auth_token or "")
        try:
            return self._download(url, auth=auth)
        except _Expired as exc:
            raise MediaRejected("download_failed", f"HTTP {exc.args[0]}") from exc

    def _meta(self, media_id: str) -> bytes:
        token = self.settings.meta_access_token or ""
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", media_id):
            raise MediaRejected("unsupported", "bad media id")
        headers = {"Authorization": f"Bearer {token}"}
        # The download URL lives five minutes: when it has expired, look the media id up once more.
        for attempt in (1, 2):
            info = self._meta_info(media_id, headers)
            try:
                return self._download(info["url"], headers=headers)
            except _Expired:
                if attempt == 2:
                    raise MediaRejected("download_failed", "media URL expired") from None
        raise AssertionError("unreachable")

    def _meta_info(self, media_id: str, headers: dict) -> dict:
        try:
            response = self.http.get(f"{self.settings.meta_api_base.rstrip('/')}/{media_id}", headers=headers)
            response.raise_for_status()
            info = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise MediaRejected("download_failed", type(exc).__name__) from exc
        if int(info.get("file_size") or 0) > self.max_bytes:
            raise MediaRejected("too_large", str(info.get("file_size")))
        if info.get("mime_type") and main_type(info["mime_type"]) not in ALLOWED_TYPES | GENERIC_TYPES:
            raise MediaRejected("unsupported", main_type(info["mime_type"]))
        if not info.get("url"):
            raise MediaRejected("download_failed", "no url")
        return info

    def _download(self, url: str, *, auth=None, headers=None) -> bytes:
        try:
            with self.http.stream("GET", url, auth=auth, headers=headers) as response:
                if response.status_code in (401, 403, 404, 410):
                    raise _Expired(response.status_code)
                if response.status_code >= 400:
                    raise MediaRejected("download_failed", f"HTTP {response.status_code}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise MediaRejected("too_large", declared)
                ctype = main_type(response.headers.get("content-type"))
                if ctype and ctype not in ALLOWED_TYPES and ctype not in GENERIC_TYPES:
                    raise MediaRejected("unsupported", ctype)
                chunks: list[bytes] = []
                total = 0
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > self.max_bytes:
                        raise MediaRejected("too_large", f">{self.max_bytes}")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise MediaRejected("download_failed", type(exc).__name__) from exc
