"""Writes: sales, purchases, returns, expenses and payments.

`decide_write(a, raw)` returns a `Candidate` or None. The item lines and other slots come from
the fillers (`lines.py`, `slots.py`); this module decides which way the goods or money went, and
marks on the score, by name, everything that makes that decision doubtful.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from intents.analysis import Analysis
from intents.frames import write_frames
from intents.lexicon import words
from intents.lines import build_lines, num
from intents.matching import Mention
from intents.scoring import Candidate, Score
from intents.slots import (
    category,
    direction,
    invoice_no,
    kinds_said,
    mark_plausible,
    negated,
    new_party,
    paid_by_them,
    past_date,
    payment,
    said_by,
    sent_to,
    taken_from,
    voucher_amount,
)

BASE = 0.95
PAYMENT_WORDS = ("c:give", "c:recv", "c:came", "c:sure", "c:settle")


@dataclass
class Write:
    """What a message says happened, as the write frames read it."""

    a: Analysis
    raw: str
    lines: list[dict]
    used: set[int]
    score: Score
    party: Mention | None
    kind: str | None
    sell: bool
    buy: bool
    amount: Decimal | None

    @property
    def known(self) -> bool:
        return self.party is not None and self.party.name in self.a.index.party_kind

    def candidate(self, tool: str, args: dict, frame: str | None = None) -> Candidate:
        return Candidate(frame or tool, tool, args, self.score)


def decide_write(a: Analysis, raw: str) -> Candidate | None:
    """The write a message asks for, or None when it asks for none."""
    if _not_a_write(a):
        return None
    lines, used, line_score = build_lines(a)
    parties = a.parties
    kinds = [a.index.party_kind.get(p.name) for p in parties]
    if len({p.name for p in parties}) > 1 and len(set(kinds)) == 1 and lines:
        return None  # "ramesh aur suresh dono ko 1 1 kilo": one voucher cannot hold two customers
    if a.foreign and not lines:
        return None
    party = parties[0] if parties else new_party(a)
    w = Write(a, raw, lines, used, Score(BASE).absorb(line_score), party,
              a.index.party_kind.get(party.name) if party else None,
              a.has("c:sell") or (a.has("c:sales") and not a.question), a.has("c:buy"), voucher_amount(a, used))
    _mark_doubts(w)
    facts: dict[str, bool] = {}
    for frame in write_frames():
        if not frame.terms.holds(a, facts):
            continue
        w.score.base = frame.weight
        got = GUARDS[frame.name](w)
        if got is STOP:
            return None
        if got is not None:
            got.frame = frame.name
            return got
    return None


def _nothing_to_write(w: Write) -> Candidate | None:
    return STOP if not w.lines and w.amount is None else None


def _not_a_write(a: Analysis) -> bool:
    if not a.numbers:
        return True  # a write needs a quantity or a sum said; without one, asking is better
    if negated(a) or a.has("c:hypo"):
        return True  # "cheeni nahi biki", "agar ramesh 500 de": nothing happened
    # "ramesh wants 5 kilo rice tomorrow": an order, not yet a sale
    return a.has("c:want") and not a.has("c:sell", "c:give", "c:past", "c:custbuy", "c:came", "c:recv")


def _mark_doubts(w: Write) -> None:
    a, s = w.a, w.score
    if a.has("c:want") or (a.time.date and a.time.date > a.today) or (a.has("c:future") and not a.has("c:past")):
        s.mark("not_yet_done")  # "ramesh ko kal 5 kilo chahiye": wanted or due, not yet done - ask
    if len(a.parties) > 1:
        s.mark("two_parties")
    if a.foreign:
        s.mark("foreign_item")
    if len({line["item"] for line in w.lines}) < len(w.lines):
        s.mark("same_item_twice")  # most likely a correction ("1 kilo? nahi 2 packet")
    if w.lines and [n for n in a.numbers if n.start not in w.used and not n.weak]:
        s.mark("extra_number")


def _sale_return(w: Write) -> Candidate | None:
    if not (w.a.has("c:return") and w.lines):
        return None
    args: dict = {"items": w.lines}
    if w.party:
        args["party"] = w.party.name
        w.score.matched(w.party.score)
    if w.buy:
        w.score.mark("return_with_buy")
    return w.candidate("record_sale_return", args)


def _counted(a: Analysis) -> bool:
    return any(n.end in a.units or any(m.start == n.end for m in a.items) for n in a.numbers)


def _expense(w: Write) -> Candidate | None:
    """A kind of expense and a sum, with no known party and nothing sold or bought."""
    a = w.a
    cat = category(a)
    total = voucher_amount(a, set())
    if not cat or w.known or total is None or w.sell or (w.buy and (a.items or w.party)):
        return None
    if _counted(a) and cat != "tea_snacks":
        return None
    args = {"amount": num(total), "category": cat, "payment": payment(a, False) or "cash"}
    if day := past_date(a):
        args["date"] = day
    if not a.has("c:expense", "c:give"):
        w.score.mark("expense_without_verb")
    if cat in ("rent", "transport") and _rent_or_fare(a):
        w.score.mark("kind_unsure")
    if len(kinds_said(a) - {"rent"} if "transport" in kinds_said(a) else kinds_said(a)) > 1:
        w.score.mark("two_kinds")  # a vehicle's "bhada" is its fare, not rent: that pair is no doubt
    return w.candidate("record_expense", args)


def _rent_or_fare(a: Analysis) -> bool:
    """"bhada 3000 diya": rent or a fare? Only a shop (or godown) or a vehicle named tells which."""
    ambiguous = tuple(words("rent_or_fare"))
    if any(t.startswith(tuple(words("shop_words"))) for t in a.tokens):
        return False
    kind_words = [a.tokens[i] for label in ("k:rent", "k:transport") for h in a.labels.get(label, [])
                  for i in range(h.start, h.end)]
    return bool(kind_words) and all(t.startswith(ambiguous) for t in kind_words)


def _expense_generic(w: Write) -> Candidate | None:
    a = w.a
    total = voucher_amount(a, set())
    if not a.has("c:expense") or total is None or _counted(a) or w.known or w.sell or w.buy:
        return None
    w.score.mark("expense_generic")
    return w.candidate("record_expense", {"amount": num(total), "category": "other",
                                          "payment": payment(a, False) or "cash"})


def _for_the_shop(w: Write) -> Candidate | None:
    """"dukaan ke liye tarazu 1200 ka liya": bought for the shop's own use, no goods of the catalog, no one."""
    a = w.a
    total = voucher_amount(a, set())
    if not a.has("c:forshop") or total is None or w.lines or a.items or w.known or w.sell or _counted(a):
        return None
    w.score.mark("for_the_shop")
    args = {"amount": num(total), "category": category(a) or "other", "payment": payment(a, False) or "cash"}
    if day := past_date(a):
        args["date"] = day
    return w.candidate("record_expense", args)


