"""`parse(text, vocab, today)`: a shopkeeper's message to one tool call of the contract.

Precision first: dialogue acts, administration, reads and writes are tried in that order and
the first that fits wins; a write below `AUTO_APPLY` makes the bot ask back, and a message
nothing fits is `unknown`. `parse` never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from intents.admin import decide_admin
from intents.analysis import analyse
from intents.dialogue import decide_dialogue
from intents.newparty import unmask_names, with_new_party
from intents.normalise import normalise
from intents.profile import PROFILE_TOOLS, decide_new_item, decide_profile
from intents.reads import decide_read
from intents.script import detect_normalised
from intents.vocab import ShopVocabulary, index_for
from intents.writes import decide_write

AUTO_APPLY = 0.8
MAX_CHARS = 1000
WRITES = frozenset({
    "record_sale", "record_purchase", "record_sale_return", "record_expense", "record_payment_in",
    "record_payment_out", "add_item", "set_price", "adjust_stock", "add_party", "send_payment_reminder",
    "share_bill", "set_language", "add_staff", "undo_last", "set_shop_profile", "set_party_details",
    "set_opening_balance", "set_pack_size",
})


@dataclass(frozen=True)
class ParseResult:
    tool: str
    args: dict = field(default_factory=dict)
    lang: str = "en"
    script: str = "Latn"
    confidence: float = 0.0

    @property
    def is_write(self) -> bool:
        return self.tool in WRITES

    @property
    def auto_apply(self) -> bool:
        return self.confidence >= AUTO_APPLY


def today_in_india() -> date:
    return datetime.now(ZoneInfo("Asia/Kolkata")).date()


def parse(text: str, vocab: ShopVocabulary, today: date | None = None) -> ParseResult:
    """Parse one message. Returns `unknown` (confidence 0) rather than raising."""
    today = today or today_in_india()
    try:
        norm = normalise(text if isinstance(text, str) else "")
        detected = detect_normalised(norm)
    except Exception:  # noqa: BLE001 - a parser must answer every message
        return ParseResult("unknown", {}, "en", "Latn", 0.0)
    if not norm or len(norm) > MAX_CHARS:
        return ParseResult("unknown", {}, detected.lang, detected.script, 0.0)
    try:
        tool, args, confidence = _decide(norm, text, vocab, today)
    except Exception:  # noqa: BLE001
        tool, args, confidence = "unknown", {}, 0.0
    confidence = round(max(0.0, min(1.0, confidence)), 3)
    return ParseResult(tool, args, detected.lang, detected.script, confidence)


def _unread_amounts(a) -> int:
    """Unknown words right before a rupee or unit word ("सैंतीस रुपये"): most likely a number the
    parser could not read, so a write built without it is asked back."""
    count = 0
    for i in a.unknown_tokens():
        nxt = a.at(i + 1)
        if "c:money" in nxt or (i + 1) in a.units or "c:per" in nxt:
            count += 1
    return count


def _decide(norm: str, raw: str, vocab: ShopVocabulary, today: date) -> tuple[str, dict, float]:
    a = unmask_names(analyse(norm, index_for(vocab), today), vocab.learnable)
    unknown = len(a.unknown_tokens())
    for decide in (decide_dialogue, lambda x: decide_admin(x, raw), lambda x: decide_profile(x, raw, vocab.learnable),
                   lambda x: decide_new_item(x, raw), decide_read, lambda x: decide_write(x, raw)):
        got = decide(a)
        if got is not None and got[0] in PROFILE_TOOLS:
            return got  # said by its own shapes (a VPA, a GSTIN, a phone): names are no unknown words here
        if got is not None:
            tool, args, conf = got
            tool, args = with_new_party(tool, args, a)
            penalty = 0.93 if tool in WRITES else 0.97
            conf *= penalty ** unknown
            if tool in WRITES:
                conf *= 0.7 ** _unread_amounts(a)
                if a.has("c:q") or norm.endswith("?"):
                    conf *= 0.75  # "cheeni 2 kilo di hai kya ramesh ko?": a write asked about is confirmed first
            return tool, args, conf
    if a.items or a.parties:
        return "unknown", {}, 0.3
    return "unknown", {}, 0.9 if unknown else 0.6
