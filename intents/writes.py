"""Writes: sales, purchases, returns, expenses and payments, with their item lines.

`decide_write(a)` returns (tool, args, confidence) or None. Quantities come from the number
(and unit) next to an item; a money number becomes a rate when a per-unit word is beside it
("40 रुपये किलो", "at 160 per litre", "150 wali") and a line total otherwise.
"""

from __future__ import annotations

import re
from decimal import Decimal

from intents.analysis import Analysis
from intents.matching import Mention
from intents.numbers import NumberSpan
from intents.translit import display_latin, word_key
from intents.vocab import HONORIFIC_KEYS

PAY_ORDER = ("p:upi", "p:card", "p:bank", "p:credit", "p:cash")
_INVOICE = re.compile(r"(?:bill|invoice|inv|बिल|challan|चालान)\s*(?:no|number|nambar|नंबर|नम्बर|#)\s*[:#-]?\s*"
                      r"([a-z0-9][a-z0-9\-/]*)", re.IGNORECASE)
CATEGORIES = ("k:rent", "k:salary", "k:electricity", "k:transport", "k:repairs", "k:tea_snacks",
              "k:packaging", "k:phone")


def num(value: Decimal | None) -> int | float:
    """A JSON number: integral values as int, others as float (the contract's `number`)."""
    if value is None:
        raise ValueError("no number to give")
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def payment(a: Analysis, allow_credit: bool = True) -> str | None:
    for label in PAY_ORDER:
        if label in a.labels and (allow_credit or label != "p:credit"):
            return label[2:]
    return None


