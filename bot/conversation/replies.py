"""Turn a tool's outcome into the reply a shopkeeper reads, in their language.

`render_outcome` leads with the fact, in one message key per tool result (TOOLS.md `data`
shapes), adds the undo hint to every posted write, and maps a refusal by its error code to an
`error.*` message. `render_summary` words a dry-run write for `confirm.ask`. Every word comes from
the catalogs; item and party names are shown as the shop wrote them.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from bot.conversation.profile_replies import RENDERERS as PROFILE_RENDERERS
from domain.periods import SHOP_TZ, shop_today
from locales import Translator, translator
from locales.catalog import Phrase
from locales.formats import format_percent, to_decimal
from locales.keys import ERROR_KEYS, N_
from tools import TOOLS

LIST_CAP = 8  # rows of a list before "and 12 more…": a phone screen


class _Error(Protocol):
    code: str
    message: str
    details: Mapping[str, Any]


class Outcome(Protocol):
    """What `tools.run_tool` returns (tools.ToolOutcome); only these fields are read."""

    ok: bool
    tool: str
    data: Mapping[str, Any]
    error: _Error | None
    voucher: str | None


Data = Mapping[str, Any]
Renderer = Callable[[Translator, Data, "_Ctx"], str]


class _Ctx:
    def __init__(self, today: date) -> None:
        self.today = today


def render_outcome(
    outcome: Outcome, lang: str, romanized: bool = False, *, today: date | None = None,
    undo_hint: bool = True,
) -> str:
    """The reply for a tool's outcome in `lang` (a code or catalog id; romanized Hindi -> Hinglish)."""
    t = translator(lang, romanized)
    if not outcome.ok:
        return render_error(outcome.error, t)
    ctx = _Ctx(today or shop_today())
    renderer = _RENDERERS.get(outcome.tool)
    if renderer is None:
        return t("error.not_supported")
    text = _capitalised(renderer(t, outcome.data or {}, ctx))
    voucher = outcome.voucher or (outcome.data or {}).get("voucher")
    if undo_hint and voucher and _undoable(outcome.tool):
        text += "\n" + t("undo.hint")
    return text


def render_error(error: _Error | None, t: Translator) -> str:
    """A refusal in the user's language; never the English message of the tool."""
    if error is None:
        return t("error.internal")
    d = dict(error.details or {})
    code = error.code
    if code == "unknown_item":
        item = str(d.get("item") or d.get("name") or "")
        suggestions = [str(s) for s in (d.get("suggestions") or [])]
        if suggestions:
            return t("error.unknown_item", item=item, suggestions=", ".join(suggestions[:3]))
        return t("error.unknown_item_new", item=item)
    if code == "unknown_party":
        party = str(d.get("party") or d.get("name") or "")
        suggestions = [str(s) for s in (d.get("suggestions") or [])]
        if suggestions:
            return t("error.unknown_party_suggest", party=party, suggestions=", ".join(suggestions[:3]))
        return t("error.unknown_party", party=party)
    if code == "permission_denied":
        return t("error.permission_denied", role=_word(t, "role", d.get("role"), "staff"))
    if code == "insufficient_stock":
        available = d.get("available", 0)
        return t("error.insufficient_stock", item=str(d.get("item") or ""),
                 available=t.qty(available, d.get("unit")))
    if code == "duplicate_invoice":
        return t("error.duplicate_invoice", invoice_no=str(d.get("invoice_no") or ""),
                 party=str(d.get("party") or ""))
    if code == "invalid_arguments":
        reason = d.get("reason")
        if reason == "already_exists" and d.get("value"):
            return t("error.already_exists", value=str(d["value"]))
        if reason == "nothing_due":
            return t("error.nothing_due")
        if reason == "no_phone":
            return t("error.no_phone")
        if reason in ("cgst_sgst_on_inter_state", "igst_on_intra_state"):
            return t(f"error.{reason}")
        if reason == "incompatible_units" and d.get("value") and d.get("item_unit"):
            # name the word it could not turn into the item's unit ("bori" of a rice kept in kilos)
            def unit(value: str) -> str:
                return t(f"unit.{value}") if t.has(f"unit.{value}") else value

            return t("error.incompatible_units", unit=unit(str(d["value"])), item_unit=unit(str(d["item_unit"])))
        return t("error.invalid_arguments", detail=_fields(t, d))
    key = ERROR_KEYS.get(code, N_("error.internal"))
    return t(key)


