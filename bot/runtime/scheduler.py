"""Munshi speaks first: the jobs due at an instant, for every shop, on the shop's clock.

`run_due(services, now)` plans each shop's messages — the owner's morning digest, low-stock alerts
(once per crossing of the reorder point), GST due dates (three days before and on the day), the
"record today's sales?" nudge at closing time, and udhaar reminders to customers by the owner's rules —
stores them as outbox rows and sends them. Every row's dedupe key names (job, shop, target, local day):
a restart, a second scheduler or a retried run stores nothing twice, and a job missed while down is
sent late once within its grace hours, or skipped when stale — never in a burst.

WhatsApp's rules: free text only inside the recipient's 24-hour window, else the job's approved
template (`TEMPLATES`, mapped to Twilio content SIDs and Meta names in settings) or nothing; no
customer message in quiet hours; at most `proactive_daily_cap` reminders a day to a customer's number;
never to a number that said STOP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.app.observability import get_logger, mask_phone
from bot.channels import Channel
from bot.conversation.messages import Reply, Template
from bot.conversation.replies import reminder_text, render_outcome
from bot.runtime.outbox import send_rows, store_replies, window_open
from bot.store import messaging as repo
from bot.store import scheduling
from domain.books.prefs import Prefs
from domain.books.types import ShopInfo, UserInfo
from domain.gst.calendar import upcoming
from locales import translator
from tools import ToolContext, ToolOutcome, directory, run_tool

if TYPE_CHECKING:
    from bot.app.services import Services

log = get_logger("munshi.scheduler")

# Our template names for outside the 24-hour window, with what fills their variables.
TEMPLATES = {
    "digest": "munshi_daily_digest",  # {1} the shop, {2} yesterday's sales
    "low_stock": "munshi_low_stock",  # {1} the items
    "gst_due": "munshi_gst_due",  # {1} the return, {2} its due date
    "closing_nudge": "munshi_closing_nudge",  # {1} the shop
    "reminder": "munshi_udhaar_reminder",  # {1} customer {2} shop {3} amount {4} UPI link
}
GRACE_HOURS = {"digest": 4, "closing_nudge": 3, "gst_due": 12, "reminder": 11, "low_stock": 24}
GST_ALERT_HOUR = 9
REMINDER_HOUR = 10


@dataclass(frozen=True)
class Planned:
    """One proactive message: `key` names its target and day inside the job (the dedupe key)."""

    kind: str
    key: str
    to: str
    text: str
    lang: str
    variables: tuple[str, ...] = ()
    customer: bool = False
    marks: dict[str, str] = field(default_factory=dict)  # scheduler marks to keep once it is stored


@dataclass(frozen=True)
class ShopNow:
    """One shop at the instant the scheduler runs."""

    shop: ShopInfo
    owner: UserInfo
    prefs: Prefs
    never: frozenset[str]  # customers never to remind
    local: datetime  # the instant on the shop's clock
    session_factory: Any

    @property
    def today(self) -> date:
        return self.local.date()

    def read(self, tool: str, args: dict | None = None) -> ToolOutcome:
        """A read tool as the owner, dated today on the shop's clock."""
        ctx = ToolContext(shop_id=self.shop.id, user_id=self.owner.id, role=self.owner.role, today=self.today,
                          message_id=None, lang=self.owner.language)
        return run_tool(self.session_factory, ctx, tool, args or {})

    def t(self, key: str, **params: Any) -> str:
        return translator(self.owner.language)(key, **params)

    def marks(self, prefix: str) -> dict[str, str]:
        with self.session_factory() as session:
            return scheduling.marks(session, self.shop.id, prefix)


def _within(view: ShopNow, kind: str, hour: int | None) -> bool:
    """Due from `hour` on the shop's clock, until its grace hours are over (then stale: skipped)."""
    return hour is not None and hour <= view.local.hour < hour + GRACE_HOURS[kind]


def _rendered(view: ShopNow, outcome: ToolOutcome) -> str:
    return render_outcome(outcome, view.owner.language, today=view.today) if outcome.ok else ""


# ------------------------------------------------------------------ the jobs