def build_lines(a: Analysis) -> tuple[list[dict], set[int], float]:
    """Item lines for the catalog items mentioned, the number indices used, and a confidence factor."""
    lines: list[dict] = []
    used: set[int] = set()
    factor = 1.0
    numbers = a.numbers
    by_end = {n.end: n for n in numbers}
    by_start = {n.start: n for n in numbers}
    items = a.items
    # "चीनी 2 किलो चावल 5 किलो": when the first item's quantity follows it, every item's does
    after_first = bool(items) and _quantity_before(a, items[0], by_end)[0] is None and \
        _quantity_after(a, items[0], by_start, items[1] if len(items) > 1 else None)[0] is not None
    explicit = 0
    for k, m in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        if after_first:
            qty, unit, q_span = _quantity_after(a, m, by_start, None)
            if qty is None:
                qty, unit, q_span = _quantity_before(a, m, by_end)
        else:
            qty, unit, q_span = _quantity_before(a, m, by_end)
            if qty is None:
                qty, unit, q_span = _quantity_after(a, m, by_start, nxt)
        explicit += qty is not None
        said = qty is not None
        if q_span is not None and q_span.end + 1 < m.start and a.tokens[m.start - 1] not in FILLERS \
                and q_span.end < m.start:
            factor *= 0.7  # the word between may name another product ("bajra atta"): ask
        if lines and not said and lines[-1]["_end"] == m.start and lines[-1]["_said"]:
            # "do rin sabun": a bare word right after an item said with its quantity most likely describes it
            # ("cheeni chawal" may be two things): one line, asked back
            lines[-1]["_end"] = m.end
            lines[-1]["_score"] *= 0.8
            continue
        if qty is None:
            qty, factor = Decimal(1), factor * 0.8
        else:
            used.add(q_span.start)
        catalog_unit = a.index.units.get(m.name, "pc")
        if unit is None:
            after = m.end
            if after in a.units and (after + 1 not in by_start or after + 1 >= len(a.tokens)):
                unit = a.units[after]
            elif after + 1 in a.units and a.tokens[after] in FILLERS and after + 2 not in by_start:
                unit = a.units[after + 1]  # "100 अगरबत्ती के पैकेट": the pack named after the item
        unit = unit or catalog_unit
        if {_KIND.get(unit), _KIND.get(catalog_unit)} == {"mass", "volume"}:
            factor *= 0.7  # litres of an item sold by the kilo: most likely the wrong item; ask
        if len(m.names) > 1:
            factor *= 0.5
        lines.append({"item": m.name, "qty": num(qty), "unit": unit, "rate": None, "amount": None,
                      "_start": m.start, "_end": m.end, "_score": m.score, "_said": said})
    _fill_containers(a, lines, used, numbers)
    # "10 muttai onnu 7 rooba": a spoken "one" right before a price means "each"
    each = {n.end for n in numbers if n.value == 1 and n.spoken and n.end in by_start and n.start not in used}
    # "chaar sau ka nahi ek sau chhabbis ka": a "no" between two sums takes the first back
    free = [n for n in numbers if n.start not in used and not n.weak and n.end not in a.units]
    for first, second in zip(free, free[1:], strict=False):
        if any(h.label == "c:no" and first.end <= h.start < second.start for h in a.hits):
            used.add(first.start)
            factor *= 0.9
    # Money numbers attach to the closest line before them.
    for n in numbers:
        if n.start in used or n.weak or n.end in a.units and not _unit_is_per(a, n) or n.end in each:
            continue
        if any(line["_start"] <= n.start < line["_end"] for line in lines):
            continue
        before = [line for line in lines if line["_end"] <= n.start]
        line = before[-1] if before else (lines[0] if lines else None)
        if line is None:
            continue
        role = "rate" if n.start in each or (n.end in a.units and _unit_is_per(a, n)
                                              and "c:money" not in a.at(n.end)) else _money_role(a, n)
        if role == "rate" and n.start - 1 in a.units and _price_fit(a, line, n.value) == "amount":
            role = "amount"  # "5 shampoo pouch 10 rupaye": ten is what five cost at the catalog's price
        if role == "rate" and line["rate"] is None:
            per = _rate_unit(a, n)
            if per and per != line["unit"] and (line["unit"], per) in _CONVERT:
                # "500 gram ... 480 kilo wali": the line is restated in the unit its price was said in
                line["qty"] = num(Decimal(str(line["qty"])) * _CONVERT[(line["unit"], per)])
                line["unit"] = per
            line["rate"] = num(n.value)
            if n.start - 1 in a.units and line["unit"] != a.units[n.start - 1]:
                line["unit"] = line["unit"]
            used.add(n.start)
        elif role == "amount" and line["amount"] is None:
            line["amount"] = num(n.value)
            used.add(n.start)
    # "1 kilo dahi? nahi 2 packet dahi": a "no" between two lines of one item takes the first back
    for k in range(len(lines) - 1, 0, -1):
        prev, cur = lines[k - 1], lines[k]
        if prev["item"] == cur["item"] and any(
                h.label == "c:no" and prev["_end"] <= h.start < cur["_start"] for h in a.hits):
            del lines[k - 1]
    for line in lines:
        if _price_fit(a, line, line["rate"]) == "amount" or _price_fit(a, line, line["amount"]) == "rate":
            factor *= 0.75  # the price said fits the catalog only read the other way: ask
        elif _off_price(a, line):
            factor *= 0.75  # a price far from the catalog's: most likely a misread number or item
        factor *= line.pop("_score")
        line.pop("_start")
        line.pop("_end")
        line.pop("_said")
    if lines and not explicit and all(line["rate"] is None for line in lines) and \
            sum(line["amount"] is not None for line in lines) == 1 and len(lines) == 1:
        # "3000 ரூபாய்க்கு பால் வாங்கினேன்": goods worth a sum, no quantity - a voucher amount
        return [], set(), factor * 0.9
    return lines, used, factor


_CONVERT = {("g", "kg"): Decimal("0.001"), ("kg", "g"): Decimal(1000), ("ml", "l"): Decimal("0.001"),
            ("l", "ml"): Decimal(1000), ("dozen", "pc"): Decimal(12)}


def _rate_unit(a: Analysis, n: NumberSpan) -> str | None:
    """The unit a price was said per: "480 kilo wali", "44 rupaye kilo", "7 rupaye piece", "kilo 52"."""
    j = n.end
    while j < len(a.tokens) and j < n.end + 3 and (a.at(j) & {"c:money", "c:per"} or a.tokens[j] in ("/", "a", "an")):
        if j in a.units:
            return a.units[j]
        j += 1
    if j in a.units and j <= n.end + 2:
        return a.units[j]
    if n.start - 1 in a.units:
        return a.units[n.start - 1]
    return None


_TO_CATALOG = {("g", "kg"): Decimal("0.001"), ("ml", "l"): Decimal("0.001"), ("dozen", "pc"): Decimal(12)}


