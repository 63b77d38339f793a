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
from intents.alerts import decide_alerts
from intents.analysis import Analysis, analyse
from intents.calibration import calibrated, features
from intents.dialogue import decide_dialogue
from intents.newparty import unmask_names, with_new_party
from intents.normalise import normalise
from intents.profile import PROFILE_TOOLS, decide_new_item, decide_profile
from intents.reads import read_candidates
from intents.scoring import Candidate, Score, choose
from intents.script import detect_normalised
from intents.vocab import ShopVocabulary, index_for
from intents.writes import decide_write

AUTO_APPLY = 0.8
MAX_CHARS = 1000
ACTS = frozenset({"confirm", "cancel", "greeting", "help"})
WRITES = frozenset({
    "record_sale", "record_purchase", "record_sale_return", "record_expense", "record_payment_in",
    "record_payment_out", "add_item", "set_price", "adjust_stock", "add_party", "send_payment_reminder",
    "share_bill", "set_language", "add_staff", "undo_last", "record_purchase_invoice", "set_address",
    "set_shop_profile", "set_party_details", "set_opening_balance", "set_digest", "set_reminder_rule",
    "set_pack_size", "send_reorder",
})


@dataclass(frozen=True)
class ParseResult:
    tool: str
    args: dict = field(default_factory=dict)
    lang: str = "en"
    script: str = "Latn"
    confidence: float = 0.0
    score: float = 0.0  # the scorer's own value, before calibration
    unclear: tuple[str, ...] = ()  # the words nothing explained, in the order said
    nearest: str | None = None  # for `unknown`: the tool whose phrasing comes closest to what was said
    features: dict = field(default_factory=dict, compare=False, repr=False)

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
        a = unmask_names(analyse(norm, index_for(vocab), today), vocab.learnable)
        tool, args, raw, feats = _scored(a, text, vocab.learnable)[0]
    except Exception:  # noqa: BLE001
        return ParseResult("unknown", {}, detected.lang, detected.script, 0.0)
    raw = max(0.0, min(1.0, raw))
    confidence = calibrated(feats, raw) if feats else raw
    if tool in WRITES:
        confidence = min(confidence, raw)  # calibration never lets a write apply itself that the scorer would ask
    unclear = tuple(a.tokens[i] for i in a.unknown_tokens() if any(c.isalpha() for c in a.tokens[i]))
    return ParseResult(tool, args, detected.lang, detected.script, round(confidence, 3), score=round(raw, 3),
                       features=feats, unclear=unclear, nearest=nearest_tool(a) if tool == "unknown" else None)


def nearest_tool(a: Analysis) -> str | None:
    """What a message nothing fitted comes closest to, by what it names: a party, goods, a sum, a topic."""
    if a.parties:
        return "record_payment_in" if a.numbers else "party_balance"
    if a.items or a.foreign:
        return "record_sale" if a.numbers else "price_query"
    if a.numbers:
        return "record_sale"
    if a.has("c:sales", "c:sell", "c:stock", "c:price", "c:dues", "c:expense", "c:profit", "c:total"):
        return "sales_summary"
    return None  # chit-chat ("mera naam kya hai"): the general examples serve better than one


def _unread_amounts(a) -> int:
    """Unknown words right before a rupee or unit word ("सैंतीस रुपये"): most likely a number the
    parser could not read, so a write built without it is asked back."""
    count = 0
    for i in a.unknown_tokens():
        nxt = a.at(i + 1)
        if "c:money" in nxt or (i + 1) in a.units or "c:per" in nxt:
            count += 1
    return count


def _scored(a: Analysis, raw: str, learnable: frozenset[str] = frozenset()) -> list[tuple[str, dict, float, dict]]:
    """The winner first, then the other frames that fitted: (tool, args, score, calibration features)."""
    got = decide(a, raw, learnable)
    if got is None:
        unknown = Score(0.3 if a.items or a.parties else 0.9 if a.unknown_tokens() else 0.6)
        return [("unknown", {}, unknown.value, features("unknown", unknown.features()))]
    others = [c for c in candidates(a, raw, learnable)[1:]]
    scored = []
    for c in (got, *others):
        tool, args = with_new_party(c.tool, c.args, a)
        scored.append((tool, args, c.score.value, features(_kind(tool), c.score.features())))
    return scored


def _kind(tool: str) -> str:
    return "write" if tool in WRITES else "act" if tool in ACTS else "read"


def explain(text: str, vocab: ShopVocabulary, today: date) -> list[tuple[str, dict, float, dict]]:
    """Every frame that fitted a message, the winner first, with its score and calibration features
    (for fitting the calibration model and for tracing a parse)."""
    norm = normalise(text)
    return _scored(unmask_names(analyse(norm, index_for(vocab), today), vocab.learnable), text, vocab.learnable)


def decide(a: Analysis, raw: str, learnable: frozenset[str] = frozenset()) -> Candidate | None:
    """The first kind of act that fits (dialogue, administration, read, write), its score marked for what
    the whole message leaves unexplained and for a runner-up close behind it."""
    found = candidates(a, raw, learnable)
    if not found:
        return None
    winner = found[0]
    choose([winner, *found[1:]], prefer_first=True)
    return winner


def candidates(a: Analysis, raw: str, learnable: frozenset[str] = frozenset()) -> list[Candidate]:
    """Every frame that fits, each scored, in the order they are tried (the first one wins)."""
    alert = decide_alerts(a, raw)
    if alert is not None:  # a rule of what Munshi says unprompted, said by its own shape ("har 7 din")
        return [Candidate("alerts", alert[0], alert[1], Score(alert[2]))]
    out: list[Candidate] = []
    for got in (decide_dialogue(a), decide_admin(a, raw)):
        if got is not None:
            out.append(got)
    profile = _shaped(a, raw, learnable)
    if profile is not None and not out:
        return [profile]  # said by its own shapes (a VPA, a GSTIN, a phone): names are no unknown words here
    out.extend(read_candidates(a))
    if not out or out[0].tool not in WRITES:
        write = decide_write(a, raw)
        if write is not None:
            out.append(write)
    for got in out:
        mark_message(a, got)
    return out


def _shaped(a: Analysis, raw: str, learnable: frozenset[str]) -> Candidate | None:
    """The shop's profile, a party's details, an opening balance or a new item with its price, each
    recognised by its own shape (tried after dialogue acts and administration)."""
    for got in (decide_profile(a, raw, learnable), decide_new_item(a, raw)):
        if got is not None:
            tool, args, confidence = got
            return Candidate("profile" if tool in PROFILE_TOOLS else "new_item", tool, args, Score(confidence))
    return None


def mark_message(a: Analysis, got: Candidate) -> None:
    unknown = len(a.unknown_tokens())
    if got.tool in WRITES:
        got.score.mark("unknown_word_write", unknown)
        got.score.mark("unread_amount", _unread_amounts(a))
        if a.has("c:q") or a.text.endswith("?"):
            got.score.mark("write_asked")  # "cheeni 2 kilo di hai kya ramesh ko?": a write asked about is confirmed first
    else:
        got.score.mark("unknown_word_read", unknown)