def digest(view: ShopNow) -> list[Planned]:
    if not _within(view, "digest", view.prefs.digest_hour):
        return []
    yesterday = view.read("sales_summary", {"period": "yesterday"})
    parts = [view.t("digest.header", shop=view.shop.name), _rendered(view, yesterday),
             _rendered(view, view.read("outstanding", {"kind": "receivable"})),
             _rendered(view, view.read("low_stock")), *_reminded(view)]
    amount = str((yesterday.data or {}).get("total", "0")) if yesterday.ok else "0"
    text = "\n\n".join(p for p in parts if p)
    return [Planned("digest", view.today.isoformat(), view.owner.phone, text, view.owner.language,
                    (view.shop.name, amount))]


def _reminded(view: ShopNow) -> Iterator[str]:
    """Who was reminded yesterday, and who of them has paid since."""
    yesterday = (view.today - timedelta(days=1)).isoformat()
    names, paid = [], []
    for value in view.marks("remind:").values():
        day, _, rest = value.partition("|")
        balance_then, _, name = rest.partition("|")
        if day != yesterday:
            continue
        names.append(name)
        now = view.read("party_balance", {"party": name})
        if now.ok and Decimal(str((now.data or {}).get("balance", 0))) < Decimal(balance_then or 0):
            paid.append(name)
    if names:
        yield view.t("digest.reminded", names=", ".join(sorted(names)), paid=", ".join(sorted(paid)) or "—")


def low_stock(view: ShopNow) -> list[Planned]:
    outcome = view.read("low_stock")
    items = [row["item"] for row in (outcome.data or {}).get("items", [])] if outcome.ok else []
    told = view.marks("low:")
    new = [name for name in items if f"low:{name}" not in told]
    gone = {key: "" for key in told if key.removeprefix("low:") not in items}  # back above: forget
    if not new:
        _forget(view, gone)
        return []
    marks = {**{f"low:{name}": view.today.isoformat() for name in new}, **gone}
    text = view.t("alert.low_stock", items=", ".join(new))
    return [Planned("low_stock", f"{'+'.join(sorted(new))}:{view.today}", view.owner.phone, text,
                    view.owner.language, (", ".join(new),), marks=marks)]


def _forget(view: ShopNow, gone: dict[str, str]) -> None:
    if not gone:
        return
    with view.session_factory() as session:
        for key in gone:
            scheduling.clear_mark(session, view.shop.id, key)
        session.commit()


def gst_due(view: ShopNow) -> list[Planned]:
    if view.shop.gst_scheme not in ("regular", "composition") or not view.shop.gstin:
        return []
    if not _within(view, "gst_due", GST_ALERT_HOUR):
        return []
    planned = []
    for due in upcoming(view.today, scheme=view.shop.gst_scheme, frequency=view.shop.filing_frequency,
                        state=view.shop.state_code):
        days = (due.due - view.today).days
        if days not in (0, 3):
            continue
        when = translator(view.owner.language).date(due.due)
        key = "alert.gst_due_today" if days == 0 else "alert.gst_due"
        text = view.t(key, form=due.form, period=due.period, date=when, days=days)
        planned.append(Planned("gst_due", f"{due.form}:{due.period}:{days}", view.owner.phone, text,
                               view.owner.language, (f"{due.form} {due.period}", when)))
    return planned


def closing_nudge(view: ShopNow) -> list[Planned]:
    if not _within(view, "closing_nudge", view.prefs.closing_hour):
        return []
    today = view.read("sales_summary", {"period": "today"})
    if not today.ok or (today.data or {}).get("count", 0):
        return []
    return [Planned("closing_nudge", view.today.isoformat(), view.owner.phone,
                    view.t("nudge.record_sales"), view.owner.language, (view.shop.name,))]


def reminders(view: ShopNow) -> list[Planned]:
    prefs = view.prefs
    if prefs.remind_every_days is None or not _within(view, "reminder", REMINDER_HOUR):
        return []
    outcome = view.read("outstanding", {"kind": "receivable"})
    last = view.marks("remind:")
    planned = []
    for row in (outcome.data or {}).get("parties", []) if outcome.ok else []:
        plan = _reminder(view, row, last)
        if plan is not None:
            planned.append(plan)
    return planned