def _catalog_qty(a: Analysis, line: dict) -> tuple[Decimal, Decimal] | None:
    """The line's quantity in the catalog's unit and the catalog price, when both are known."""
    rate = a.index.rates.get(line["item"])
    unit = a.index.units.get(line["item"], "pc")
    if not rate:
        return None
    qty = Decimal(str(line["qty"]))
    if line["unit"] != unit:
        if (line["unit"], unit) not in _TO_CATALOG:
            return None
        qty *= _TO_CATALOG[(line["unit"], unit)]
    if qty <= 0:
        return None
    return qty, Decimal(str(rate))


def _price_fit(a: Analysis, line: dict, value) -> str | None:
    """Which reading of a money number the catalog price supports: "rate", "amount", or None
    when the quantity is one, no price is known, or neither (or both) fit."""
    got = _catalog_qty(a, line)
    if value is None or got is None or line["unit"] != a.index.units.get(line["item"]):
        return None
    qty, rate = got
    if qty == 1:
        return None
    value = Decimal(str(value))
    as_rate = abs(value - rate) <= rate * Decimal("0.2")
    as_amount = abs(value - qty * rate) <= qty * rate * Decimal("0.2")
    if as_rate == as_amount:
        return None
    return "rate" if as_rate else "amount"


def _off_price(a: Analysis, line: dict) -> bool:
    got = _catalog_qty(a, line)
    if got is None:
        return False
    qty, rate = got
    if line["rate"] is not None and line["unit"] == a.index.units.get(line["item"]):
        unit_price = Decimal(str(line["rate"]))
    elif line["amount"] is not None:
        unit_price = Decimal(str(line["amount"])) / qty
    else:
        return False
    return not rate / Decimal("2.2") <= unit_price <= rate * Decimal("2.2")


_KIND = {"kg": "mass", "g": "mass", "l": "volume", "ml": "volume"}
_CONTAINERS = {"bag", "box"}
_EACH = {"ki", "ka", "ke", "wali", "wala", "wale", "vali", "vala", "की", "का", "के", "वाली", "वाला", "वाले", "each",
         "ची", "चा", "चे", "ಚೀಲ", "of"}


def _fill_containers(a: Analysis, lines: list[dict], used: set[int], numbers: list) -> None:
    """"2 bori cheeni, 50 50 kilo ki": the weight of each bag describes the bags (the unit said first stays), is
    no sum of money, and leaves the line to be asked back, since the books may want it in kilos."""
    for line in lines:
        if line["unit"] not in _CONTAINERS or _KIND.get(a.index.units.get(line["item"], "")) is None:
            continue
        for n in numbers:
            unit = a.units.get(n.end)
            if n.start in used or n.start < line["_end"] or _KIND.get(unit) != _KIND[a.index.units[line["item"]]]:
                continue
            if not (n.end + 1 < len(a.tokens) and a.tokens[n.end + 1] in _EACH):
                continue
            twin = next((m for m in numbers if m.end == n.start and m.value == n.value), None)
            line["_score"] *= 0.75
            used.add(n.start)
            if twin is not None:
                used.add(twin.start)
            break


def _unit_is_per(a: Analysis, n: NumberSpan) -> bool:
    """"44 rupaye kilo", "480 kilo wali": a price, not a quantity, though a unit follows it."""
    if "c:money" in a.at(n.end) or (n.end + 1 < len(a.tokens) and a.tokens[n.end + 1] in _ROLE):
        return True
    # "47 kilo ke bhav", "22 kilo ke hisaab se": a price-per phrase right after the unit
    return any(h.label == "c:per" and h.start == n.end + 1 and h.end - h.start >= 2 for h in a.hits)


FILLERS = frozenset("ka ki ke of the का की के chi cha che ची चा चे".split())


def _quantity_before(a: Analysis, m: Mention, by_end: dict[int, NumberSpan]):
    """"2 kilo cheeni", "2 packets of milk", "6 ande": a number (and unit) just before the item."""
    i = m.start
    if i - 1 in a.units and i - 1 in by_end:
        n = by_end[i - 1]
        return n.value, a.units[i - 1], n
    if i - 2 >= 0 and a.tokens[i - 1] in FILLERS and i - 2 in a.units and i - 2 in by_end:
        n = by_end[i - 2]
        return n.value, a.units[i - 2], n
    if i in by_end:
        n = by_end[i]
        return n.value, None, n
    if i - 2 >= 0 and i - 1 in set(a.unknown_tokens()) and i - 2 in a.units and i - 2 in by_end:
        n = by_end[i - 2]  # "40 किलो गहू आटा": one unknown word between the quantity and the item
        return n.value, a.units[i - 2], n
    return None, None, None


