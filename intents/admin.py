"""Shop administration and messaging: set_language, undo_last, add_party, add_item, add_staff,
set_price, adjust_stock, share_bill and send_payment_reminder.

`decide_admin(a, raw)` returns (tool, args, confidence) or None. New names (a new party or
item) are the words nothing else explains, in Latin letters.
"""

from __future__ import annotations

import re

from intents.analysis import Analysis
from intents.lines import build_lines, num
from intents.scoring import Candidate, Score
from intents.slots import phone
from intents.translit import display_latin

_GSTIN = re.compile(r"\b(\d{2}[a-z]{5}\d{4}[a-z][0-9a-z]z[0-9a-z])\b", re.IGNORECASE)
_GST_RATE = re.compile(r"(?:gst|जीएसटी|tax)\s*(?:@|of|rate)?\s*(\d{1,2}(?:\.\d)?)\s*%?|(\d{1,2}(?:\.\d)?)\s*%\s*(?:gst|जीएसटी)?")
_HSN = re.compile(r"\bhsn\s*(?:code)?\s*[:#-]?\s*(\d{4,8})\b", re.IGNORECASE)
_ROLES = (("manager", ("manager", "मैनेजर", "மேனேஜர்", "munim")),
          ("accountant", ("accountant", "अकाउंटेंट", "munim", "मुनीम", "கணக்காளர்")))


_NAME_CUES = ("c:new", "c:add", "c:custword", "c:suppword", "c:itemword", "c:staff", "c:make", "c:sure", "c:price",
              "c:money", "c:per", "c:worth", "c:contact")


def _new_name(a: Analysis, latin: bool, raw: str = "") -> str | None:
    """The name of something new: the words of a comma-separated part that are not the command
    itself ("naya customer add karo Rakesh Tiwari" -> "Rakesh Tiwari")."""
    segments: list[list[int]] = [[]]
    for i, tok in enumerate(a.tokens):
        if tok == ",":
            segments.append([])
        else:
            segments[-1].append(i)
    command = {i for h in a.hits if h.label in _NAME_CUES or h.label == "x:stop" or h.label.startswith(("p:", "L:"))
               for i in range(h.start, h.end)}
    numbers = {i for n in a.numbers for i in range(n.start, n.end)} | set(a.units)
    for seg in segments:
        words = [i for i in seg if i not in command and i not in numbers and any(c.isalpha() for c in a.tokens[i])]
        if not words:
            continue
        # the longest run of consecutive name words in this part
        runs: list[list[int]] = [[words[0]]]
        for i in words[1:]:
            if i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        best = max(runs, key=len)
        nxt = best[-1] + 1  # a pack size belongs to the name ("Colgate 100g")
        size = a.units.get(nxt + 1)
        glued = size in ("kg", "l") and nxt + 1 < len(a.tokens) and re.search(  # "Aashirvaad Atta 5kg": a SKU's size
            rf"(?<![\d.]){re.escape(a.tokens[nxt])}{re.escape(a.tokens[nxt + 1])}\b", raw.casefold()) is not None
        if nxt + 1 < len(a.tokens) and a.tokens[nxt].isdigit() and (size in ("g", "ml") or glued) \
                and nxt + 2 < len(a.tokens) \
                and (a.at(nxt + 2) & {"c:per", "c:price", "c:money"} or a.tokens[nxt + 2] in (",", "at", "@")
                     or glued and a.tokens[nxt + 2].isdigit()):
            best = [*best, nxt, nxt + 1]
        name = " ".join(a.tokens[i] for i in best)
        if not name.isascii():
            return display_latin(name) if latin else display_latin(name)
        m = re.search(r"\b" + r"\s*".join(re.escape(a.tokens[i]) for i in best) + r"\b", raw, re.IGNORECASE)
        said = m.group(0) if m else name
        return said if any(c.isupper() for c in said) else said.title()
    return None


def _cand(tool: str, args: dict, base: float, match: float = 1.0, frame: str | None = None) -> Candidate:
    return Candidate(frame or tool, tool, args, Score(base, match))


_STOP = Candidate("stop", "-", {}, Score(0.0))  # a frame that holds and says: no administration at all


def decide_admin(a: Analysis, raw: str) -> Candidate | None:
    for frame in (_language, _reminder, _dues_sent, _bill, _undo, _staff, _phone_of_party, _new_thing,
                  _price_set, _price_said, _stock_set, _stock_count):
        got = frame(a, raw)
        if got is _STOP:
            return None
        if got is not None:
            return got
    return None


def _language(a: Analysis, raw: str) -> Candidate | None:
    langs = [h.label[2:] for h in a.hits if h.label.startswith("L:")]
    if langs and (a.has("c:langcue") or len(a.tokens) <= 4 or a.has("c:make", "c:show")):
        return _cand("set_language", {"lang": langs[0]}, 0.93 if a.has("c:langcue") else 0.8)
    return None


