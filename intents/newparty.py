"""A name the books do not know, said with an Indic case ending glued on ("రమేష్‌కు", "রমেশকে",
"रमेशला", "રમેશને", "ರಮೇಶ್‌ಗೆ", "രമേശിന്", "லட்சுமிக்கு") or before a separate postposition
("ਰਮੇਸ਼ ਨੂੰ"): the party of a write that names none, kept in Latin letters, for the bot to confirm.
"""

from __future__ import annotations

from intents.analysis import Analysis
from intents.translit import display_latin

# Endings of the dative, ergative and ablative that follow a person's name, longest first per script.
CASE_ENDINGS = sorted((
    "க்கு", "உக்கு", "கு", "இடம்", "கிட்ட", "ட்ட", "இடமிருந்து", "கிட்டே",
    "కు", "కి", "నుండి", "దగ్గర",
    "কে", "দের", "এর", "র",
    "ला", "ने", "कडून", "कडे", "ना", "नी",
    "ને", "એ", "પાસે", "થી",
    "ಗೆ", "ಿಗೆ", "ಕ್ಕೆ", "ಅವರಿಗೆ", "ಇಂದ", "ರಿಂದ",
    "ിന്", "ക്ക്", "ന്", "ിൽനിന്ന്",
), key=len, reverse=True)
POSTPOSITIONS = frozenset("ਨੂੰ ਨੇ ਤੋਂ को ने से कडे ને".split())
PARTY_WRITES = frozenset({"record_sale", "record_purchase", "record_payment_in", "record_payment_out",
                          "record_sale_return"})
MIN_STEM = 2


def _stem(token: str) -> str | None:
    for ending in CASE_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= MIN_STEM:
            return token[: -len(ending)]
    return None


def guess_party(a: Analysis) -> str | None:
    """The Latin spelling of an unknown Indic name with a case ending, or before a postposition."""
    unknown = set(a.unknown_tokens())
    for i, token in enumerate(a.tokens):
        if i not in unknown or token.isascii() or not any(c.isalpha() for c in token):
            continue
        nxt = a.tokens[i + 1] if i + 1 < len(a.tokens) else ""
        stem = token if nxt in POSTPOSITIONS else _stem(token)
        if stem:
            name = display_latin(stem).strip()
            if len(name) >= 3:
                return name.title()
    return None


def with_new_party(tool: str, args: dict, a: Analysis) -> dict:
    """`args` with a party guessed from a glued case ending when the write needs one and names none."""
    if tool not in PARTY_WRITES or args.get("party"):
        return args
    needs = args.get("payment") == "credit" or tool in ("record_payment_in", "record_payment_out")
    if not needs:
        return args
    name = guess_party(a)
    return {**args, "party": name} if name else args