def _quantity_after(a: Analysis, m: Mention, by_start: dict[int, NumberSpan], nxt: Mention | None):
    j = m.end
    if j in by_start:
        n = by_start[j]
        if n.end in a.units and "c:money" not in a.at(n.end):
            return n.value, a.units[n.end], n
        if nxt is not None and nxt.start == n.end:
            return None, None, None  # the number belongs to the next item
        if "c:money" not in a.at(n.end) and not (a.at(n.end) & {"c:per", "c:worth"}) and n.value < 1000:
            return n.value, None, n
    if j < len(a.tokens) and a.tokens[j] in FILLERS and j + 1 in by_start and by_start[j + 1].end in a.units:
        n = by_start[j + 1]  # "rin ki 4 tikki": N units of the item named before
        if "c:money" not in a.at(n.end):
            return n.value, a.units[n.end], n
    if j in a.units and j + 1 in by_start:  # "maggi packet 4"
        n = by_start[j + 1]
        if "c:money" not in a.at(n.end):
            return n.value, a.units[j], n
    return None, None, None


def _money_role(a: Analysis, n: NumberSpan) -> str:
    after = a.at(n.end)
    after2 = a.at(n.end + 1)
    before = a.at(n.start - 1)
    if n.start - 1 in a.units and (n.start - 2) not in {m.end - 1 for m in a.numbers}:
        return "rate"  # "லிட்டர் 230", "piece 6": a unit alone before a price is "per"
    if before & {"c:per"} and a.tokens[n.start - 1] in ("at", "@", "rate", "per"):
        return "rate"
    if any(h.label == "c:per" and h.end == n.start and h.start >= 1 and a.tokens[h.start] not in _ROLE | FILLERS
           and a.tokens[h.end - 1] not in _ROLE | FILLERS | {"for"} and h.end - h.start >= 1
           and a.tokens[h.start] in _EACH_WORDS for h in a.hits):
        return "rate"  # "6 muttai ovvonnum 7 rooba", "har ek 7 ka": each, then the price
    if n.end + 1 in a.units and a.tokens[n.end] == "/":
        return "rate"  # "40/kg"
    if "c:per" in after:
        return "rate"
    if "c:money" in after and (n.end + 1 in a.units or "c:per" in after2):
        return "rate"
    if "c:money" in after and "c:worth" in after:
        return "amount"
    if "c:worth" in before:
        return "amount"
    return "amount"


def invoice_no(raw: str) -> str | None:
    m = _INVOICE.search(raw)
    return m.group(1).upper() if m else None


def category(a: Analysis) -> str | None:
    """The expense kind: the most specific (longest) cue wins; a vehicle beats a bare "rent"."""
    best, best_len = None, 0
    for label in ("k:transport", *CATEGORIES):
        for h in a.labels.get(label, []):
            if h.end - h.start > best_len:
                best, best_len = label[2:], h.end - h.start
    return best


