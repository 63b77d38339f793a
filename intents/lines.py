"""The item-lines slot filler: each catalog item mentioned, with its quantity, unit, rate or amount.

Quantities come from the number (and unit) next to an item; a money number becomes a rate when a
per-unit word is beside it ("40 रुपये किलो", "at 160 per litre", "150 wali") and a line total
otherwise. What made a line doubtful is marked on the returned `Score` by name.
"""

from __future__ import annotations

from decimal import Decimal

from intents.analysis import Analysis
from intents.lexicon import words
from intents.matching import Mention
from intents.numbers import NumberSpan
from intents.scoring import Score

_CONVERT = {("g", "kg"): Decimal("0.001"), ("kg", "g"): Decimal(1000), ("ml", "l"): Decimal("0.001"),
            ("l", "ml"): Decimal(1000), ("dozen", "pc"): Decimal(12)}
_TO_CATALOG = {("g", "kg"): Decimal("0.001"), ("ml", "l"): Decimal("0.001"), ("dozen", "pc"): Decimal(12)}
_KIND = {"kg": "mass", "g": "mass", "l": "volume", "ml": "volume"}
_CONTAINERS = {"bag", "box"}


def num(value: Decimal | None) -> int | float:
    """A JSON number: integral values as int, others as float (the contract's `number`)."""
    if value is None:
        raise ValueError("no number to give")
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def build_lines(a: Analysis) -> tuple[list[dict], set[int], Score]:
    """Item lines for the catalog items mentioned, the number indices used, and the marks they earned."""
    score = Score(1.0)
    by_end = {n.end: n for n in a.numbers}
    by_start = {n.start: n for n in a.numbers}
    lines, used, explicit = _lines_with_quantities(a, by_end, by_start, score)
    _fill_containers(a, lines, used, a.numbers)
    # "10 muttai onnu 7 rooba": a spoken "one" right before a price means "each"
    each = {n.end for n in a.numbers if n.value == 1 and n.spoken and n.end in by_start and n.start not in used}
    _take_back_sums(a, used, score)
    _attach_money(a, lines, used, each)
    _drop_corrected(a, lines)
    if lines and not explicit and all(line["rate"] is None for line in lines) and \
            sum(line["amount"] is not None for line in lines) == 1 and len(lines) == 1:
        # "3000 ரூபாய்க்கு பால் வாங்கினேன்": goods worth a sum, no quantity - a voucher amount (no quantity
        # was wanted, so none is missing, and no catalog price to compare with)
        score.absorb(lines[0]["_score"]).unmark("qty_not_said")
        return [], set(), score.mark("worth_without_qty")
    for line in lines:
        if _price_fit(a, line, line["rate"]) == "amount" or _price_fit(a, line, line["amount"]) == "rate":
            score.mark("price_other_reading")
        elif _off_price(a, line):
            score.mark("price_off_catalog")
        score.absorb(line.pop("_score"))
        for key in ("_start", "_end", "_said"):
            line.pop(key)
    return lines, used, score


def _quantities_follow(a: Analysis, by_end: dict, by_start: dict) -> bool:
    """"चीनी 2 किलो चावल 5 किलो": when the first item's quantity follows it, every item's does."""
    items = a.items
    if not items or _quantity_before(a, items[0], by_end)[0] is not None:
        return False
    return _quantity_after(a, items[0], by_start, items[1] if len(items) > 1 else None)[0] is not None


def _quantity_of(a: Analysis, m: Mention, nxt: Mention | None, follow: bool, by_end: dict, by_start: dict):
    if follow:
        got = _quantity_after(a, m, by_start, None)
        return got if got[0] is not None else _quantity_before(a, m, by_end)
    got = _quantity_before(a, m, by_end)
    return got if got[0] is not None else _quantity_after(a, m, by_start, nxt)


def _lines_with_quantities(a: Analysis, by_end: dict, by_start: dict, score: Score):
    lines: list[dict] = []
    used: set[int] = set()
    explicit = 0
    follow = _quantities_follow(a, by_end, by_start)
    fillers = words("fillers")
    items = a.items
    for k, m in enumerate(items):
        qty, unit, q_span = _quantity_of(a, m, items[k + 1] if k + 1 < len(items) else None, follow, by_end, by_start)
        said = qty is not None
        explicit += said
        if q_span is not None and q_span.end + 1 < m.start and a.tokens[m.start - 1] not in fillers \
                and q_span.end < m.start:
            score.mark("word_between")
        if lines and not said and lines[-1]["_end"] == m.start and lines[-1]["_said"]:
            # "do rin sabun": a bare word right after an item said with its quantity most likely describes it
            # ("cheeni chawal" may be two things): one line, asked back
            lines[-1]["_end"] = m.end
            lines[-1]["_score"].mark("bare_word_after_item")
            continue
        if qty is None:
            qty = Decimal(1)
            score.mark("qty_not_said")
        else:
            used.add(q_span.start)
        catalog_unit = a.index.units.get(m.name, "pc")
        unit = unit or _unit_after(a, m, by_start) or catalog_unit
        if {_KIND.get(unit), _KIND.get(catalog_unit)} == {"mass", "volume"}:
            score.mark("mass_volume_mismatch")
        if len(m.names) > 1:
            score.mark("item_ambiguous")
        lines.append({"item": m.name, "qty": num(qty), "unit": unit, "rate": None, "amount": None,
                      "_start": m.start, "_end": m.end, "_score": Score(1.0, match=m.score), "_said": said})
    return lines, used, explicit


