"""A name the books do not know, said with an Indic case ending glued on ("రమేష్‌కు", "রমেশকে",
"रमेशला", "રમેશને", "ರಮೇಶ್‌ಗೆ", "രമേശിന്", "லட்சுமிக்கு") or before a separate postposition
("ਰਮੇਸ਼ ਨੂੰ"): the party of a write that names none, kept in Latin letters, for the bot to confirm.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from intents.analysis import Analysis
from intents.matching import Mention
from intents.normalise import normalise
from intents.script import script_of
from intents.translit import display_latin, key

# Endings of the dative, ergative and ablative that follow a person's name, longest first per script.
CASE_ENDINGS = sorted((
    "க்கு", "ுக்கு", "உக்கு", "கு", "ிடம்", "ுடைய", "இடம்", "கிட்ட", "ட்ட", "இடமிருந்து", "கிட்டே",
    "కు", "కి", "నుండి", "దగ్గర",
    "কে", "দের", "এর", "র",
    "ला", "ने", "कडून", "कडे", "ना", "नी", "चा", "ची", "चे",
    "ને", "એ", "પાસે", "થી", "નો", "ની", "નું", "ের", "এর", "িন্", "ின்",
    "ಗೆ", "ಿಗೆ", "ಕ್ಕೆ", "ಅವರಿಗೆ", "ಇಂದ", "ರಿಂದ",
    "ിന്", "ക്ക്", "ന്", "ിൽനിന്ന്",
), key=len, reverse=True)
POSTPOSITIONS = frozenset(
    "ਨੂੰ ਨੇ ਤੋਂ ਦਾ ਦੀ ਕੋਲੋਂ ਕੋਲ को ने से का की के कडे कडून चा ची चे ને નો નું પાસેથી પાસે કને கிட்ட கிட்டே இடம் "
    "থেকে কাছে কাছ থেকে నుండి దగ్గర ಇಂದ ಹತ್ರ ಬಳಿ നിന്ന് ko ne se ku kitta ka ki ke".split())
# Words of a business's name said in an Indian script, kept in their usual English spelling.
BUSINESS_WORDS = {
    "ट्रेडर्स": "Traders", "ट्रेडर": "Trader", "स्टोर्स": "Stores", "स्टोर": "Store", "एजेंसी": "Agency",
    "एजन्सी": "Agency", "किराना": "Kirana", "किराणा": "Kirana", "ஏஜென்சீஸ்": "Agencies", "ஏஜென்சி": "Agency",
    "ஸ்டோர்ஸ்": "Stores", "டிரேடர்ஸ்": "Traders", "ட்ரேடர்ஸ்": "Traders", "ট্রেডার্স": "Traders",
    "ટ્રેડર્સ": "Traders", "ಟ್ರೇಡರ್ಸ್": "Traders", "ట్రేడర్స్": "Traders",
}
MAX_NAME_WORDS = 3
PARTY_WRITES = frozenset({"record_sale", "record_purchase", "record_payment_in", "record_payment_out",
                          "record_sale_return"})
MIN_STEM = 2


# An ending that opens with a vowel sign leaves a bare consonant, which a virama closes ("கணேசனுக்கு" -> "கணேசன்").
VIRAMA = {"Taml": "\u0BCD", "Mlym": "\u0D4D", "Knda": "\u0CCD", "Telu": "\u0C4D"}


def stem_of(token: str) -> str | None:
    for ending in CASE_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= MIN_STEM:
            stem = token[: -len(ending)]
            if unicodedata.category(ending[0]) in ("Mn", "Mc"):
                stem += VIRAMA.get(script_of(stem), "")
            return stem
    return None


def _latin(word: str) -> str:
    return BUSINESS_WORDS.get(word) or display_latin(word).strip().title()


def _wordlike(a: Analysis, i: int, unknown: set[int]) -> bool:
    token = a.tokens[i]
    return i in unknown and not token.isascii() and any(c.isalpha() for c in token) and not any(
        c.isdigit() for c in token)


def guess_party(a: Analysis) -> str | None:
    """The Latin spelling of an unknown Indic name with a case ending, or before a postposition, with
    the unknown words right before it ("சரவணா ஏஜென்சீஸ் கிட்ட" -> "Saravana Agencies")."""
    unknown = set(a.unknown_tokens())
    for i, token in enumerate(a.tokens):
        if not _wordlike(a, i, unknown):
            continue
        nxt = a.tokens[i + 1] if i + 1 < len(a.tokens) else ""
        stem = token if nxt in POSTPOSITIONS else stem_of(token)
        if not stem:
            continue
        words = [stem]
        j = i - 1
        while j >= 0 and len(words) < MAX_NAME_WORDS and _wordlike(a, j, unknown):
            words.insert(0, a.tokens[j])
            j -= 1
        name = " ".join(_latin(w) for w in words)
        if len(name) >= 3:
            return name
    return None


def unmask_names(a: Analysis, learnable: frozenset[str]) -> Analysis:
    """Drop the loose readings of an item the shop has not catalogued yet where a person's name fits
    better: a glued case ending or a name's postposition after it, or an unknown word next to it
    ("सुनीता को" is Sunita, not a scrubber; "செல்விக்கு" Selvi, not a battery)."""
    if not learnable:
        return a
    unknown = set(a.unknown_tokens())
    drop, parties = [], []
    for m in a.items:
        if not (m.names & learnable):
            continue
        known = a.index.parties.get(key(" ".join(a.tokens[m.start:m.end])))
        if known:  # the shop's own customer "Guddu" before the lexicon's Telugu word for eggs
            drop.append(m)
            parties.append(Mention(m.start, m.end, "party", frozenset(known), 1.0))
            continue
        if m.score >= 1.0:
            continue
        last = a.tokens[m.end - 1]
        nxt = a.tokens[m.end] if m.end < len(a.tokens) else ""
        if stem_of(last) or nxt in POSTPOSITIONS or m.end in unknown or (m.start - 1) in unknown:
            drop.append(m)
    if not drop:
        return a
    freed = {i for m in drop for i in range(m.start, m.end)} - {i for m in parties for i in range(m.start, m.end)}
    mentions = sorted([m for m in a.mentions if m not in drop] + parties, key=lambda m: m.start)
    return replace(a, mentions=mentions, covered=a.covered - freed, _unknown=None)


def _known(name: str, a: Analysis) -> str | None:
    names = a.index.parties.get(key(normalise(name))) or set()
    return next(iter(names)) if len(names) == 1 else None


def with_new_party(tool: str, args: dict, a: Analysis) -> tuple[str, dict]:
    """(tool, args) with a party guessed from a glued case ending when the write needs one and names
    none; money "given" to a known supplier so named is a payment to them, not an expense."""
    if tool == "record_expense" and args.get("category") == "other" and a.has("c:give"):
        name = guess_party(a)
        known = _known(name, a) if name else None
        if known and a.index.party_kind.get(known) == "supplier":
            return "record_payment_out", {"party": known, "amount": args["amount"],
                                          "payment": args.get("payment") or "cash"}
        return tool, args
    if tool not in PARTY_WRITES or args.get("party"):
        return tool, args
    needs = args.get("payment") == "credit" or tool in ("record_payment_in", "record_payment_out")
    if not needs:
        return tool, args
    name = guess_party(a)
    if not name:
        return tool, args
    return tool, {**args, "party": _known(name, a) or name}