def decide_write(a: Analysis, raw: str) -> tuple[str, dict, float] | None:
    """The write a message asks for, or None when it asks for none."""
    if not a.numbers:
        return None  # a write needs a quantity or a sum said; without one, asking is better
    if _negated(a) or a.has("c:hypo"):
        return None  # "cheeni nahi biki", "agar ramesh 500 de": nothing happened
    if a.has("c:want") and not a.has("c:sell", "c:give", "c:past", "c:custbuy", "c:came", "c:recv"):
        return None  # "ramesh wants 5 kilo rice tomorrow": an order, not yet a sale
    lines, used, factor = build_lines(a)
    parties = a.parties
    kinds = [a.index.party_kind.get(p.name) for p in parties]
    if len({p.name for p in parties}) > 1 and len(set(kinds)) == 1 and lines:
        return None  # "ramesh aur suresh dono ko 1 1 kilo": one voucher cannot hold two customers
    party = parties[0] if parties else _new_party(a)
    kind = a.index.party_kind.get(party.name) if party else None
    sell, buy, ret = a.has("c:sell") or (a.has("c:sales") and not a.question), a.has("c:buy"), a.has("c:return")
    came = a.has("c:came")
    amount = _voucher_amount(a, used)
    conf = 0.95 * factor
    if a.has("c:want") or (a.time.date and a.time.date > a.today) or (a.has("c:future") and not a.has("c:past")):
        conf *= 0.5  # "ramesh ko kal 5 kilo chahiye": wanted or due, not yet done - ask
    if len(parties) > 1:
        conf *= 0.6
    if a.foreign and not lines:
        return None
    if a.foreign:
        conf *= 0.5
    if len({line["item"] for line in lines}) < len(lines):
        conf *= 0.5  # the same item twice: most likely a correction ("1 kilo? nahi 2 packet")
    extra = [n for n in a.numbers if n.start not in used and not n.weak]
    if lines and extra:
        conf *= 0.75
    args: dict = {}
    if ret and lines:
        args = {"items": lines}
        if party:
            args["party"] = party.name
            conf *= party.score
        return "record_sale_return", args, conf * (0.85 if buy else 1.0)
    known_party = party if party and party.name in a.index.party_kind else None
    cat = category(a)
    counted = any(n.end in a.units or any(m.start == n.end for m in a.items) for n in a.numbers)
    if cat and not known_party and _voucher_amount(a, set()) is not None and not (sell or (buy and (a.items or party))) and (
            not counted or cat == "tea_snacks"):
        amount = _voucher_amount(a, set())
        args = {"amount": num(amount), "category": cat, "payment": payment(a, False) or "cash"}
        if a.time.date and a.time.date < a.today:  # a day ahead is a promise, not the day of the entry
            args["date"] = a.time.date.isoformat()
        return "record_expense", args, conf * (1.0 if a.has("c:expense", "c:give") else 0.85)
    if a.has("c:expense") and _voucher_amount(a, set()) is not None and not counted and not known_party and not (
            sell or buy):
        amount = _voucher_amount(a, set())
        args = {"amount": num(amount), "category": "other", "payment": payment(a, False) or "cash"}
        return "record_expense", args, conf * 0.8
    if not lines and amount is None:
        return None
    if not lines and not known_party and a.has("c:give") and not (sell or buy or a.has("c:came", "c:goods")) and (
            party is None or cat):
        # "...वाले को 300 दिए": money paid to someone the books do not know - likely an expense; ask
        args = {"amount": num(amount), "category": cat or "other", "payment": payment(a, False) or "cash"}
        if a.time.date and a.time.date < a.today:  # a day ahead is a promise, not the day of the entry
            args["date"] = a.time.date.isoformat()
        return "record_expense", args, 0.6
    tool = None
    if not lines and party and kind == "customer" and buy and not sell and _taken_from(a, party):
        # "lakshmi amma kitta 500 vaanginen": money taken from a customer is their payment
        return "record_payment_in", {"party": party.name, "amount": num(amount), "payment": payment(a, False) or "cash"}, \
            conf * 0.9 * party.score * _plausible(a, [], amount)
    if (a.has("c:custbuy") and kind != "supplier") or (buy and not sell and (kind == "customer" or (
            kind is None and a.has("c:custword") and not a.has("c:suppword")))):
        tool = "record_sale"
        if not a.has("c:custbuy"):
            conf *= 0.85
    elif buy and not sell:
        tool = "record_purchase"
    elif sell and not buy:
        tool = "record_sale"
    elif sell and buy:
        tool = "record_purchase" if kind == "supplier" else "record_sale"
        conf *= 0.6
    elif lines:
        if kind == "supplier" or (came and kind != "customer"):
            tool = "record_purchase"
        elif kind == "customer" or a.has("c:give", "p:credit") or payment(a):
            tool = "record_sale"
            if not party:
                conf *= 0.85
        else:
            tool, conf = "record_sale", conf * 0.6
    elif party and amount is not None and (a.has("c:goods") or a.items or (
            kind == "supplier" and a.has("c:bill") and a.has("c:came", "p:credit"))) and not (
            kind == "supplier" and a.has("c:give", "c:settle")):
        # "agarwal ka bill 8800 ka aaya udhaar pe": a supplier's bill that came is a purchase
        # "150 का दूध दिया पूजा को": goods (named or not) worth a sum, to or from someone
        tool = "record_purchase" if kind == "supplier" else "record_sale"
    elif party and amount is not None and "p:credit" in a.labels and not a.has("c:recv", "c:came", "c:settle") and (
            kind == "supplier" and not a.has("c:give") or kind == "customer" and not _said_by(a, party)):
        # "pooja ke khate mein 300 likh do": a sum put on someone's account is goods on credit, not a payment
        tool = "record_sale" if kind == "customer" else "record_purchase"
        conf *= 0.75 if a.has("c:give") else 0.9
    elif party and amount is not None:
        recv = a.has("c:recv") and not a.has("c:give")
        if kind == "customer" and a.has("c:give") and not a.has("c:recv", "c:settle") and not _said_by(a, party) \
                and _sent_to(a, party):
            tool, conf = "record_payment_out", conf * 0.6  # money given to a customer: a refund? ask
        elif kind == "customer":
            tool = "record_payment_in"
            if a.has("c:give") and not a.has("c:recv", "c:settle") and party.end < len(a.tokens) \
                    and a.tokens[party.end] in ("ku", "kku", "க்கு"):
                conf *= 0.7  # "anand bakery ku 2000 kuduthen": colloquially either way; ask
        elif kind == "supplier" and recv:
            tool, conf = "record_payment_in", conf * 0.6  # money from a supplier: a refund? ask
        elif kind == "supplier":
            tool = "record_payment_out"
            if a.has("c:came") and not a.has("c:give", "c:settle"):
                conf *= 0.6  # "gupta ka 5000 aaya": money or goods that came from a supplier - ask
        else:
            tool = _direction(a, party)
            conf *= 0.7
        if tool:
            pay = payment(a, False) or "cash"
            if sum(label in a.labels for label in PAY_ORDER) > 1 or len(
                    [n for n in a.numbers if not n.weak and n.value >= 10]) > 1:
                conf *= 0.6  # "1000 nakad aur 500 upi": a split payment is asked back
            if not a.has("c:give", "c:recv", "c:came", "c:sure", "c:settle") and not payment(a):
                conf *= 0.8  # no word for paying at all: the direction rests on the party's kind alone
            return tool, {"party": party.name, "amount": num(amount), "payment": pay}, conf * party.score * _plausible(a, [], amount)
    if tool is None:
        return None
    if lines:
        args["items"] = lines
    else:
        args["amount"] = num(amount)
        if not party and not any("c:money" in (a.at(n.end) | a.at(n.start - 1)) for n in a.numbers):
            conf *= 0.75  # "sales ... 30": a bare number, no goods, no one, no rupee word - ask
    if party:
        args["party"] = party.name
        conf *= party.score
        if (tool == "record_sale" and kind == "supplier") or (tool == "record_purchase" and kind == "customer"):
            conf *= 0.7
    args["payment"] = payment(a) or "cash"
    if payment(a) is None and party and kind and tool in ("record_sale", "record_purchase") and (a.has("c:later") or any(
            a.tokens[h.start].startswith(("likh", "लिख")) for h in a.labels.get("c:sure", []))):
        args["payment"] = "credit"  # "suresh ko 2 maggi de do, likh lena", "bill baad mein": goods now, money later
        conf *= 0.9
    if a.time.date and a.time.date < a.today:  # a day ahead is a promise, not the day of the entry
        args["date"] = a.time.date.isoformat()
    if tool == "record_purchase" and (inv := invoice_no(raw)):
        args["invoice_no"] = inv
    if not (sell or buy or ret or a.has("c:sure", "c:give", "p:credit", "c:came", "c:sales")):
        conf *= 0.8
    return tool, args, conf * _plausible(a, lines, None if lines else amount)