def _unknown_payee(w: Write) -> Candidate | None:
    """"...वाले को 300 दिए": money paid to someone the books do not know - likely an expense; ask."""
    a = w.a
    cat = category(a)
    if w.lines or w.known or not a.has("c:give") or w.sell or w.buy or a.has("c:came", "c:goods"):
        return None
    if w.party is not None and paid_by_them(a):
        return None  # "ராமு 200 ரூபாய் கொடுத்தார்": someone new paid the shop
    if w.party is not None and not cat:
        return None
    args = {"amount": num(w.amount), "category": cat or "other", "payment": payment(a, False) or "cash"}
    if day := past_date(a):
        args["date"] = day
    return Candidate("unknown_payee_expense", "record_expense", args, Score(w.score.base))


def _taken_from_customer(w: Write) -> Candidate | None:
    """"lakshmi amma kitta 500 vaanginen": money taken from a customer is their payment."""
    if w.lines or not w.party or w.kind != "customer" or not w.buy or w.sell or not taken_from(w.a, w.party):
        return None
    w.score.mark("taken_from_customer").matched(w.party.score)
    mark_plausible(w.score, [], w.amount)
    return w.candidate("record_payment_in", {"party": w.party.name, "amount": num(w.amount),
                                             "payment": payment(w.a, False) or "cash"})


def _goods_tool(w: Write) -> str | None:
    """Which way goods went, from the verbs, the party's kind and the words around them."""
    a, kind, s = w.a, w.kind, w.score
    if (a.has("c:custbuy") and kind != "supplier") or (w.buy and not w.sell and (kind == "customer" or (
            kind is None and a.has("c:custword") and not a.has("c:suppword")))):
        if not a.has("c:custbuy"):
            s.mark("customer_bought")
        return "record_sale"
    if w.buy or w.sell:
        if w.buy and w.sell:
            s.mark("sell_and_buy")
            return "record_purchase" if kind == "supplier" else "record_sale"
        return "record_purchase" if w.buy else "record_sale"
    if w.lines:
        return _lines_tool(w)
    return None


def _lines_tool(w: Write) -> str:
    a, kind = w.a, w.kind
    if kind == "supplier" or (a.has("c:came") and kind != "customer"):
        return "record_purchase"
    if kind == "customer" or a.has("c:give", "p:credit") or payment(a):
        if not w.party:
            w.score.mark("sale_without_party")
        return "record_sale"
    w.score.mark("sale_without_verb")
    return "record_sale"