def _reminder(a: Analysis, raw: str) -> Candidate | None:
    if not a.has("c:remind"):
        return None
    args = {"party": a.parties[0].name} if a.parties else {}
    return _cand("send_payment_reminder", args, 0.93 if a.parties else 0.5, a.parties[0].score if a.parties else 1.0)


def _dues_sent(a: Analysis, raw: str) -> Candidate | None:
    """"லட்சுமி அக்காவுக்கு பாக்கி மெசேஜ் அனுப்பு", "suresh ko baaki bhej do": their dues, sent to them."""
    if a.has("c:dues") and a.has("c:send") and a.parties and not a.items and not a.has(
            "c:bill", "c:give", "c:recv", "c:settle", "c:came"):
        return _cand("send_payment_reminder", {"party": a.parties[0].name}, 0.88, a.parties[0].score)
    return None


def _bill(a: Analysis, raw: str) -> Candidate | None:
    if a.has("c:bill") and a.has("c:send") and not any(h.label.startswith("k:") for h in a.hits):
        args = {"party": a.parties[0].name} if a.parties else {}
        return _cand("share_bill", args, 0.92 if a.parties else 0.85, a.parties[0].score if a.parties else 1.0)
    return None


def _undo(a: Analysis, raw: str) -> Candidate | None:
    if a.has("c:undo") and not a.items and not any(n.value >= 10 for n in a.numbers):
        return _cand("undo_last", {}, 0.93)
    return None


def _staff(a: Analysis, raw: str) -> Candidate | None:
    number = phone(raw)
    if not (a.has("c:staff") and (a.has("c:new", "c:add") or number)):
        return None
    role = next((r for r, words in _ROLES if any(w in a.text for w in words)), "staff")
    name = _new_name(a, True, raw)
    said = {"name": name, "phone": number, "role": role}
    args = {k: v for k, v in said.items() if v}
    return _cand("add_staff", args, 0.9 if name and number else 0.5)


def _phone_of_party(a: Analysis, raw: str) -> Candidate | None:
    """"Ramesh ka number 9876543210 hai": a known party's phone; a name the books do not know becomes a
    new customer with it (asked back)."""
    number = phone(raw)
    if not number or not a.has("c:contact") or a.has("c:new", "c:give", "c:recv", "c:sell", "c:buy", "c:came"):
        return None
    if a.parties:
        return _cand("set_party_details", {"party": a.parties[0].name, "phone": number}, 0.9, a.parties[0].score)
    name = _new_name(a, True, raw)
    if not name:
        return None
    kind = "supplier" if a.has("c:suppword") else "customer"
    return _cand("add_party", {"party": name, "kind": kind, "phone": number}, 0.7)


def _new_thing(a: Analysis, raw: str) -> Candidate | None:
    priced = a.has("c:add") and a.has("c:money", "c:per") and not a.parties and not a.items and \
        not a.has("c:came", "c:buy", "c:sell", "c:custbuy", "c:give", "c:recv")  # "Kala Namak add karo 45 rupay kilo"
    if not (a.has("c:new") or (a.has("c:add") and a.has("c:custword", "c:suppword", "c:itemword")) or priced):
        return None
    if a.has("c:custword", "c:suppword"):
        return _add_party(a, raw) or _STOP
    traded = a.has("c:came", "c:buy", "c:sell", "c:return", "c:custbuy") and bool(a.items or a.parties)
    if a.has("c:itemword") and not traded or priced or (a.has("c:goods") and a.has("c:add") and not a.items
                                                        and not a.parties and not a.has("c:came", "c:buy", "c:sell")):
        return _add_item(a, raw)  # "naya maal jodo kala namak": new goods to list
    # ("naya samaan aaya gupta se 20 kilo cheeni": new stock of a known item came - a purchase)
    return None


def _add_party(a: Analysis, raw: str) -> Candidate | None:
    kind = "supplier" if a.has("c:suppword") else "customer"
    name = _new_name(a, True, raw)
    if not name:
        return None
    args = {"party": name, "kind": kind}
    if number := phone(raw):
        args["phone"] = number
    if gstin := _GSTIN.search(raw):
        args["gstin"] = gstin.group(1).upper()
    return _cand("add_party", args, 0.9)


def _price_set(a: Analysis, raw: str) -> Candidate | None:
    if a.has("c:price") and a.has("c:make") and a.numbers and not a.question and a.items:
        rate = [n for n in a.numbers if not n.weak and n.value > 0]
        if rate:
            return _cand("set_price", {"item": a.items[0].name, "rate": num(rate[-1].value)}, 0.92, a.items[0].score)
    return None


def _price_said(a: Analysis, raw: str) -> Candidate | None:
    if not (len(a.items) == 1 and a.has("c:make", "c:price") and not a.units and not a.parties and not a.question
            and len([n for n in a.numbers if not n.weak]) == 1
            and not a.has("c:buy", "c:give", "c:recv", "c:settle", "c:came", "c:return", "p:credit", "c:expense")
            and not _sold(a)):
        return None
    n = next(n for n in a.numbers if not n.weak)
    item = a.items[0]
    # "cheeni 47 ki kar do": the item, its new price, then the verb
    said_price = a.has("c:price") and item.end <= n.start <= item.end + 3
    if item.end <= n.start <= item.end + 2 and any("c:make" in a.at(j) for j in range(n.end, n.end + 3)) \
            or said_price:  # "cheeni 47 ki kar do", "maida ka rate 41 rupaye"
        return _cand("set_price", {"item": item.name, "rate": num(n.value)}, 0.8, item.score)
    return None