def _plausible(a: Analysis, lines: list[dict], amount: Decimal | None) -> float:
    """Shop-sized numbers apply themselves; a 5,000 kg line or a crore rupee sale is asked back."""
    factor = 1.0
    for line in lines:
        qty = Decimal(str(line["qty"]))
        limit = Decimal(50000) if line["unit"] in ("g", "ml") else Decimal(500)
        if qty > limit * 10:
            factor *= 0.5
        elif qty > limit:
            factor *= 0.85
        if qty <= 0:
            factor *= 0.3
    if amount is not None:
        if amount < 10:
            factor *= 0.5  # "3 saman" is a count, not a bill of three rupees
        if amount > 10_000_000:
            factor *= 0.3
        elif amount > 500_000:
            factor *= 0.8
    return factor


_BEFORE = frozenset("ko ne se ku kku kitta kitte को ने से".split())
_AFTER = frozenset("to from".split())
_TAKEN = frozenset("ne ने".split())
_ROLE = frozenset("wala wale wali vala vale waale waala वाला वाले वाली".split())
_EACH_WORDS = frozenset("each har हर ovvonnum ovvonnu ovvonukkum ஒவ்வொன்றும் ஒவ்வொன்னும் ஒவ்வொன்றுக்கும் প্রতিটা "
                        "প্রতিটি ప్రతి ಪ್ರತಿಯೊಂದು ഓരോന്നിനും દરેક ਹਰੇਕ प्रत्येकी per prati प्रति".split())


