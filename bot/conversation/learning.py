"""Items and parties learned from use: a write that names something the books do not know yet is
turned into one question ("🆕 Sugar — naya item. Ek kilo ka rate?", "🆕 Ramu — naya grahak, ya
Ramasamy?"); the answer adds the item (with the lexicon's unit, HSN and GST rate) and the party,
then runs the write. Nothing is booked against an item or a party the shop has not confirmed once.

The question lives in `DialogueState.learning` (plain JSON); `propose` asks it, `answer` reads the
reply. Added items and parties carry ids derived from the asking message, so a retried turn adds
each once, and the write itself carries that message's id.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from rapidfuzz import fuzz, utils

from bot.conversation.messages import Reply
from bot.conversation.replies import render_outcome
from intents.answers import numbers_in, yes_or_no
from tools.learning import ITEM_TOOLS, PARTY_TOOLS, whats_new

MAX_ASKS = 2  # a question asked twice without an answer is dropped: the user moved on
CHOICE = 85  # how closely an answer must name one of the offered near-duplicates


def _dec(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except (InvalidOperation, ValueError):
        return None


def _line_rate(line: dict) -> Decimal | None:
    """The price per unit a line said: its rate, or its amount over its quantity."""
    rate = _dec(line.get("rate"))
    if rate and rate > 0:
        return rate
    amount, qty = _dec(line.get("amount")), _dec(line.get("qty"))
    if amount and qty and qty > 0:
        return (amount / qty).quantize(Decimal("0.01"))
    return None


def _lines_of(tool: str, args: dict) -> list[dict]:
    if tool in ("adjust_stock", "set_price"):
        return [args]
    if tool == "set_pack_size":
        return []
    return [line for line in args.get("items") or [] if isinstance(line, dict)]


def propose(ctx, tool: str, args: dict, apply: Callable[..., None]) -> bool:
    """Ask about what `tool`'s `args` name that the books lack; True when the turn is answered here."""

    if tool not in ITEM_TOOLS | PARTY_TOOLS:
        return False
    news = whats_new(ctx.session_factory, ctx.shop.id, tool, args)
    if news.empty:
        return False
    rates, rate_units = {}, {}
    for line in _lines_of(tool, args):
        rate = _line_rate(line) if tool != "set_price" else _dec(line.get("rate"))
        if rate is not None and line.get("item"):
            rates.setdefault(str(line["item"]).casefold(), str(rate))
            rate_units.setdefault(str(line["item"]).casefold(), line.get("unit"))
    items = [{**n.as_dict(), "rate": rates.get(n.item.casefold()), "rate_unit": rate_units.get(n.item.casefold())}
             for n in news.items]
    learning = {"tool": tool, "args": args, "message_id": ctx.inbound.message_key, "items": items,
                "packs": [{**p.as_dict(), "size": None} for p in news.packs],
                "party": news.party, "kind": news.kind, "similar": news.similar, "asked": 1}
    if tool == "set_price" and items and not news.party:
        # "cheeni ka rate 45": a price for an item the shop now names is that item's first entry.
        _finish(ctx, learning, apply)
        return True
    ctx.dialogue.learning = learning
    _ask(ctx, learning)
    return True


def _ask(ctx, learning: dict) -> None:
    t = ctx.t
    lines = []
    party = learning.get("party")
    if party:
        kind = t(f"kind.{learning.get('kind') or 'customer'}")
        similar = learning.get("similar") or []
        if similar:
            lines.append(t("learn.party_or", party=party, kind=kind, similar=t("learn.or_join").join(similar)))
        else:
            lines.append(t("learn.party_new", party=party, kind=kind))
    for item in learning["items"]:
        unit = t(f"unit.{item['unit']}")
        if item.get("priceless"):
            lines.append(t("learn.item_price", item=item["item"], unit=unit))
        elif item.get("rate"):
            lines.append(t("learn.item_new", item=item["item"], rate=t.money(Decimal(item["rate"])), unit=unit))
        elif item.get("known_word"):
            lines.append(t("learn.item_rate", item=item["item"], unit=unit))
        else:
            lines.append(t("learn.item_unknown", item=item["item"], unit=unit))
    for pack in learning.get("packs") or []:
        lines.append(t("learn.pack_size", unit=t(f"unit.{pack['unit']}"), item=pack["item"],
                       item_unit=t(f"unit.{pack['item_unit']}")))
    lines.append(t("learn.how_to_answer") if _missing(learning) else t("learn.yes_no"))
    reply = Reply(text="\n".join(lines))
    if not _missing(learning):
        reply.buttons = [t("word.yes"), t("word.no")]
    ctx.replies.append(reply)


def _missing(learning: dict) -> list[tuple[dict, str]]:
    """The numbers still to be said, in the order an answer gives them: pack sizes, then prices."""
    slots = [(pack, "size") for pack in learning.get("packs") or [] if not pack.get("size")]
    if learning["tool"] not in ("record_payment_in", "record_payment_out"):
        slots += [(item, "rate") for item in learning["items"] if not item.get("rate")]
    return slots


