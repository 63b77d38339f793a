"""Free text the reply catalogs cannot carry (a voucher's note, an answer in a language the model
writes poorly) goes through a `Translator` port: `NoTranslation` offline (the text is kept as it
is), `AmazonTranslate` over boto3's translate client in production. Neither raises: a failure
or a language Translate lacks keeps the original text.
"""

from __future__ import annotations

from typing import Any, Protocol

from bot.app.observability import get_logger

log = get_logger("munshi.translate")

MAX_BYTES = 9000  # TranslateText refuses 10,000 UTF-8 bytes and more
SUPPORTED = frozenset({"en", "hi", "ta", "te", "bn", "mr", "gu", "kn", "ml", "pa"})


class Translator(Protocol):
    def translate(self, text: str, source: str, target: str) -> str: ...


class NoTranslation:
    """The offline adapter: the text as it is."""

    def translate(self, text: str, source: str, target: str) -> str:
        return text


def chunks(text: str, limit: int = MAX_BYTES) -> list[str]:
    """`text` cut at line ends (or, for one long line, at spaces) into pieces under `limit` bytes."""
    pieces: list[str] = []
    current = ""
    for unit in text.splitlines(keepends=True):
        while len(unit.encode()) > limit:  # one line too long: cut it at the last space that fits
            cut = unit.encode()[:limit].decode("utf-8", "ignore")
            at = cut.rfind(" ")
            head = cut[: at + 1] if at > 0 else cut
            pieces.append(head)
            unit = unit[len(head):]
        if len((current + unit).encode()) > limit:
            pieces.append(current)
            current = ""
        current += unit
    if current:
        pieces.append(current)
    return [p for p in pieces if p]


class AmazonTranslate:
    """Amazon Translate's TranslateText, in pieces under its size limit."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def translate(self, text: str, source: str, target: str) -> str:
        if not text.strip() or source == target or source not in SUPPORTED or target not in SUPPORTED:
            return text
        try:
            return "".join(
                self.client.translate_text(Text=piece, SourceLanguageCode=source,
                                           TargetLanguageCode=target)["TranslatedText"]
                for piece in chunks(text)
            )
        except Exception as exc:  # noqa: BLE001 - any failure keeps the untranslated text
            log.warning("translate_failed", source=source, target=target, error=type(exc).__name__)
            return text