def render_summary(outcome: Outcome, lang: str, romanized: bool = False) -> str:
    """One line naming what a (dry-run) write would do, for `confirm.ask`."""
    t = translator(lang, romanized)
    d = outcome.data or {}
    tool = outcome.tool
    if tool in ("record_sale", "record_purchase", "record_sale_return"):
        plain_key, party_key = _SUMMARY_KEYS[tool]
        party = d.get("party")
        params = {"total": _money(d, "total", "amount"), "payment": _payment(t, d)}
        text = t(party_key, party=party, **params) if party else t(plain_key, **params)
        return _with_items(t, text, d)
    if tool == "record_expense":
        return t("summary.expense", amount=_money(d, "amount", "total"), category=_category(t, d))
    if tool == "record_payment_in":
        return t("summary.payment_in", amount=_money(d, "amount"), party=d.get("party", ""))
    if tool == "record_payment_out":
        return t("summary.payment_out", amount=_money(d, "amount"), party=d.get("party", ""))
    if tool == "add_item":
        return t("summary.item", item=d.get("item", ""))
    if tool == "set_price":
        return t("summary.price", item=d.get("item", ""), rate=_money(d, "rate"), unit=_unit(t, d))
    if tool == "adjust_stock":
        return t("summary.stock", item=d.get("item", ""), qty=t.qty(d.get("qty", 0), d.get("unit")))
    if tool == "add_party":
        return t("summary.party", party=d.get("party", ""), kind=_word(t, "kind", d.get("kind"), "customer"))
    if tool == "send_payment_reminder":
        return t("summary.reminder", party=d.get("party", ""))
    if tool == "share_bill":
        return t("summary.bill")
    if tool == "add_staff":
        return t("summary.staff", name=d.get("name", ""), phone=d.get("phone", ""),
                 role=_word(t, "role", d.get("role"), "staff"))
    if tool == "set_language":
        return t("summary.language", language=t.language_name(str(d.get("lang") or t.locale)))
    if tool == "undo_last":
        return t("summary.undo")
    return render_outcome(outcome, lang, romanized, undo_hint=False)


_SUMMARY_KEYS = {
    "record_sale": (N_("summary.sale"), N_("summary.sale_party")),
    "record_purchase": (N_("summary.purchase"), N_("summary.purchase_party")),
    "record_sale_return": (N_("summary.sale_return"), N_("summary.sale_return_party")),
}


def _capitalised(text: str) -> str:
    """A reply that opens with a period word ("aaj ki bikri", "🏆 is hafte") starts with a capital in
    Latin script; only emoji, marks and spaces may come before that first letter."""
    for i, char in enumerate(text):
        if char.isdigit():
            return text
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1:] if char.islower() else text
    return text


# ---- parts -------------------------------------------------------------------------------------

def _get(d: Data, *names: str, default: Any = None) -> Any:
    for name in names:
        if name in d and d[name] is not None:
            return d[name]
    return default


def _money(d: Data, *names: str) -> Decimal:
    return to_decimal(_get(d, *names, default=0))


def _word(t: Translator, family: str, value: Any, fallback: str) -> str:
    key = f"{family}.{value}"
    return t(key) if value and t.has(key) else t(f"{family}.{fallback}")


def _payment(t: Translator, d: Data) -> str:
    return _word(t, "payment", d.get("payment"), "cash")


def _category(t: Translator, d: Data) -> str:
    return _word(t, "category", d.get("category"), "other")


def _unit(t: Translator, d: Data) -> str:
    unit = d.get("unit")
    if not unit:
        return t("unit.pc")
    key = f"unit.{str(unit).lower()}"
    return t(key) if t.has(key) else str(unit)