def _goods_for_sum(w: Write) -> str | None:
    """A party and a sum: goods worth it, or a sum put on their account (else None: a payment)."""
    a, kind = w.a, w.kind
    if (a.has("c:goods") or a.items or (kind == "supplier" and a.has("c:bill") and a.has("c:came", "p:credit"))) \
            and not (kind == "supplier" and a.has("c:give", "c:settle")):
        # "agarwal ka bill 8800 ka aaya udhaar pe", "150 का दूध दिया पूजा को": goods worth a sum
        return "record_purchase" if kind == "supplier" else "record_sale"
    if "p:credit" in a.labels and not a.has("c:recv", "c:came", "c:settle") and (
            kind == "supplier" and not a.has("c:give") or kind == "customer" and not said_by(a, w.party)):
        # "pooja ke khate mein 300 likh do": a sum put on someone's account is goods on credit, not a payment
        w.score.mark("credit_given_to_account" if a.has("c:give") else "credit_to_account")
        return "record_sale" if kind == "customer" else "record_purchase"
    return None


def _goods_or_money(w: Write) -> Candidate | None:
    tool = _goods_tool(w)
    if tool is None and w.party and w.amount is not None:
        tool = _goods_for_sum(w)
        if tool is None:
            return _payment(w)
    if tool is None:
        return None
    return _voucher(w, tool)


def _payment_tool(w: Write) -> str | None:
    a, kind, party, s = w.a, w.kind, w.party, w.score
    if kind == "customer":
        if a.has("c:give") and not a.has("c:recv", "c:settle") and not said_by(a, party) and sent_to(a, party):
            s.mark("refund_to_customer")
            return "record_payment_out"
        if a.has("c:give") and not a.has("c:recv", "c:settle") and party.end < len(a.tokens) \
                and a.tokens[party.end] in words("dative_ta"):
            s.mark("either_way")  # "anand bakery ku 2000 kuduthen": colloquially either way; ask
        return "record_payment_in"
    if kind == "supplier":
        if a.has("c:recv") and not a.has("c:give"):
            s.mark("refund_from_supplier")
            return "record_payment_in"
        if a.has("c:came") and not a.has("c:give", "c:settle"):
            s.mark("came_from_supplier")  # "gupta ka 5000 aaya": money or goods that came from a supplier
        return "record_payment_out"
    s.mark("unknown_party_direction")
    return direction(a, party)


def _payment(w: Write) -> Candidate | None:
    tool = _payment_tool(w)
    if tool is None:
        return None
    a, s = w.a, w.score
    if sum(label in a.labels for label in ("p:upi", "p:card", "p:bank", "p:credit", "p:cash")) > 1 or len(
            [n for n in a.numbers if not n.weak and n.value >= 10]) > 1:
        s.mark("split_payment")  # "1000 nakad aur 500 upi": a split payment is asked back
    if not a.has(*PAYMENT_WORDS) and not payment(a):
        s.mark("no_payment_word")
    s.matched(w.party.score)
    mark_plausible(s, [], w.amount)
    return w.candidate(tool, {"party": w.party.name, "amount": num(w.amount), "payment": payment(a, False) or "cash"})


def _voucher(w: Write, tool: str) -> Candidate:
    a, s, party, kind = w.a, w.score, w.party, w.kind
    args: dict = {}
    if w.lines:
        args["items"] = w.lines
    else:
        args["amount"] = num(w.amount)
        if not party and not any(a.at(n.end) & {"c:money", "c:worth"} or "c:money" in a.at(n.start - 1)
                                 for n in a.numbers):
            s.mark("bare_number")  # "sales ... 30": a bare number, no goods, no one, no rupee word - ask
    if party:
        args["party"] = party.name
        s.matched(party.score)
        if (tool == "record_sale" and kind == "supplier") or (tool == "record_purchase" and kind == "customer"):
            s.mark("party_kind_mismatch")
    args["payment"] = payment(a) or "cash"
    if _on_credit_later(w, tool):
        args["payment"] = "credit"  # "suresh ko 2 maggi de do, likh lena", "bill baad mein": goods now, money later
        s.mark("credit_later")
    if args["payment"] == "credit" and not party:
        s.mark("credit_without_party")
    if day := past_date(a):
        args["date"] = day
    if tool == "record_purchase" and (inv := invoice_no(w.raw)):
        args["invoice_no"] = inv
    if not (w.sell or w.buy or a.has("c:return", "c:sure", "c:give", "p:credit", "c:came", "c:sales")):
        s.mark("no_event_word")
    mark_plausible(s, w.lines, None if w.lines else w.amount)
    return w.candidate(tool, args)


def _on_credit_later(w: Write, tool: str) -> bool:
    a = w.a
    if payment(a) is not None or not w.party or not w.kind or tool not in ("record_sale", "record_purchase"):
        return False
    written = tuple(words("written_down"))
    return a.has("c:later") or any(a.tokens[h.start].startswith(written) for h in a.labels.get("c:sure", []))


STOP = Candidate("stop", "-", {}, Score(0.0))  # a guard that says: no write at all
GUARDS = {
    "sale_return": _sale_return, "expense": _expense, "expense_generic": _expense_generic,
    "for_the_shop": _for_the_shop, "nothing_to_write": _nothing_to_write, "unknown_payee_expense": _unknown_payee,
    "taken_from_customer": _taken_from_customer, "goods_or_money": _goods_or_money,
}
