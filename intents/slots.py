"""Slot fillers: small pure functions from an `Analysis` to one argument of a tool call (the party,
known or new, and which way money moved; money; payment mode; expense kind; date; period; phone).

Item lines, the biggest filler, live in `lines.py`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from intents.analysis import Analysis
from intents.lexicon import words
from intents.matching import Mention
from intents.scoring import Score
from intents.translit import display_latin, word_key
from intents.vocab import HONORIFIC_KEYS

PAY_ORDER = ("p:upi", "p:card", "p:bank", "p:credit", "p:cash")
CATEGORIES = ("k:rent", "k:salary", "k:electricity", "k:transport", "k:repairs", "k:tea_snacks",
              "k:packaging", "k:phone")
_INVOICE = re.compile(r"(?:bill|invoice|inv|बिल|challan|चालान)\s*(?:no|number|nambar|नंबर|नम्बर|#)\s*[:#-]?\s*"
                      r"([a-z0-9][a-z0-9\-/]*)", re.IGNORECASE)
PHONE = re.compile(r"(?:\+?91[\s-]?)?([6-9]\d{9})\b")
_VERBS = ("c:sell", "c:buy", "c:give", "c:recv", "c:came", "c:return", "c:custbuy", "c:settle")


def payment(a: Analysis, allow_credit: bool = True) -> str | None:
    for label in PAY_ORDER:
        if label in a.labels and (allow_credit or label != "p:credit"):
            return label[2:]
    return None


def category(a: Analysis) -> str | None:
    """The expense kind: the most specific (longest) cue wins; a vehicle beats a bare "rent"."""
    best, best_len = None, 0
    for label in ("k:transport", *CATEGORIES):
        for h in a.labels.get(label, []):
            if h.end - h.start > best_len:
                best, best_len = label[2:], h.end - h.start
    return best


def kinds_said(a: Analysis) -> set[str]:
    """Every kind of expense a cue of the message names."""
    return {label[2:] for label in CATEGORIES if label in a.labels}


def invoice_no(raw: str) -> str | None:
    m = _INVOICE.search(raw)
    return m.group(1).upper() if m else None


def phone(raw: str) -> str | None:
    """A mobile number typed in full, as +91XXXXXXXXXX."""
    m = PHONE.search(raw)
    return "+91" + m.group(1) if m else None


def past_date(a: Analysis) -> str | None:
    """The day a write happened when it was not today ("kal bika"); a day ahead is a promise, not a date."""
    if a.time.date and a.time.date < a.today:
        return a.time.date.isoformat()
    return None


def period(a: Analysis, default: str | None) -> str | dict | None:
    return a.time.period or default


def item(a: Analysis) -> tuple[str | None, float]:
    """The one item a read is about and how well it matched (a foreign one by its name)."""
    if a.items:
        m = a.items[0]
        return m.name, (m.score if len(m.names) == 1 else 0.5) * (0.8 if len(a.items) > 1 else 1.0)
    if a.foreign:
        return a.foreign[0].name.title(), 0.4
    return None, 1.0


def voucher_amount(a: Analysis, used: set[int]) -> Decimal | None:
    """A whole-voucher amount: the biggest money number not used by a line."""
    nums = [n for n in a.numbers if n.start not in used and not n.weak and n.value > 0 and n.end not in a.units]
    if not nums:
        return None
    with_money = [n for n in nums if "c:money" in (a.at(n.end) | a.at(n.start - 1))]
    return max(with_money or nums, key=lambda n: n.value).value


def negated(a: Analysis) -> bool:
    """"cheeni nahi biki": a "no" right before or after the verb takes the event back."""
    for h in a.labels.get("c:no", []):
        if h.end - h.start > 1:
            return True
        near = a.at(h.end) | a.at(h.start - 1)
        if any(v in near for v in _VERBS):
            return True
    return False


def mark_plausible(score: Score, lines: list[dict], amount: Decimal | None) -> Score:
    """Shop-sized numbers apply themselves; a 5,000 kg line or a crore rupee sale is asked back."""
    for line in lines:
        qty = Decimal(str(line["qty"]))
        limit = Decimal(50000) if line["unit"] in ("g", "ml") else Decimal(500)
        if qty > limit * 10:
            score.mark("qty_huge")
        elif qty > limit:
            score.mark("qty_large")
        if qty <= 0:
            score.mark("qty_not_positive")
    if amount is not None:
        if amount < 10:
            score.mark("amount_tiny")  # "3 saman" is a count, not a bill of three rupees
        if amount > 10_000_000:
            score.mark("amount_crore")
        elif amount > 500_000:
            score.mark("amount_lakhs")
    return score


def new_party(a: Analysis) -> Mention | None:
    """A name the books do not know, said as a party ("Mahesh ko", "to Mahesh"): kept as said,
    in Latin letters, with a low score so the bot asks before writing."""
    unknown = set(a.unknown_tokens())

    def wordlike(j: int) -> bool:
        tok = a.tokens[j]
        return j in unknown and any(c.isalpha() for c in tok) and not any(c.isdigit() for c in tok)

    for m, tok in enumerate(a.tokens):
        run = _name_run(a, m, tok, wordlike)
        if run and len(a.tokens[run[0]]) >= 3:
            return _named(a, run)
    run = _subject_run(a, wordlike)
    return _named(a, run) if run else None


def _named(a: Analysis, run: list[int]) -> Mention:
    name = display_latin(" ".join(a.tokens[i] for i in run))
    return Mention(run[0], run[-1] + 1, "party", frozenset([name]), 0.6)


def _subject_run(a: Analysis, wordlike) -> list[int]:
    """"ராமு 200 ரூபாய் கொடுத்தார்": with a verb of someone paying the shop, the unknown words that open
    the message, right before the sum, are who paid."""
    if not (paid_by_them(a) and a.numbers):
        return []
    run = []
    j = 0
    while j < len(a.tokens) and word_key(a.tokens[j]) in HONORIFIC_KEYS:
        j += 1
    while j < len(a.tokens) and wordlike(j) and len(run) < 3:
        run.append(j)
        j += 1
    while j < len(a.tokens) and word_key(a.tokens[j]) in HONORIFIC_KEYS:
        j += 1
    starts_sum = any(n.start == j for n in a.numbers)
    return run if run and starts_sum and len(a.tokens[run[0]]) >= 3 else []


def paid_by_them(a: Analysis) -> bool:
    """A verb of receiving, not only one of giving: "கொடுத்தார்" (he gave) carries both labels, "diya" one."""
    recv = {i for h in a.labels.get("c:recv", []) for i in range(h.start, h.end)}
    give = {i for h in a.labels.get("c:give", []) for i in range(h.start, h.end)}
    return bool(recv) and give <= recv


def _name_run(a: Analysis, m: int, tok: str, wordlike) -> list[int]:
    run: list[int] = []
    if tok in words("party_before"):
        if tok in words("since_words") and not a.has("c:buy", "c:came", "c:recv"):
            return run  # "subah se" is since the morning, not from someone
        j = m - 1
        if j >= 0 and a.tokens[j] in words("role"):
            return run  # "safai wale ko": a role, not a name
        while j >= 0 and word_key(a.tokens[j]) in HONORIFIC_KEYS:
            j -= 1  # "sharma ji ko"
        while j >= 0 and wordlike(j) and len(run) < 3:
            run.insert(0, j)
            j -= 1
    elif tok in words("party_after"):
        j = m + 1
        while j < len(a.tokens) and wordlike(j) and len(run) < 3:
            run.append(j)
            j += 1
    return run


def taken_from(a: Analysis, party: Mention) -> bool:
    """"lakshmi kitta", "செல்வத்திடம்", "ramesh se": the party is where it came from."""
    if party.end < len(a.tokens) and a.tokens[party.end] in words("taken_from"):
        return True
    return a.tokens[party.end - 1].endswith(tuple(words("taken_from_endings")))


def sent_to(a: Analysis, party: Mention) -> bool:
    """"ramesh ko 500 diye", "paid ramesh 500": the party is the one who got it."""
    after = a.tokens[party.end] if party.end < len(a.tokens) else ""
    before = a.tokens[party.start - 1] if party.start else ""
    return after in words("sent_to_after") or before in words("sent_to_before")


def said_by(a: Analysis, party: Mention) -> bool:
    """"ramesh ne ... diye": the party is the one who did it."""
    return party.end < len(a.tokens) and a.tokens[party.end] in words("said_by")


def direction(a: Analysis, party: Mention) -> str | None:
    """Money and a party the books do not know: which way did it go?"""
    if paid_by_them(a):
        return "record_payment_in"
    if a.has("c:give"):
        return "record_payment_in" if said_by(a, party) else "record_payment_out"
    return None
