"""Munshi speaks first: two weeks of a demo shop under a frozen clock. Every digest, alert and reminder
goes exactly once, at the right local time, in the right language, as free text inside the 24-hour
window and as its template outside it; a second scheduler or a re-run at the same instant sends nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app.services import build_services
from bot.app.settings import Settings
from bot.channels.base import Outgoing
from bot.conversation.messages import InboundMessage
from bot.runtime.ratelimit import MemoryRateLimiter
from bot.runtime.scheduler import TEMPLATES, run_due
from bot.store import messaging as repo
from bot.store import scheduling
from tests.integration.bot.turn_fixtures import MURUGAN_OWNER, SHARMA_OWNER, seed_demo_shops
from tools import ToolContext, directory, run_tool

IST = ZoneInfo("Asia/Kolkata")
START = date(2026, 11, 21)
HOURS = (7, 8, 9, 10, 13, 20, 22)


class WhatsAppLike:
    """A channel with WhatsApp's window and two approved templates; it keeps what it was given."""

    name = "twilio"
    max_text = 1600
    has_window = True

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    def has_template(self, name: str) -> bool:
        return name in (TEMPLATES["reminder"], TEMPLATES["digest"])

    def send(self, outgoing: Outgoing) -> str:
        self.sent.append(outgoing)
        return f"SM{len(self.sent):06d}"


@pytest.fixture
def shop_services(database_url, engine, session_factory, tmp_path):
    seed_demo_shops(session_factory)
    built = []

    def make():
        settings = Settings(database_url=database_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None)
        services = build_services(settings, engine=engine, session_factory=session_factory,
                                  rate_limiter=MemoryRateLimiter(1000), channels={"twilio": WhatsAppLike()})
        built.append(services)
        return services

    yield make
    for services in built:
        services.queue.shutdown(wait=False)
        services.media_fetcher.close()


def _at(day: date, hour: int, minute: int = 5) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=IST)


def _owner_writes(services, shop_slug: str, tool: str, args: dict) -> None:
    for shop, owner, _prefs, _never in directory.shops_with_owners(services.session_factory):
        if shop.slug == shop_slug:
            ctx = ToolContext(shop_id=shop.id, user_id=owner.id, role="owner", today=START, message_id=None,
                              lang=owner.language)
            assert run_tool(services.session_factory, ctx, tool, args).ok


def _owners_window_open(services, at: datetime) -> None:
    """The owners wrote to Munshi that morning, so their window is open."""
    with services.session_factory() as session:
        for phone in (SHARMA_OWNER, MURUGAN_OWNER):
            repo.touch_window(session, "twilio", phone, at.astimezone(UTC))
        session.commit()


def _walk(services, days: int) -> list[tuple[datetime, dict]]:
    sent = []
    for n in range(days):
        day = START + timedelta(days=n)
        _owners_window_open(services, _at(day, 6))
        for hour in HOURS:
            now = _at(day, hour)
            sent.extend((now, message) for message in run_due(services, now))
    return sent


def test_two_weeks_each_digest_once_at_the_owners_hour_in_the_owners_language(shop_services):
    services = shop_services()
    sent = _walk(services, 14)
    digests = [(now, m) for now, m in sent if m["kind"] == "digest"]
    per_shop_day = Counter((m["shop"], now.date()) for now, m in digests)
    assert set(per_shop_day.values()) == {1} and len(per_shop_day) == 28
    assert {now.hour for now, _ in digests} == {8}
    assert {m["lang"] for _, m in digests if m["shop"] == "sharma-kirana"} == {"hi"}
    assert {m["lang"] for _, m in digests if m["shop"] == "murugan-stores"} == {"ta"}
    assert all("template" not in m for _, m in digests)  # the owner wrote this morning: free text


def test_a_second_scheduler_or_a_rerun_sends_nothing_twice(shop_services):
    first, second = shop_services(), shop_services()
    now = _at(START, 8)
    _owners_window_open(first, _at(START, 6))
    assert run_due(first, now)
    assert run_due(first, now) == []
    assert run_due(second, now) == []  # a restarted or second scheduler
    assert run_due(second, now + timedelta(minutes=30)) == []


def test_a_digest_missed_while_down_goes_late_once_or_not_when_stale(shop_services):
    services = shop_services()
    assert [m["kind"] for m in run_due(services, _at(START, 11)) if m["kind"] == "digest"] == ["digest"] * 2
    stale = _at(START + timedelta(days=1), 13)  # the digest's grace hours are over by 13:00
    assert [m for m in run_due(services, stale) if m["kind"] == "digest"] == []


def _low_alerts(services, day: date) -> list[dict]:
    _owners_window_open(services, _at(day, 6))
    return [m for hour in HOURS for m in run_due(services, _at(day, hour))
            if m["kind"] == "low_stock" and m["shop"] == "sharma-kirana"]


def test_low_stock_is_told_once_per_crossing(shop_services):
    services = shop_services()
    _walk(services, 1)  # whatever was low on the first day is told then
    _owner_writes(services, "sharma-kirana", "adjust_stock", {"item": "Sugar", "qty": 10})  # below 40
    crossing = _low_alerts(services, START + timedelta(days=1))
    assert len(crossing) == 1 and "Sugar" in crossing[0]["text"] and crossing[0]["lang"] == "hi"
    assert _low_alerts(services, START + timedelta(days=2)) == []  # still low: not told again
    _owner_writes(services, "sharma-kirana", "adjust_stock", {"item": "Sugar", "qty": 200})
    assert _low_alerts(services, START + timedelta(days=3)) == []
    _owner_writes(services, "sharma-kirana", "adjust_stock", {"item": "Sugar", "qty": 5})  # crosses again
    again = _low_alerts(services, START + timedelta(days=4))
    assert len(again) == 1 and "Sugar" in again[0]["text"]