def _new_party(a: Analysis) -> Mention | None:
    """A name the books do not know, said as a party ("Mahesh ko", "to Mahesh"): kept as said,
    in Latin letters, with a low score so the bot asks before writing."""
    unknown = set(a.unknown_tokens())
    def wordlike(j: int) -> bool:
        tok = a.tokens[j]
        return j in unknown and any(c.isalpha() for c in tok) and not any(c.isdigit() for c in tok)

    for m, tok in enumerate(a.tokens):
        run: list[int] = []
        if tok in _BEFORE:
            if tok in ("se", "से") and not a.has("c:buy", "c:came", "c:recv"):
                continue  # "subah se" is since the morning, not from someone
            j = m - 1
            if j >= 0 and a.tokens[j] in _ROLE:
                continue  # "safai wale ko": a role, not a name
            while j >= 0 and word_key(a.tokens[j]) in HONORIFIC_KEYS:
                j -= 1  # "sharma ji ko"
            while j >= 0 and wordlike(j) and len(run) < 3:
                run.insert(0, j)
                j -= 1
        elif tok in _AFTER:
            j = m + 1
            while j < len(a.tokens) and wordlike(j) and len(run) < 3:
                run.append(j)
                j += 1
        if run and len(a.tokens[run[0]]) >= 3:
            name = display_latin(" ".join(a.tokens[i] for i in run))
            return Mention(run[0], run[-1] + 1, "party", frozenset([name]), 0.6)
    return None


_FROM = frozenset("kitta kitte kittarundhu kittairundhu irundhu irunthu se से from கிட்ட கிட்டே இடம் இருந்து".split())


def _taken_from(a: Analysis, party: Mention) -> bool:
    """"lakshmi kitta", "செல்வத்திடம்", "ramesh se": the party is where it came from."""
    if party.end < len(a.tokens) and a.tokens[party.end] in _FROM:
        return True
    last = a.tokens[party.end - 1]
    return last.endswith(("கிட்ட", "கிட்டே", "ிடம்", "இடம்", "kitta", "idam"))


def _sent_to(a: Analysis, party: Mention) -> bool:
    """"ramesh ko 500 diye", "paid ramesh 500": the party is the one who got it."""
    after = a.tokens[party.end] if party.end < len(a.tokens) else ""
    before = a.tokens[party.start - 1] if party.start else ""
    return after in ("ko", "को", "ਨੂੰ", "ને", "কে", "ला") or before in ("to", "paid")


def _said_by(a: Analysis, party: Mention) -> bool:
    """"ramesh ne ... diye": the party is the one who did it."""
    return party.end < len(a.tokens) and a.tokens[party.end] in _TAKEN


def _direction(a: Analysis, party: Mention) -> str | None:
    """Money and a party the books do not know: which way did it go?"""
    after = a.tokens[party.end] if party.end < len(a.tokens) else ""
    if a.has("c:recv") and not a.has("c:give"):
        return "record_payment_in"
    if a.has("c:give"):
        return "record_payment_in" if after in _TAKEN else "record_payment_out"
    return None


_VERBS = ("c:sell", "c:buy", "c:give", "c:recv", "c:came", "c:return", "c:custbuy", "c:settle")


def _negated(a: Analysis) -> bool:
    """"cheeni nahi biki": a "no" right before or after the verb takes the event back."""
    for h in a.labels.get("c:no", []):
        if h.end - h.start > 1:
            return True
        near = a.at(h.end) | a.at(h.start - 1)
        if any(v in near for v in _VERBS):
            return True
    return False


def _voucher_amount(a: Analysis, used: set[int]) -> Decimal | None:
    """A whole-voucher amount: the biggest money number not used by a line."""
    nums = [n for n in a.numbers if n.start not in used and not n.weak and n.value > 0 and n.end not in a.units]
    if not nums:
        return None
    with_money = [n for n in nums if "c:money" in (a.at(n.end) | a.at(n.start - 1))]
    return max(with_money or nums, key=lambda n: n.value).value
