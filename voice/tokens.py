"""Whisper tokens that write another script than the language's own, to suppress while decoding.

Whisper's byte-level BPE tokens are UTF-8 byte strings, many of them fragments of a letter. A token
is foreign to a script when its bytes start a letter of another writing system: the two-byte lead
bytes of Greek, Cyrillic, Hebrew, Arabic (Urdu) and their neighbours, the second byte of another
Indic block after 0xE0, or the lead bytes of CJK and Hangul. Punctuation and digits stay; Latin
stays unless the transcript must be in the language's own letters.
"""

from __future__ import annotations

from collections.abc import Mapping

# Second byte after 0xE0 of each Indic block's letters (U+0900..U+0DFF, U+0E00.. is Thai onwards).
_INDIC_SECOND_BYTES: dict[str, frozenset[int]] = {
    "Deva": frozenset({0xA4, 0xA5}),
    "Beng": frozenset({0xA6, 0xA7}),
    "Guru": frozenset({0xA8, 0xA9}),
    "Gujr": frozenset({0xAA, 0xAB}),
    "Orya": frozenset({0xAC, 0xAD}),
    "Taml": frozenset({0xAE, 0xAF}),
    "Telu": frozenset({0xB0, 0xB1}),
    "Knda": frozenset({0xB2, 0xB3}),
    "Mlym": frozenset({0xB4, 0xB5}),
}
_FOREIGN_TWO_BYTE_LEADS = range(0xCD, 0xE0)  # U+0340..U+07FF: Greek, Cyrillic, Hebrew, Arabic, ...
_FOREIGN_THREE_BYTE_LEADS = range(0xE3, 0xEE)  # U+3000..U+DFFF: CJK, kana, Hangul, Yi


def _gpt2_byte_decoder() -> dict[str, int]:
    """The inverse of GPT-2's bytes_to_unicode: the printable character standing for each byte."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    printable += list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(printable, chars, strict=True)}


_BYTE_DECODER = _gpt2_byte_decoder()


def token_bytes(piece: str) -> bytes | None:
    """The bytes a BPE vocabulary entry stands for; None for special tokens (<|en|>, ...)."""
    try:
        return bytes(_BYTE_DECODER[c] for c in piece)
    except KeyError:
        return None


_LATIN_LETTER_BYTES = frozenset((*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC3, 0xCA)))  # A-Z a-z, Latin-1/Extended-A


def is_foreign(data: bytes, script: str, latin: bool = True) -> bool:
    """True when these token bytes begin a letter of another script than `script` (and Latin,
    unless `latin` is False: a Tamil user's transcript in Tamil letters only)."""
    own = _INDIC_SECOND_BYTES.get(script, frozenset())
    if not latin and any(byte in _LATIN_LETTER_BYTES for byte in data):
        return True
    for index, byte in enumerate(data):
        if byte in _FOREIGN_TWO_BYTE_LEADS or byte in _FOREIGN_THREE_BYTE_LEADS:
            return True
        if byte == 0xE0 and index + 1 < len(data):
            second = data[index + 1]
            if 0xA4 <= second <= 0xBF and second not in own:
                return True
    return False


def foreign_script_tokens(vocabulary: Mapping[str, int], script: str, latin: bool = True) -> list[int]:
    """Ids (sorted) of the vocabulary's entries (piece -> id) that write another script than `script`
    (or Latin letters, when `latin` is False). Special tokens (<|hi|>, <|0.00|>) are never among them."""
    found = []
    for piece, token_id in vocabulary.items():
        if piece.startswith("<|"):
            continue
        data = token_bytes(piece)
        if data is not None and is_foreign(data, script, latin):
            found.append(token_id)
    return sorted(found)