def _reminder(view: ShopNow, row: dict, last: dict[str, str]) -> Planned | None:
    prefs = view.prefs
    if Decimal(str(row.get("balance", 0))) < prefs.remind_min.rupees or row["party"] in view.never:
        return None
    key = f"remind:{row['party']}"
    sent = last.get(key, "").partition("|")[0]
    if sent and (view.today - date.fromisoformat(sent)).days < prefs.remind_every_days:
        return None
    outcome = view.read("send_payment_reminder", {"party": row["party"]})
    data = outcome.data or {}
    if not outcome.ok or not data.get("phone"):
        return None
    text = reminder_text(data, view.shop.language, view.shop.name)
    variables = (data["party"], view.shop.name, translator(view.shop.language).money(Decimal(str(data["balance"]))),
                 data.get("upi_link") or "")
    return Planned("reminder", f"{row['party']}:{view.today}", data["phone"], text, view.shop.language, variables,
                   customer=True, marks={key: f"{view.today}|{data['balance']}|{data['party']}"})


JOBS: tuple[Callable[[ShopNow], list[Planned]], ...] = (digest, low_stock, gst_due, closing_nudge, reminders)


# ------------------------------------------------------------------ delivery


def _channel(services: Services) -> Channel:
    """The WhatsApp channel proactive messages go through: Twilio, else Meta, else the web chat."""
    for name in ("twilio", "meta", "web"):
        if name in services.channels:
            return services.channels[name]
    raise RuntimeError("no channel is configured")


def _quiet(services: Services, local: datetime) -> bool:
    start, end = services.settings.quiet_hours_start, services.settings.quiet_hours_end
    return local.hour >= start or local.hour < end


def _reply(plan: Planned, channel: Channel, is_open: bool) -> Reply | None:
    if is_open or not channel.has_window:
        return Reply(text=plan.text)
    name = TEMPLATES[plan.kind]
    if not channel.has_template(name):
        return None
    return Reply(template=Template(name, plan.variables))


def _refusal(services: Services, session: Any, view: ShopNow, plan: Planned, now: datetime) -> str | None:
    """Why this message may not go now, or None."""
    if scheduling.opted_out(session, plan.to):
        return "opted_out"
    if not plan.customer:
        return None  # the owner's own digest and alerts: each job already says at most once a day
    if _quiet(services, view.local):
        return "quiet_hours"
    start = view.local.replace(hour=0, minute=0, second=0, microsecond=0)
    if scheduling.proactive_sent_since(session, plan.to, start) >= services.settings.proactive_daily_cap:
        return "daily_cap"
    return None


def _store(services: Services, view: ShopNow, plan: Planned, now: datetime) -> dict | None:
    """Store the message once (and its marks, in the same transaction); what was sent, or None."""
    channel = _channel(services)
    with services.session_factory() as session:
        reason = _refusal(services, session, view, plan, now)
        last = repo.last_inbound_at(session, channel.name, plan.to)
        reply = None if reason else _reply(plan, channel, window_open(last, now))
        if reply is None:
            log.info("proactive_skipped", kind=plan.kind, to=mask_phone(plan.to), reason=reason or "no_template")
            return None
        new = store_replies(session, inbox_id=None, channel=channel, to_phone=plan.to, replies=[reply], now=now,
                            shop_id=view.shop.id, dedupe_prefix=f"job:{plan.kind}:{view.shop.id}:{plan.key}")
        if not new:
            return None
        for key, value in plan.marks.items():
            (scheduling.set_mark(session, view.shop.id, key, value) if value
             else scheduling.clear_mark(session, view.shop.id, key))
        session.commit()
    sent = {"shop": view.shop.slug, "to": plan.to, "kind": plan.kind, "text": plan.text, "lang": plan.lang}
    if reply.template is not None:
        sent["template"] = reply.template.name
    return sent


def _views(services: Services, now: datetime) -> Iterator[ShopNow]:
    tz = ZoneInfo(services.settings.timezone)
    for shop, owner, prefs, never in directory.shops_with_owners(services.session_factory):
        yield ShopNow(shop, owner, prefs, never, now.astimezone(tz), services.session_factory)


def run_due(services: Services, now: datetime) -> list[dict]:
    """Plan, store and send every message due at `now` (timezone-aware); the ones sent this run."""
    if now.tzinfo is None:
        raise ValueError("the scheduler's instant must carry its timezone")
    sent = []
    for view in _views(services, now):
        for job in JOBS:
            for plan in job(view):
                stored = _store(services, view, plan, now)
                if stored is not None:
                    sent.append(stored)
    _send_queued(services)
    return sent


def _send_queued(services: Services) -> None:
    with services.session_factory() as session:
        rows = scheduling.queued_proactive(session)
    if rows:
        send_rows(services.session_factory, services.channels, services.media_signer, rows)