def test_gst_due_dates_three_days_before_and_on_the_day_for_a_registered_shop(shop_services):
    services = shop_services()
    sent = []
    for n in range(16):
        day = date(2026, 12, 6) + timedelta(days=n)
        _owners_window_open(services, _at(day, 6))
        sent.extend((day, m) for hour in HOURS for m in run_due(services, _at(day, hour)) if m["kind"] == "gst_due")
    got = sorted((day, "GSTR3B" if "GSTR3B" in m["text"] else "GSTR1", m["shop"]) for day, m in sent)
    assert got == [(date(2026, 12, 8), "GSTR1", "sharma-kirana"), (date(2026, 12, 11), "GSTR1", "sharma-kirana"),
                   (date(2026, 12, 17), "GSTR3B", "sharma-kirana"), (date(2026, 12, 20), "GSTR3B", "sharma-kirana")]
    assert all(m["lang"] == "hi" and "2026-11" in m["text"] for _, m in sent)


def test_reminders_follow_the_owners_rules_templates_quiet_hours_and_stop(shop_services):
    services = shop_services()
    for customer, kilos in (("Ramesh Kumar", 15), ("Suresh Yadav", 20), ("Geeta Devi", 15), ("Pooja Singh", 2)):
        _owner_writes(services, "sharma-kirana", "record_sale", {
            "items": [{"item": "Sugar", "qty": kilos, "unit": "kg"}], "party": customer, "payment": "credit"})
    _owner_writes(services, "sharma-kirana", "set_reminder_rule", {"every_days": 7, "min_amount": 500,
                                                                   "never": "Geeta Devi"})
    sent = _walk(services, 14)
    reminders = [(now, m) for now, m in sent if m["kind"] == "reminder"]
    assert reminders and {m["shop"] for _, m in reminders} == {"sharma-kirana"}
    assert all(10 <= now.hour < 21 for now, _ in reminders)  # never in quiet hours
    by_customer = Counter(m["to"] for _, m in reminders)
    assert set(by_customer) == {"+919415100001", "+919415100002"}  # over ₹500, not Geeta, not Pooja's ₹88
    assert set(by_customer.values()) == {2}  # every 7 days over two weeks
    assert all(m["template"] == TEMPLATES["reminder"] for _, m in reminders)  # no window: the template
    assert "Geeta" not in " ".join(m["text"] for _, m in reminders)
    stopped = next(iter(by_customer))
    with services.session_factory() as session:
        scheduling.opt_out(session, stopped, datetime.now(UTC))
        session.commit()
    later = _walk_from(services, START + timedelta(days=14), 8)
    assert stopped not in {m["to"] for m in later if m["kind"] == "reminder"}


def _walk_from(services, first: date, days: int) -> list[dict]:
    return [m for n in range(days) for hour in HOURS
            for m in run_due(services, _at(first + timedelta(days=n), hour))]


def test_a_customer_stop_and_start_in_their_language(make_services, demo_db):
    services = make_services()
    customer = "+919415100001"  # Ramesh Kumar, a customer, not a user of any shop

    def say(text):
        inbound = InboundMessage(id=1, channel="web", provider_message_id=f"stop-{text}", from_phone=customer,
                                 received_at=datetime.now(UTC), text=text)
        return [r.text for r in services.turn.handle(inbound)]

    assert say("बंद करो")[0].startswith("अब आपको Munshi")
    with services.session_factory() as session:
        assert scheduling.opted_out(session, customer)
    assert "START" in say("START")[0] or "STOP" in say("START")[0]
    with services.session_factory() as session:
        assert not scheduling.opted_out(session, customer)


def test_the_command_prints_one_json_line_per_message_and_nothing_on_a_rerun(sqlite_url, tmp_path):
    from bot.app.services import build_services as build

    settings = Settings(database_url=sqlite_url, data_dir=tmp_path, redis_url=None)
    services = build(settings)
    seed_demo_shops(services.session_factory)
    services.close()
    command = [sys.executable, "-c", "from bot.app.cli import main; raise SystemExit(main())", "scheduler", "--once",
               "--now", "2026-11-21T08:00:00+05:30", "--db", sqlite_url]
    env = {"MUNSHI_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=_repo())
    assert first.returncode == 0, first.stderr
    lines = [json.loads(line) for line in first.stdout.splitlines()]
    assert {line["kind"] for line in lines} >= {"digest"}
    assert all(set(line) <= {"shop", "to", "kind", "template", "text", "lang"} for line in lines)
    assert {line["lang"] for line in lines if line["shop"] == "murugan-stores"} == {"ta"}
    again = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=_repo())
    assert again.returncode == 0 and again.stdout == ""
    bad = subprocess.run(command[:-3] + ["2026-11-21T08:00:00", "--db", sqlite_url], capture_output=True, text=True,
                         timeout=60, env=env, cwd=_repo())
    assert bad.returncode == 1 and json.loads(bad.stdout)["error"]["code"] == "invalid_arguments"


def _repo() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parents[3])