def _fields(t: Translator, d: Data) -> str:
    names = d.get("fields") or ([d["field"]] if d.get("field") else [])
    words = []
    for name in names:
        key = f"field.{str(name).split('.')[-1]}"
        if not t.has(key):
            key = f"field.{str(name).split('.')[0]}"
        words.append(t(key) if t.has(key) else t("field.other"))
    return ", ".join(dict.fromkeys(words)) or t("field.other")


def _item_text(t: Translator, line: Data) -> str:
    name = str(_get(line, "item", "name", default=""))
    qty = line.get("qty")
    return f"{name} {t.qty(qty, line.get('unit'))}" if qty is not None else name


def _with_items(t: Translator, text: str, d: Data) -> str:
    lines = d.get("items") or []
    if lines:
        shown = [_item_text(t, line) for line in lines[:LIST_CAP]]
        more = len(lines) - len(shown)
        text += "\n" + ", ".join(shown) + (" " + t("list.more", n=more) if more > 0 else "")
    if d.get("negative_stock"):
        text += "\n" + t("stock.negative", items=", ".join(str(i) for i in d["negative_stock"]))
    return text


def _rows(t: Translator, rows: Iterable[str]) -> str:
    return t.lines(rows, cap=LIST_CAP)


def named_period(period: Any, today: date) -> str | None:
    """The TOOLS.md name of a `{"from", "to"}` period relative to today ("today", "last_week"), if any."""
    if isinstance(period, str):
        return period
    if not isinstance(period, Mapping) or "from" not in period or "to" not in period:
        return None
    start = date.fromisoformat(str(period["from"])[:10])
    end = date.fromisoformat(str(period["to"])[:10])
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    named = {
        (today, today): "today",
        (today - timedelta(days=1), today - timedelta(days=1)): "yesterday",
        (monday, today): "this_week",
        (monday - timedelta(days=7), monday - timedelta(days=1)): "last_week",
        (first, today): "this_month",
        (last_month_end.replace(day=1), last_month_end): "last_month",
    }
    return named.get((start, end))


def period_label(t: Translator, period: Any, today: date) -> Phrase:
    """'today', 'last week', 'in November 2026', 'from 02/11/2026 to 08/11/2026' in the user's language,
    with its form before a noun (`{period:of}`: "আজকের", "या आठवड्या" + "ची") from `period.<name>_of`."""
    name = named_period(period, today)
    if name and t.has(f"period.{name}"):
        return Phrase(t(f"period.{name}"), t(f"period.{name}_of"))
    if not isinstance(period, Mapping) or "from" not in period or "to" not in period:
        return Phrase(t("period.today"), t("period.today_of"))
    start = date.fromisoformat(str(period["from"])[:10])
    end = date.fromisoformat(str(period["to"])[:10])
    if start == end:
        return Phrase(t("period.day", date=t.date(start)), t("period.day_of", date=t.date(start)))
    month_end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if start.day == 1 and end == month_end:
        month = t.date(start, style="month")
        return Phrase(t("period.month", month=month), t("period.month_of", month=month))
    span = {"start": t.date(start), "end": t.date(end)}
    return Phrase(t("period.range", **span), t("period.range_of", **span))


# ---- writes ------------------------------------------------------------------------------------

def _sale(t: Translator, d: Data, ctx: _Ctx) -> str:
    party = d.get("party")
    total = _money(d, "total", "amount")
    if party and d.get("payment") == "credit" and "party_balance" in d:
        text = t("sale.recorded_credit", total=total, party=party, balance=_money(d, "balance", "party_balance"))
    elif party:
        text = t("sale.recorded_party", total=total, party=party, payment=_payment(t, d))
    else:
        text = t("sale.recorded", total=total, payment=_payment(t, d))
    return _with_items(t, text, d)