def _unit_after(a: Analysis, m: Mention, by_start: dict) -> str | None:
    after = m.end
    if after in a.units and (after + 1 not in by_start or after + 1 >= len(a.tokens)):
        return a.units[after]
    if after + 1 in a.units and a.tokens[after] in words("fillers") and after + 2 not in by_start:
        return a.units[after + 1]  # "100 अगरबत्ती के पैकेट": the pack named after the item
    return None


def _take_back_sums(a: Analysis, used: set[int], score: Score) -> None:
    """"chaar sau ka nahi ek sau chhabbis ka": a "no" between two sums takes the first back."""
    free = [n for n in a.numbers if n.start not in used and not n.weak and n.end not in a.units]
    for first, second in zip(free, free[1:], strict=False):
        if any(h.label == "c:no" and first.end <= h.start < second.start for h in a.hits):
            used.add(first.start)
            score.mark("sum_taken_back")


def _attach_money(a: Analysis, lines: list[dict], used: set[int], each: set[int]) -> None:
    """Money numbers attach to the closest line before them, as its rate or its amount."""
    for n in a.numbers:
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
            used.add(n.start)
        elif role == "amount" and line["amount"] is None:
            line["amount"] = num(n.value)
            used.add(n.start)


def _drop_corrected(a: Analysis, lines: list[dict]) -> None:
    """"1 kilo dahi? nahi 2 packet dahi": a "no" between two lines of one item takes the first back."""
    for k in range(len(lines) - 1, 0, -1):
        prev, cur = lines[k - 1], lines[k]
        if prev["item"] == cur["item"] and any(
                h.label == "c:no" and prev["_end"] <= h.start < cur["_start"] for h in a.hits):
            del lines[k - 1]


def _rate_unit(a: Analysis, n: NumberSpan) -> str | None:
    """The unit a price was said per: "480 kilo wali", "44 rupaye kilo", "7 rupaye piece", "kilo 52"."""
    j = n.end
    joiners = words("rate_joiners")
    while j < len(a.tokens) and j < n.end + 3 and (a.at(j) & {"c:money", "c:per"} or a.tokens[j] in joiners):
        if j in a.units:
            return a.units[j]
        j += 1
    if j in a.units and j <= n.end + 2:
        return a.units[j]
    if n.start - 1 in a.units:
        return a.units[n.start - 1]
    return None


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


def _fill_containers(a: Analysis, lines: list[dict], used: set[int], numbers: list) -> None:
    """"2 bori cheeni, 50 50 kilo ki": the weight of each bag describes the bags (the unit said first stays), is
    no sum of money, and leaves the line to be asked back, since the books may want it in kilos."""
    each_after = words("each_after")
    for line in lines:
        if line["unit"] not in _CONTAINERS or _KIND.get(a.index.units.get(line["item"], "")) is None:
            continue
        for n in numbers:
            unit = a.units.get(n.end)
            if n.start in used or n.start < line["_end"] or _KIND.get(unit) != _KIND[a.index.units[line["item"]]]:
                continue
            if not (n.end + 1 < len(a.tokens) and a.tokens[n.end + 1] in each_after):
                continue
            twin = next((m for m in numbers if m.end == n.start and m.value == n.value), None)
            line["_score"].mark("container_weight")
            used.add(n.start)
            if twin is not None:
                used.add(twin.start)
            break


def _unit_is_per(a: Analysis, n: NumberSpan) -> bool:
    """"44 rupaye kilo", "480 kilo wali": a price, not a quantity, though a unit follows it."""
    if "c:money" in a.at(n.end) or (n.end + 1 < len(a.tokens) and a.tokens[n.end + 1] in words("role")):
        return True
    # "47 kilo ke bhav", "22 kilo ke hisaab se": a price-per phrase right after the unit
    return any(h.label == "c:per" and h.start == n.end + 1 and h.end - h.start >= 2 for h in a.hits)


def _quantity_before(a: Analysis, m: Mention, by_end: dict[int, NumberSpan]):
    """"2 kilo cheeni", "2 packets of milk", "6 ande": a number (and unit) just before the item."""
    i = m.start
    if i - 1 in a.units and i - 1 in by_end:
        n = by_end[i - 1]
        return n.value, a.units[i - 1], n
    if i - 2 >= 0 and a.tokens[i - 1] in words("fillers") and i - 2 in a.units and i - 2 in by_end:
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
    if j < len(a.tokens) and a.tokens[j] in words("fillers") and j + 1 in by_start and by_start[j + 1].end in a.units:
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
    before = a.at(n.start - 1)
    if n.start - 1 in a.units and (n.start - 2) not in {m.end - 1 for m in a.numbers}:
        return "rate"  # "லிட்டர் 230", "piece 6": a unit alone before a price is "per"
    if before & {"c:per"} and a.tokens[n.start - 1] in words("rate_words"):
        return "rate"
    if _each_before(a, n):
        return "rate"  # "6 muttai ovvonnum 7 rooba", "har ek 7 ka": each, then the price
    if n.end + 1 in a.units and a.tokens[n.end] == "/":
        return "rate"  # "40/kg"
    if "c:per" in after:
        return "rate"
    if "c:money" in after and (n.end + 1 in a.units or "c:per" in a.at(n.end + 1)):
        return "rate"
    return "amount"


def _each_before(a: Analysis, n: NumberSpan) -> bool:
    skip = words("role") | words("fillers")
    return any(h.label == "c:per" and h.end == n.start and h.start >= 1 and a.tokens[h.start] not in skip
               and a.tokens[h.end - 1] not in skip | {"for"} and h.end - h.start >= 1
               and a.tokens[h.start] in words("each_words") for h in a.hits)