def _chosen(text: str, similar: list[str]) -> str | None:
    best, score = None, 0.0
    for name in similar:
        s = fuzz.WRatio(text, name, processor=utils.default_process)
        if s > score:
            best, score = name, s
    return best if score >= CHOICE else None


def answer(ctx, understood, text: str, apply: Callable[..., None]) -> bool:
    """Read a reply to the open question; False when the message is something else (the question
    is then dropped and the message handled as usual)."""

    learning = ctx.dialogue.learning
    if not learning:
        return False
    said = numbers_in(text)
    choice = _chosen(text, learning.get("similar") or [])
    short = len(text.split()) <= 4
    if understood.tool == "cancel" or (yes_or_no(text) == "no" and not said and not choice):
        ctx.dialogue.learning = None
        ctx.say("confirm.cancelled")
        return True
    answered = understood.tool in ("confirm", "unknown") or choice or (said and short)
    if not answered:
        ctx.dialogue.learning = None
        return False
    if choice:
        learning["args"] = {**learning["args"], "party": choice}
        learning["party"] = None
    for (slot, name), value in zip(_missing(learning), said, strict=False):
        if value > 0:
            slot[name] = str(value)
    if _missing(learning):
        if learning.get("asked", 1) >= MAX_ASKS:
            ctx.dialogue.learning = None
            ctx.say("confirm.cancelled")
            return True
        learning["asked"] = learning.get("asked", 1) + 1
        ctx.dialogue.learning = learning
        _ask(ctx, learning)
        return True
    ctx.dialogue.learning = None
    _finish(ctx, learning, apply)
    return True


def _per_own_unit(item: dict, packs: list[dict]) -> str | None:
    """The item's price in its own unit: a price said per bag is divided by the bag's size."""
    rate = item.get("rate")
    pack = next((p for p in packs if p["item"] == item["item"] and p["unit"] == item.get("rate_unit")), None)
    if rate and pack and pack.get("size"):
        return str((Decimal(rate) / Decimal(pack["size"])).quantize(Decimal("0.01")))
    return rate


def _per_line_unit(rate: Decimal, line: dict, packs: list[dict]) -> Decimal:
    """A price per the item's own unit, as a price per the line's unit (a bag of 25 kilo at ₹40 a kilo: ₹1000)."""
    pack = next((p for p in packs if p["item"] == line.get("item") and p["unit"] == line.get("unit")), None)
    return rate * Decimal(pack["size"]) if pack and pack.get("size") else rate


def _render(ctx, outcome) -> str:
    return render_outcome(outcome, ctx.lang, ctx.romanized, today=ctx.today)


def _finish(ctx, learning: dict, apply: Callable[..., None]) -> None:
    """Add the items and the party, then run the write they were asked for."""
    tool, args, mid = learning["tool"], dict(learning["args"]), learning["message_id"]
    buying = tool == "record_purchase"
    opening = tool == "adjust_stock"
    for n, item in enumerate(learning["items"]):
        rate = _per_own_unit(item, learning.get("packs") or [])
        if item.get("priceless"):
            outcome = ctx.run_tool("set_price", {"item": item["item"], "rate": rate}, message_id=f"{mid}:price:{n}")
            ctx.replies.append(Reply(text=_render(ctx, outcome)))
            if not outcome.ok:
                return
            continue
        add = {"item": item["item"], "unit": item["unit"], "hsn": item.get("hsn"), "gst_rate": item.get("gst_rate")}
        if buying:
            add["cost"] = rate
        else:
            add["rate"] = rate
        if opening:
            add["qty"], add["unit"] = args.get("qty"), args.get("unit") or item["unit"]
        outcome = ctx.run_tool("add_item", {k: v for k, v in add.items() if v is not None},
                               message_id=f"{mid}:item:{n}")
        ctx.replies.append(Reply(text=_render(ctx, outcome)))
        if not outcome.ok:
            return
        if buying and rate:
            for line in args.get("items") or []:
                if str(line.get("item", "")).casefold() == item["item"].casefold() and not (
                        line.get("rate") or line.get("amount")):
                    line["rate"] = float(_per_line_unit(Decimal(rate), line, learning.get("packs") or []))
    for n, pack in enumerate(learning.get("packs") or []):
        outcome = ctx.run_tool("set_pack_size", {"item": pack["item"], "unit": pack["unit"], "qty": pack["size"],
                                                 "qty_unit": pack["item_unit"]}, message_id=f"{mid}:pack:{n}")
        ctx.replies.append(Reply(text=_render(ctx, outcome)))
        if not outcome.ok:
            return
    if learning.get("party"):
        outcome = ctx.run_tool("add_party", {"party": learning["party"], "kind": learning.get("kind") or "customer"},
                               message_id=f"{mid}:party")
        ctx.replies.append(Reply(text=_render(ctx, outcome)))
        if not outcome.ok:
            return
    if tool == "set_price" or (opening and learning["items"]):
        return  # the price or the stock went in with the new item
    apply(ctx, tool, args, message_id=mid)
