"""Reads: stock, prices, summaries, balances, forecasts and GST, from an `Analysis`.

`decide_read(a)` returns (tool, args, confidence) or None; a read is asked, so it needs a
question or "show/tell" word, or a topic word that only a read has (GSTR-1, P&L ...).
"""

from __future__ import annotations

import re

from intents.analysis import Analysis
from intents.scoring import Candidate, Score
from intents.slots import category

_FORM = re.compile(r"\b(?:gstr ?-? ?(1|3b)|(cmp) ?-? ?0?8|r ?-? ?(1)|(3b))\b")
_TOP_N = re.compile(r"\btop (\d{1,2})\b|\b(\d{1,2}) (?:top|best|sabse)")


def _period(a: Analysis, default: str | None) -> str | dict | None:
    return a.time.period or default


def _item(a: Analysis) -> tuple[str | None, float]:
    if a.items:
        m = a.items[0]
        return m.name, (m.score if len(m.names) == 1 else 0.5) * (0.8 if len(a.items) > 1 else 1.0)
    if a.foreign:
        return a.foreign[0].name.title(), 0.4
    return None, 1.0


def _cand(tool: str, args: dict, base: float) -> Candidate:
    return Candidate(tool, tool, args, Score(base))


def decide_read(a: Analysis) -> Candidate | None:
    text = a.text
    q = a.question or text.endswith("?")
    form = _FORM.search(text)
    if form and (a.has("c:gst", "c:make", "c:show") or "gstr" in text or "cmp" in text or "return" in a.tokens):
        g = form.groups()
        name = "CMP08" if g[1] else ("GSTR3B" if (g[0] == "3b" or g[3]) else "GSTR1")
        default = a.today.replace(day=1)
        period = a.time.period
        if period in ("this_month", "last_month"):  # "is mahine ka GSTR1": the month said, as YYYY-MM
            month = default if period == "this_month" else (default - __import__("datetime").timedelta(days=1))
            period = f"{month.year:04d}-{month.month:02d}"
        if period is None or not isinstance(period, str) or not re.match(r"^\d{4}-(\d\d|Q\d)$", period):
            prev = (default.replace(day=1) - __import__("datetime").timedelta(days=1))
            period = f"{prev.year:04d}-{prev.month:02d}"
        return _cand("gst_return", {"form": name, "period": period}, 0.95)
    amount_said = any(not n.weak and n.value >= 10 for n in a.numbers)
    if a.has("c:gst") and (q or a.time.period) and not amount_said:
        return _cand("gst_summary", {"period": _period(a, "this_month")}, 0.93)
    if a.has("c:top") and a.has("c:itemword") and a.has("c:profit") and not a.parties:
        return _cand("top_items", {"period": _period(a, "this_month")}, 0.85)  # "kis item pe sabse zyada munafa"
    if a.has("c:sales", "c:sell") and a.has("c:expense") and q and not a.items and not a.parties:
        return _cand("profit_loss", {"period": _period(a, "today")}, 0.85)  # "kitna becha kitna kharcha"
    if a.has("c:profit") and not amount_said:
        return _cand("profit_loss", {"period": _period(a, "this_month")}, 0.93 if q or a.time.period else 0.8)
    if a.has("c:top") and (a.has("c:sell", "c:sales", "c:itemword") or "top" in a.tokens) and (
            q or a.time.period or a.has("c:sell", "c:sales")) and not a.parties:
        args: dict = {"period": _period(a, "this_month")}
        m = _TOP_N.search(text)
        small = [n for n in a.numbers if not n.weak and 1 <= n.value <= 50 and n.value == int(n.value)]
        if m:
            args["n"] = int(m.group(1) or m.group(2))
        elif len(small) == 1:
            args["n"] = int(small[0].value)
        return _cand("top_items", args, 0.92)
    if a.has("c:low") and not amount_said and not a.parties and not a.items:
        return _cand("low_stock", {}, 0.92 if q or a.has("c:itemword", "c:stock") else 0.8)
    if a.has("c:reorder") and not a.parties and not a.items and not amount_said and not (
            a.has("c:whoall") and a.has("p:credit", "c:dues")):  # "yaar yaar kitta kadan vaanganum": dues to collect
        return _cand("reorder_suggestions", {}, 0.9 if q else 0.8)
    wanted_ahead = a.has("c:want") and q and a.items and not a.parties and not amount_said and \
        a.time.date is not None and a.time.date > a.today  # "naalaiku evlo paal venum": need, for a day ahead
    if a.time.forecast_days is not None or (a.has("c:forecast") and a.has("c:future")) or "forecast" in a.tokens \
            or wanted_ahead:
        if not a.parties and (q or a.has("c:future") or "forecast" in a.tokens
                              or (a.has("c:forecast") and not a.units and not amount_said)):
            args = {}
            item, score = _item(a)
            if item:
                args["item"] = item
            elif not (q or a.has("c:future")) and len(a.unknown_tokens()) >= 2:
                return None  # "bete ki shaadi hai agle mahine": a time word in chit-chat asks nothing
            if a.time.forecast_days:
                args["days"] = a.time.forecast_days
            elif a.time.date is not None and (a.time.date - a.today).days == 1:
                args["days"] = 1  # "naalaikku evvalavu paal thevai": for tomorrow
            return _cand("forecast", args, 0.9 * score)
    if a.has("c:till") and not a.parties and (q or not amount_said):
        return _cand("cash_balance", {}, 0.92)
    if a.has("c:whoall") and not a.parties and not amount_said and (q or a.has("c:payable", "c:recvble", "c:dues")) and (
            a.has("c:payable", "c:recvble", "c:dues", "p:credit") or len(a.unknown_tokens()) <= 1):
        kind = "payable" if a.has("c:payable") and not _receivable_words(a) else "receivable"
        return _cand("outstanding", {"kind": kind}, 0.9)
    if not q and not amount_said and not a.has("c:give", "c:recv", "c:settle", "c:sell", "c:buy", "c:came", "c:return"):
        # a topic with no verb and no amount reads as a request to show it ("dahi ka stock")
        if a.parties and a.has("c:dues") and not a.items:
            return _cand("party_balance", {"party": a.parties[0].name}, 0.85 * a.parties[0].score)
        if a.has("c:stock") and a.items and len(a.items) == 1:
            return _cand("stock_query", {"item": a.items[0].name}, 0.85 * a.items[0].score)
        if a.has("c:low") and len(a.items) == 1 and not a.parties and not a.numbers:
            return _cand("stock_query", {"item": a.items[0].name}, 0.8 * a.items[0].score)  # "mombatti khatam to nahi"
        if a.has("c:price") and len(a.items) == 1 and not a.parties and not a.numbers and not a.has("c:make"):
            return _cand("price_query", {"item": a.items[0].name}, 0.85 * a.items[0].score)  # "manjal thool vilai"
    if a.has("c:total") and a.time.period and not amount_said and not a.items and not a.parties and not a.has(
            "c:expense", "c:profit", "c:gst"):
        return _cand("sales_summary", {"period": a.time.period}, 0.8)  # "kal ka total"
    if not q and not amount_said and a.time.period and not a.items and not a.parties:
        if a.has("c:expense"):
            return _cand("expense_summary", {"period": a.time.period}, 0.85)
        if a.has("c:sales"):
            return _cand("sales_summary", {"period": a.time.period}, 0.85)
    if not q:
        return None
    if amount_said and not a.has("c:top", "c:q"):
        return None
    if a.parties and not amount_said and not a.items and not a.has("c:contact") and (
            a.has("c:dues") or not a.unknown_tokens()):
        who = a.parties[0]
        return _cand("party_balance", {"party": who.name}, 0.93 * who.score * (0.8 if not a.has("c:dues") else 1.0))
    if a.has("c:recvble", "c:payable") and not a.parties and not a.items and not a.has("c:sales", "c:expense", "c:profit"):
        # "mujhe kitna paisa lena hai", "evvalavu kaasu varanum": dues asked of no one in particular
        kind = "payable" if a.has("c:payable") and not _receivable_words(a) else "receivable"
        return _cand("outstanding", {"kind": kind}, 0.85)
    if a.has("c:dues", "c:recvble", "c:payable") and a.has("c:custword", "c:suppword", "c:whoall") and not a.parties:
        kind = "payable" if a.has("c:payable", "c:suppword") and not _receivable_words(a) else "receivable"
        return _cand("outstanding", {"kind": kind}, 0.88)
    if category(a) and not a.items and not a.parties and not a.has("c:price") and (
            a.time.period or a.has("c:expense")):
        # "rent pe kitna gaya is saal": a kind of expense asked about
        return _cand("expense_summary", {"period": _period(a, "this_month"), "category": category(a)}, 0.88)
    if a.items and not a.numbers and a.units and not a.parties and not a.has("c:price"):
        item, score = _item(a)  # "chips kitne packet hai"
        return _cand("stock_query", {"item": item}, 0.85 * score)
    if a.has("c:expense") and not a.items:
        args = {"period": _period(a, "this_month")}
        cat = category(a)
        if cat:
            args["category"] = cat
        return _cand("expense_summary", args, 0.92)
    if a.has("c:sales", "c:sell") and not a.items:
        return _cand("sales_summary", {"period": _period(a, "today")}, 0.92 if a.has("c:sales") else 0.85)
    if a.has("c:sales", "c:sell") and len(a.items) == 1 and not a.parties and not a.numbers and not a.units \
            and not a.has("c:price", "c:stock", "c:top"):
        # "kal kitni cheeni bechi": the sales of a period (the contract has no per-item sales)
        return _cand("sales_summary", {"period": _period(a, "today")}, 0.8)
    if a.has("c:dues") and a.time.period and not a.parties and not a.items and not a.has("c:custword", "c:suppword"):
        # "aaj ka hisaab batao", "இன்னைக்கு கணக்கு சொல்லு": the day's account
        return _cand("sales_summary", {"period": _period(a, "today")}, 0.92 if a.has("c:sales") else 0.85)
    if a.has("c:price") and (a.items or a.foreign):
        item, score = _item(a)
        return _cand("price_query", {"item": item}, 0.93 * score)
    if a.has("c:stock", "c:remain") and (a.items or a.foreign) and not (a.parties and a.numbers):
        item, score = _item(a)
        return _cand("stock_query", {"item": item}, 0.93 * score)
    if a.has("c:low") and len(a.items) == 1 and not a.parties and not amount_said:
        item, score = _item(a)  # "haldi khatam hone wali hai kya": is this one item running out
        return _cand("stock_query", {"item": item}, 0.88 * score)
    if a.has("c:stock") and not a.parties:
        return _cand("stock_query", {}, 0.88)
    return None


def _receivable_words(a: Analysis) -> bool:
    """More words for money coming in than going out (a tie reads as money coming in)."""
    return len(a.labels.get("c:recvble", [])) >= len(a.labels.get("c:payable", [])) > 0