def _stock_set(a: Analysis, raw: str) -> Candidate | None:
    if a.items and a.units and a.has("c:stock") and a.has("c:make") and not a.question:
        counted = [n for n in a.numbers if n.end in a.units]  # "चीनी का स्टॉक 100 किलो कर दो"
        if len(a.items) == 1 and len(counted) == 1:
            n, item = counted[0], a.items[0]
            return _cand("adjust_stock", {"item": item.name, "qty": num(n.value), "unit": a.units[n.end]}, 0.88,
                         item.score)
    return None


def _stock_count(a: Analysis, raw: str) -> Candidate | None:
    stock_said = a.has("c:stock") and not a.parties and not a.has("c:give", "c:came", "c:recv", "c:custbuy")
    if not (a.items and a.numbers and (a.has("c:count") or ((a.has("c:remain") or stock_said) and not a.question
                                                            and not a.has("c:sell", "c:buy", "c:return")))):
        return None
    lines, line_score = _counted_lines(a)
    if not lines or a.question:
        return None
    line = lines[0]
    # "stock of potatoes is 60 kg now": a stock word alone, with no counting or remaining word, is asked back
    score = Score(0.92 if a.has("c:count") else 0.8 if a.has("c:remain") else 0.75).absorb(line_score)
    if len(lines) > 1:
        score.mark("two_lines_count")
    return Candidate("adjust_stock", "adjust_stock", {"item": line["item"], "qty": line["qty"], "unit": line["unit"]},
                     score)


def _counted_lines(a: Analysis) -> tuple[list[dict], Score]:
    lines, used, line_score = build_lines(a)
    counted = [n for n in a.numbers if n.end in a.units]
    if len(lines) == 1 and not used and len(counted) == 1:
        # "rice stock is actually 240 kg": the one counted quantity, wherever it was said
        n = counted[0]
        lines = [{**lines[0], "qty": num(n.value), "unit": a.units[n.end]}]
        line_score.unmark("qty_not_said")
    strong = [n for n in a.numbers if not n.weak and n.value > 0]
    if not lines and len(a.items) == 1 and len(strong) == 1 and not counted and a.has("c:count"):
        # "ande ginti kiye, 240 hai": counted pieces said apart from the item, in its own unit
        item = a.items[0]
        lines = [{"item": item.name, "qty": num(strong[0].value), "unit": a.index.units.get(item.name, "pc")}]
        line_score = Score(1.0, item.score).mark("count_said_apart")
    return lines, line_score


def _sold(a: Analysis) -> bool:
    """A selling word that is not part of a price-setting phrase ("maggi 15 ki bechni hai")."""
    make = {i for h in a.labels.get("c:make", []) for i in range(h.start, h.end)}
    return any(h.start not in make for h in a.labels.get("c:sell", []))


def _add_item(a: Analysis, raw: str) -> Candidate | None:
    # Keep the user's own spelling of a Latin name ("Good Day Biscuit").
    name = _new_name(a, False, raw)
    if not name:
        return None
    args: dict = {"item": name}
    nums = [n for n in a.numbers if not n.weak]
    gst = _GST_RATE.search(a.text)
    gst_value = None
    if gst:
        gst_value = gst.group(1) or gst.group(2)
        args["gst_rate"] = num(__import__("decimal").Decimal(gst_value))
    if hsn := _HSN.search(raw):
        args["hsn"] = hsn.group(1)
    def price_like(n) -> bool:
        near = a.at(n.end) | a.at(n.start - 1)
        return bool(near & {"c:money", "c:per", "c:price"}) or a.tokens[n.start - 1: n.start] in (["at"], ["@"])

    candidates = [n for n in nums if not (gst_value and str(n.value) == gst_value)
                  and not (hsn and a.tokens[n.start].lstrip("0") == args["hsn"].lstrip("0"))]
    ranked = sorted(candidates, key=lambda n: (not price_like(n), n.end in a.units, n.start))
    if ranked:
        n = ranked[0]
        args["rate"] = num(n.value)
        for j in (n.end, n.end + 1, n.end + 2):
            if j in a.units and j != n.end or (j == n.end and j in a.units and price_like(n)):
                args["unit"] = a.units[j]
                break
    if "unit" not in args:
        # "per pack", "55 રૂપિયા પેકેટ": a unit said after the price
        units = [u for i, u in sorted(a.units.items()) if i - 1 not in {n.end - 1 for n in a.numbers}]
        if units:
            args["unit"] = units[0]
    return _cand("add_item", args, 0.9)