def _purchase(t: Translator, d: Data, ctx: _Ctx) -> str:
    party = d.get("party")
    total = _money(d, "total", "amount")
    if party and d.get("payment") == "credit":
        balance = abs(_money(d, "balance", "party_balance"))
        text = t("purchase.recorded_credit", total=total, party=party, balance=balance)
    elif party:
        text = t("purchase.recorded_party", total=total, party=party, payment=_payment(t, d))
    else:
        text = t("purchase.recorded", total=total, payment=_payment(t, d))
    return _with_items(t, text, d)


def _sale_return(t: Translator, d: Data, ctx: _Ctx) -> str:
    party = d.get("party")
    total = _money(d, "total", "amount")
    text = t("sale_return.recorded_party", total=total, party=party) if party else t(
        "sale_return.recorded", total=total)
    return _with_items(t, text, d)


def _expense(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("expense.recorded", amount=_money(d, "amount", "total"), category=_category(t, d),
             payment=_payment(t, d))


def _payment_in(t: Translator, d: Data, ctx: _Ctx) -> str:
    balance = _money(d, "balance", "party_balance")
    party, amount = d.get("party", ""), _money(d, "amount")
    if balance < 0:
        return t("payment_in.advance", amount=amount, party=party, balance=-balance)
    if balance == 0:
        return t("payment_in.settled", amount=amount, party=party)
    return t("payment_in.recorded", amount=amount, party=party, balance=balance)


def _payment_out(t: Translator, d: Data, ctx: _Ctx) -> str:
    # A supplier's balance is negative while the shop owes them (positive = the party owes the shop).
    owed = -_money(d, "balance", "party_balance")
    party, amount = d.get("party", ""), _money(d, "amount")
    if owed < 0:
        return t("payment_out.advance", amount=amount, party=party, balance=-owed)
    if owed == 0:
        return t("payment_out.settled", amount=amount, party=party)
    return t("payment_out.recorded", amount=amount, party=party, balance=owed)


def _item_added(t: Translator, d: Data, ctx: _Ctx) -> str:
    if d.get("rate"):  # an item added from a purchase has a cost but no selling price yet
        return t("item.added_price", item=d.get("item", ""), rate=_money(d, "rate"), unit=_unit(t, d))
    return t("item.added", item=d.get("item", ""))


def _price_set(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("price.set", item=d.get("item", ""), rate=_money(d, "rate"), unit=_unit(t, d))


def _stock_adjusted(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("stock.adjusted", item=d.get("item", ""), qty=t.qty(_get(d, "qty", default=0), d.get("unit")))


def _party_added(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("party.added", party=d.get("party", ""), kind=_word(t, "kind", d.get("kind"), "customer"))


def _reminder(t: Translator, d: Data, ctx: _Ctx) -> str:
    if not d.get("upi_link"):  # the shop has no UPI ID yet: say how to set one, never a dangling link
        return t("reminder.sent_no_upi", party=d.get("party", ""), amount=_money(d, "amount", "balance"),
                 vpa="ramesh@okaxis")
    return t("reminder.sent", party=d.get("party", ""), amount=_money(d, "amount", "balance"))


def _bill(t: Translator, d: Data, ctx: _Ctx) -> str:
    voucher = _get(d, "voucher", "invoice_no", default="")
    if d.get("party"):
        return t("bill.shared", voucher=voucher, party=d["party"])
    return t("bill.shared_self", voucher=voucher)


def _language(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("language.set", language=t.language_name(str(_get(d, "lang", "language", default=t.locale))))


def _staff(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("staff.added", name=d.get("name", ""), role=_word(t, "role", d.get("role"), "staff"),
             phone=d.get("phone", ""))


def _undo(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("undo.done", voucher=_get(d, "undone", "voucher", "reversed", default=""))


# ---- reads -------------------------------------------------------------------------------------

def _stock(t: Translator, d: Data, ctx: _Ctx) -> str:
    items = d.get("items") or []
    if not items:
        return t("stock.none")
    if len(items) == 1:
        row = items[0]
        return t("stock.item", item=row.get("item", ""), qty=t.qty(row.get("qty", 0), row.get("unit")))
    rows = (t("stock.line", item=r.get("item", ""), qty=t.qty(r.get("qty", 0), r.get("unit"))) for r in items)
    return t("stock.list", lines=_rows(t, rows))


def _price(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("price.item", item=d.get("item", ""), rate=_money(d, "rate", "price"), unit=_unit(t, d))


def _low_stock(t: Translator, d: Data, ctx: _Ctx) -> str:
    items = d.get("items") or []
    if not items:
        return t("low_stock.none")
    rows = (t("low_stock.line", item=r.get("item", ""), qty=t.qty(r.get("qty", 0), r.get("unit"))) for r in items)
    return t("low_stock.list", count=len(items), lines=_rows(t, rows))


def _sales(t: Translator, d: Data, ctx: _Ctx) -> str:
    period = period_label(t, d.get("period"), ctx.today)
    total, count = _money(d, "total"), int(d.get("count") or 0)
    if count == 0 and total == 0:
        return t("sales.none", period=period)
    bills = t.plural("count.bills", count)
    previous = d.get("previous_total")
    if previous is None or to_decimal(previous) == 0:
        return t("sales.summary", period=period, total=total, bills=bills)
    change = (total - to_decimal(previous)) * 100 / to_decimal(previous)
    pct = format_percent(abs(change), t.locale)
    # "kal se 8% zyada" when today is compared with yesterday; "than before" for other periods.
    up, down, same = _COMPARE_KEYS.get(named_period(d.get("period"), ctx.today) or "", _COMPARE_KEYS[""])
    if pct == "0%":
        word = t(same)
    else:
        word = t(up, pct=pct) if change > 0 else t(down, pct=pct)
    return t("sales.summary_compare", period=period, total=total, bills=bills, change=word)


_COMPARE_KEYS = {
    "today": (N_("compare.up_day"), N_("compare.down_day"), N_("compare.same_day")),
    "this_week": (N_("compare.up_week"), N_("compare.down_week"), N_("compare.same_week")),
    "this_month": (N_("compare.up_month"), N_("compare.down_month"), N_("compare.same_month")),
    "": (N_("compare.up"), N_("compare.down"), N_("compare.same")),
}


def _top_items(t: Translator, d: Data, ctx: _Ctx) -> str:
    period = period_label(t, d.get("period"), ctx.today)
    items = d.get("items") or []
    if not items:
        return t("sales.none", period=period)
    rows = (
        t("top_items.line", rank=i, item=r.get("item", ""), qty=t.qty(r.get("qty", 0), r.get("unit")),
          amount=_money(r, "amount", "total", "sales"))
        for i, r in enumerate(items, 1)
    )
    return t("top_items.list", period=period, lines=_rows(t, rows))


def _expenses(t: Translator, d: Data, ctx: _Ctx) -> str:
    period = period_label(t, d.get("period"), ctx.today)
    total = _money(d, "total")
    rows_data = _get(d, "categories", "by_category", default=[])
    if isinstance(rows_data, Mapping):
        rows_data = [{"category": k, "amount": v} for k, v in rows_data.items()]
    if total == 0 and not rows_data:
        return t("expenses.none", period=period)
    rows = (t("expenses.line", category=_category(t, r), amount=_money(r, "amount", "total")) for r in rows_data)
    return t("expenses.summary", period=period, total=total, lines=_rows(t, rows)).rstrip()


def _profit(t: Translator, d: Data, ctx: _Ctx) -> str:
    period = period_label(t, d.get("period"), ctx.today)
    net = _money(d, "net_profit", "net")
    params = dict(period=period, sales=_money(d, "sales"), cost=_money(d, "cost_of_goods", "cost"),
                  gross=_money(d, "gross_profit", "gross"), expenses=_money(d, "expenses"))
    if net < 0:
        return t("profit_loss.loss", net=-net, **params)
    return t("profit_loss.summary", net=net, **params)


def _cash(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("cash.balance", cash=_money(d, "cash"), bank=_money(d, "bank"))


def _party_balance(t: Translator, d: Data, ctx: _Ctx) -> str:
    balance, party = _money(d, "balance"), d.get("party", "")
    if balance > 0:
        return t("party.balance", party=party, balance=balance)
    if balance < 0:
        return t("party.balance_payable", party=party, balance=-balance)
    return t("party.balance_clear", party=party)


def _outstanding(t: Translator, d: Data, ctx: _Ctx) -> str:
    payable = d.get("kind") == "payable"
    parties = d.get("parties") or []
    if not parties:
        return t("outstanding.payable_none") if payable else t("outstanding.none")
    total = _get(d, "total", default=None)
    total = to_decimal(total) if total is not None else sum(abs(_money(p, "balance")) for p in parties)
    rows = (
        t("outstanding.line", party=p.get("party", ""), balance=abs(_money(p, "balance")),
          days=int(p.get("days") or 0))
        for p in parties
    )
    if payable:
        return t("outstanding.payable_list", total=total, count=len(parties), lines=_rows(t, rows))
    return t("outstanding.list", total=total, count=len(parties), lines=_rows(t, rows))


def _gst(t: Translator, d: Data, ctx: _Ctx) -> str:
    period = period_label(t, d.get("period"), ctx.today)
    if d.get("scheme") == "composition":
        return t("gst.composition", period=period, taxable=_money(d, "taxable"), payable=_money(d, "net_payable"))
    text = t("gst.summary", period=period, taxable=_money(d, "taxable"), cgst=_money(d, "cgst"),
             sgst=_money(d, "sgst"), igst=_money(d, "igst"), itc=_money(d, "input_tax_credit", "itc"))
    if d.get("net_payable") is not None:
        text += "\n" + t("gst.payable", payable=_money(d, "net_payable"))
    return text


def _address(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("address.saved", party=d.get("party", ""), state=d.get("state") or "", pincode=d.get("pincode") or "").strip()


def _digest(t: Translator, d: Data, ctx: _Ctx) -> str:
    hour = d.get("digest_hour")
    return t("digest.off") if hour is None else t("digest.set", hour=hour)


def _reminder_rule(t: Translator, d: Data, ctx: _Ctx) -> str:
    every = d.get("remind_every_days")
    if every is None:
        return t("reminders.off")
    return t("reminders.rule", every=every, min=t.money(_money(d, "remind_min")),
             never=", ".join(d.get("remind_never") or ()) or "—")


def _gst_return_problem(p: Mapping[str, Any]) -> str:
    facts = [str(v) for k, v in p.items() if k != "code" and v not in (None, "")]
    return f"{p.get('code', '')}" + (f" ({', '.join(facts)})" if facts else "")


def _gst_return(t: Translator, d: Data, ctx: _Ctx) -> str:
    lines = [t("gst_return.ready", form=d.get("form", "GSTR"), period=period_label(t, d.get("period"), ctx.today))]
    if d.get("form") == "CMP08" and "turnover" in d:
        lines.append(t("gst_return.cmp08", turnover=t.money(_money(d, "turnover")), payable=_money(d, "payable")))
    elif "taxable" in d:
        tax = _money(d, "igst") + _money(d, "cgst") + _money(d, "sgst")
        lines.append(t("gst_return.figures", taxable=_money(d, "taxable"), nil=t.money(_money(d, "nil")), tax=tax,
                       itc=_money(d, "itc"), payable=_money(d, "payable")))
    problems = d.get("problems") or []
    if problems:
        shown = "; ".join(_gst_return_problem(p) for p in problems[:LIST_CAP])
        lines.append(t("gst_return.problems", n=len(problems), problems=shown))
    elif "taxable" in d or "turnover" in d:
        lines.append(t("gst_return.clean"))
    return "\n".join(lines)


def _forecast(t: Translator, d: Data, ctx: _Ctx) -> str:
    items = d.get("items") or []
    days = int(d.get("days") or 30)
    if not items:
        return t("forecast.none")
    if len(items) == 1:
        r = items[0]
        return t("forecast.item", item=r.get("item", ""), qty=t.qty(r.get("qty", 0), r.get("unit")), days=days)
    rows = (t("forecast.line", item=r.get("item", ""), qty=t.qty(r.get("qty", 0), r.get("unit"))) for r in items)
    return t("forecast.list", days=days, lines=_rows(t, rows))


def _reorder(t: Translator, d: Data, ctx: _Ctx) -> str:
    items = _get(d, "items", "suggestions", default=[])
    if not items:
        return t("reorder.none")
    groups = d.get("suppliers") or [{"supplier": None, "items": items}]
    rows = []
    for group in groups:
        if len(groups) > 1 or group.get("supplier"):
            rows.append(t("reorder.supplier", supplier=group.get("supplier") or t("reorder.no_supplier")))
        rows.extend(t("reorder.line", item=r.get("item", ""),
                      qty=t.qty(_get(r, "qty", "order_qty", default=0), r.get("unit"))) for r in group["items"])
    return t("reorder.list", lines=_rows(t, rows))


def _dead_stock(t: Translator, d: Data, ctx: _Ctx) -> str:
    items = d.get("items") or []
    if not items:
        return t("dead.none")
    rows = (t("dead.line", item=r.get("item", ""), qty=t.qty(r.get("qty", 0), r.get("unit")),
              amount=_money(r, "value")) for r in items)
    return t("dead.list", days=int(d.get("days") or 60), lines=_rows(t, rows), total=_money(d, "total_value"))


AT_RISK = 0.5  # churn probability above which a customer is flagged


def _best_customers(t: Translator, d: Data, ctx: _Ctx) -> str:
    parties = d.get("parties") or []
    if not parties:
        return t("customers.none")
    rows = (t("customers.line_at_risk" if float(p.get("churn_probability") or 0) > AT_RISK else "customers.line",
              party=p.get("party", ""), amount=_money(p, "purchases"), visits=int(p.get("visits") or 0))
            for p in parties)
    return t("customers.list", days=int(d.get("days") or 90), lines=_rows(t, rows))


def _cash_flow(t: Translator, d: Data, ctx: _Ctx) -> str:
    common = {"days": int(d.get("days") or 7), "amount": _money(d, "money_in"), "paid": _money(d, "money_out")}
    if d.get("short_on"):
        return t("cashflow.short", date=t.date(str(d["short_on"])), balance=_money(d, "lowest_balance"), **common)
    return t("cashflow.ok", date=t.date(str(d.get("lowest_on") or ctx.today.isoformat())),
             balance=_money(d, "lowest_balance"), **common)


def _anomalies(t: Translator, d: Data, ctx: _Ctx) -> str:
    bills = d.get("bills") or []
    if not bills:
        return t("anomalies.none", days=int(d.get("days") or 7))
    rows = (t("anomalies.line", voucher=b.get("voucher", ""), date=t.date(str(b.get("date") or ctx.today)),
              reasons=", ".join(_word(t, "anomaly", r, "unusual") for r in b.get("reasons") or ["unusual"]))
            for b in bills)
    return t("anomalies.list", lines=_rows(t, rows))


def _price_suggestion(t: Translator, d: Data, ctx: _Ctx) -> str:
    common = {"item": d.get("item", ""), "price": _money(d, "price"), "rate": _money(d, "rate"),
              "cost": _money(d, "cost")}
    if d.get("competitor_price"):
        return t("price.suggest_competitor", competitor=d.get("competitor") or "—",
                 competitor_price=_money(d, "competitor_price"), **common)
    return t("price.suggest", **common)


def _late_payers(t: Translator, d: Data, ctx: _Ctx) -> str:
    parties = d.get("parties") or []
    if not parties:
        return t("late.none")
    rows = (t("late.line", party=p.get("party", ""), amount=_money(p, "overdue"), days=int(p.get("days") or 0))
            for p in parties)
    return t("late.list", lines=_rows(t, rows))



def _audit(t: Translator, d: Data, ctx: _Ctx) -> str:
    period = period_label(t, d.get("period"), ctx.today)
    entries = d.get("entries") or []
    if not entries:
        return t("audit.none", period=period)
    rows = []
    for e in entries:
        args = e.get("args") or {}
        what = " ".join(str(x) for x in (e.get("voucher"), args.get("item") or args.get("party") or args.get("name"))
                        if x) or str(e.get("tool", ""))
        at = datetime.fromisoformat(str(e.get("at"))).astimezone(SHOP_TZ).strftime("%H:%M")
        rows.append(t("audit.line", time=at, user=e.get("user", ""), what=what))
    return t("audit.list", period=period, count=len(entries), lines=_rows(t, rows))


def _on_dashboard(t: Translator, d: Data, ctx: _Ctx) -> str:
    return t("screen.on_dashboard")


_SCREEN_READS = ("list_vouchers", "voucher", "day_book", "party_statement", "balance_sheet", "trial_balance",
                 "list_items", "list_parties", "dashboard")



def _reorder_sent(t: Translator, d: Data, ctx: _Ctx) -> str:
    orders = d.get("orders") or []
    if not orders:
        return t("reorder.sent_none")
    return t("reorder.sent", count=len(orders), names=", ".join(o.get("supplier", "") for o in orders))


_RENDERERS: dict[str, Renderer] = {
    "audit_log": _audit,
    **dict.fromkeys(_SCREEN_READS, _on_dashboard),
    "record_sale": _sale,
    "record_purchase": _purchase,
    "record_purchase_invoice": _purchase,
    "record_sale_return": _sale_return,
    "record_expense": _expense,
    "record_payment_in": _payment_in,
    "record_payment_out": _payment_out,
    "add_item": _item_added,
    "set_price": _price_set,
    "adjust_stock": _stock_adjusted,
    "add_party": _party_added,
    "send_payment_reminder": _reminder,
    "share_bill": _bill,
    "set_language": _language,
    "add_staff": _staff,
    "undo_last": _undo,
    "stock_query": _stock,
    "price_query": _price,
    "low_stock": _low_stock,
    "sales_summary": _sales,
    "top_items": _top_items,
    "expense_summary": _expenses,
    "profit_loss": _profit,
    "cash_balance": _cash,
    "party_balance": _party_balance,
    "outstanding": _outstanding,
    "forecast": _forecast,
    "reorder_suggestions": _reorder,
    "dead_stock": _dead_stock,
    "best_customers": _best_customers,
    "cash_flow": _cash_flow,
    "anomalies": _anomalies,
    "price_suggestion": _price_suggestion,
    "late_payers": _late_payers,
    "send_reorder": _reorder_sent,
    "gst_summary": _gst,
    "gst_return": _gst_return,
    "set_address": _address,
    "set_digest": _digest,
    "set_reminder_rule": _reminder_rule,
    **PROFILE_RENDERERS,
}



def _undoable(tool: str) -> bool:
    """Whether a write's confirmation gets the "send undo" line: the tool's spec says undo takes it
    back whole (not undoing itself, a sent message, a shared bill, a new item or person)."""
    spec = TOOLS.get(tool)
    return spec is not None and spec.undoable


def reminder_text(data: Mapping[str, Any], shop_language: str, shop_name: str) -> str:
    """A payment reminder to a customer (`send_payment_reminder`'s data), in the shop's language.

    Worded by `reminder.customer` {party} {shop} {amount} {days} {upi_link} ("... baaki hai (12 din
    se)"), `reminder.customer_recent` without the days when the dues are from today, and their `_plain`
    forms when the shop has no UPI ID (no link is promised); else a line of names, the amount and the
    link, which needs no words in any language.
    """
    t = translator(shop_language)
    amount = t.money(Decimal(str(data.get("balance") or 0)))
    link = data.get("upi_link") or data.get("upi_id") or ""
    days = int(data.get("days") or 0)
    key = "reminder.customer" if days > 0 else "reminder.customer_recent"
    if not link:
        key += "_plain"
    shop = data.get("shop") or shop_name
    if t.has(key):
        return t(key, party=data.get("party", ""), shop=shop, amount=amount, days=days, upi_link=link)
    return " · ".join(part for part in (shop, data.get("party", ""), amount, link) if part)
