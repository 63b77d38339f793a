"""A real shop's first week, through the chat API on a fresh database: the share of writes recorded
right and the questions the bot asked per write.

    python bench/first_week.py [SCRIPT.jsonl ...] [--db URL] [--show-failures]

With no script named, every `bench/first_week/*.jsonl` runs. Each script is a new phone number that
says "hi", is onboarded, and keeps its books for a week; each turn is POSTed to `/sim/messages` of the
real app (FastAPI TestClient over the real services: inbox, worker, turn, outbox), and the books are
read back through the domain after each turn.

Script format — JSONL, one turn a line, in order; lines of several scripts may be mixed (by `script`):

    {"script": "hi-1", "phone": "+919811100001", "lang": "hi", "text": "2 किलो चीनी बेची",
     "answers": ["45"], "expect": {"voucher": {"type": "sale", "total": 90, "payment": "cash"}}}

- `script` (str) names the script; `phone` (E.164) its sender; `lang` (ISO 639-1, "hi" for Hinglish
  too) picks the word the bench says "yes" with when the bot asks more than `answers` hold.
- `text` is what the user sends.
- `answers` (optional, list of str): what the user says, in order, each time the bot asks back after
  this turn (a new item's price, "new customer?", "sure?"). Each question the bot asks counts.
- `expect` (optional): the write this turn must leave in the books once its questions are answered;
  a turn without `expect` (onboarding, small talk) is not scored. One of:
  - `{"voucher": {"type": T, "total": R, "party"?: P, "payment"?: M}}` — exactly one new voucher of
    type T (sale purchase receipt payment expense journal sale_return) whose total is R rupees to
    the paisa; P (compared loosely: "Ramu" ~ "Ramu Bhai"), M (cash upi credit card bank) when given.
  - `{"profile": {FIELD: VALUE}}` — the shop's `upi_id`, `gstin`, `name` or `state_code` now reads VALUE.
  - `{"party": {"name": P, "phone"?: "+91...", "kind"?: "customer"|"supplier"}}` — the party exists so.
  - `{"price": {"item": I, "rate": R}}` — the item's selling price is R rupees.
  - `{"reminder": {"party": P, "amount": R, "vpa": V}}` — a message went to the party's phone whose
    UPI link pays R rupees to V.
  - `{"read": ["substring", ...]}` — a read: the reply holds every substring (scored apart from writes).
- `check` (optional, on any line): the books after the turn, to the paisa: `{"dues": {P: R, ...}}` (a
  party's balance, positive = owes the shop), `{"sales_today": R}`, `{"stock": {I: Q}}`.

Prints, per script and overall: writes right / writes, questions per write, reads right, checks right.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

# Run as a script, this folder comes first on sys.path, and bench/voice.py would hide the voice package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SCRIPTS = Path(__file__).resolve().parent / "first_week"
YES = {"hi": "haan", "en": "yes", "ta": "ஆமா", "te": "అవును", "bn": "হ্যাঁ", "mr": "हो", "gu": "હા", "kn": "ಹೌದು",
       "ml": "അതെ", "pa": "ਹਾਂ"}
MAX_QUESTIONS = 3  # answering more than this many questions for one message is a failure in itself


@dataclass
class Score:
    writes: int = 0
    right: int = 0
    questions: int = 0
    reads: int = 0
    reads_right: int = 0
    checks: int = 0
    checks_right: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("writes", "right", "questions", "reads", "reads_right", "checks", "checks_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures.extend(other.failures)

    def line(self, label: str) -> str:
        share = self.right / self.writes if self.writes else 0.0
        per = self.questions / self.writes if self.writes else 0.0
        return (f"{label:14} writes right {self.right:3}/{self.writes:<3} ({share:6.1%})  questions/write {per:4.2f}  "
                f"reads {self.reads_right}/{self.reads}  checks {self.checks_right}/{self.checks}")


def load_turns(paths: list[Path]) -> dict[str, list[dict]]:
    scripts: dict[str, list[dict]] = defaultdict(list)
    for path in paths:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.strip():
                turn = json.loads(line)
                turn.setdefault("where", f"{path.name}:{number}")
                scripts[turn["script"]].append(turn)
    return scripts


def shop_today() -> date:
    """Today where the shops are (the vouchers' dates), not on the machine's clock."""
    return datetime.now(ZoneInfo("Asia/Kolkata")).date()


class Books:
    """What the bench reads back: the sender's shop, its vouchers, parties, items and profile."""

    def __init__(self, services, phone: str) -> None:
        self.services, self.phone = services, phone

    def shop(self):
        from bot.conversation.turn import resolve_sender

        return resolve_sender(self.services.session_factory, self.phone)[1]

    def snapshot(self) -> dict:
        from domain.books import catalog, parties, reports
        from domain.store.uow import SqlUnitOfWork

        shop = self.shop()
        if shop is None:
            return {"shop": None, "vouchers": [], "parties": {}, "items": {}}
        today = shop_today()
        with SqlUnitOfWork(self.services.session_factory) as uow:
            vouchers = [e for d in range(10, -2, -1)
                        for e in reports.day_book(uow, shop.id, today - timedelta(days=d))]
            people = {p.name: p for p in parties.list_parties(uow, shop.id)}
            items = {i.name: i for i in catalog.list_items(uow, shop.id)}
        return {"shop": shop, "vouchers": vouchers, "parties": people, "items": items}

    def waiting(self) -> bool:
        """Whether the bot asked something it waits an answer to."""
        from bot.conversation.dialogue import DialogueStore

        dialogue, _ = DialogueStore(self.services.session_factory).load(self.phone)
        return getattr(dialogue, "learning", None) is not None or dialogue.pending is not None


def _same_name(said: str | None, booked: str | None) -> bool:
    from rapidfuzz import fuzz, utils

    if not said:
        return True
    if not booked:
        return False
    return fuzz.WRatio(said, booked, processor=utils.default_process) >= 80


def _paise(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


def judge_write(expect: dict, before: dict, after: dict, replies: list[dict]) -> str | None:
    """None when the books show the expected write, else what is wrong."""
    if "voucher" in expect:
        want = expect["voucher"]
        seen = {e.number for e in before["vouchers"]}
        new = [e for e in after["vouchers"] if e.number not in seen and not e.reverses]
        match = [e for e in new if e.type == want["type"] and e.total.paise == _paise(want["total"])
                 and _same_name(want.get("party"), e.party) and (not want.get("payment") or e.payment == want["payment"])]
        if len(match) == 1 and len(new) == 1:
            return None
        return f"new vouchers {[(e.type, str(e.total), e.party, e.payment) for e in new]}"
    if "profile" in expect:
        shop = after["shop"]
        wrong = {k: getattr(shop, k, None) for k, v in expect["profile"].items() if getattr(shop, k, None) != v}
        return None if not wrong else f"profile {wrong}"
    if "party" in expect:
        want = expect["party"]
        found = [p for p in after["parties"].values() if _same_name(want["name"], p.name)]
        ok = [p for p in found if (not want.get("phone") or p.phone == want["phone"])
              and (not want.get("kind") or p.kind == want["kind"])]
        return None if ok else f"parties {[(p.name, p.phone, p.kind) for p in after['parties'].values()]}"
    if "price" in expect:
        want = expect["price"]
        found = [i for i in after["items"].values() if _same_name(want["item"], i.name)]
        ok = [i for i in found if i.rate.paise == _paise(want["rate"])]
        return None if ok else f"items {[(i.name, str(i.rate)) for i in found]}"
    if "reminder" in expect:
        want = expect["reminder"]
        for reply in replies:
            link = next((w for w in (reply.get("text") or "").split() if w.startswith("upi://")), None)
            if reply.get("to") and link:
                query = parse_qs(urlparse(link).query)
                if query.get("pa") == [want["vpa"]] and _paise(query.get("am", ["0"])[0]) == _paise(want["amount"]):
                    return None
        return f"no reminder with a UPI link for {want}: {[r.get('text') for r in replies]}"
    return f"unknown expectation {expect}"


def judge_check(check: dict, after: dict, books: Books) -> str | None:
    from domain.books import reports
    from domain.periods import Period
    from domain.store.uow import SqlUnitOfWork

    problems = []
    for name, rupees in (check.get("dues") or {}).items():
        party = next((p for p in after["parties"].values() if _same_name(name, p.name)), None)
        if party is None or party.balance.paise != _paise(rupees):
            problems.append(f"dues {name}: {party.balance if party else None} != {rupees}")
    for name, qty in (check.get("stock") or {}).items():
        item = next((i for i in after["items"].values() if _same_name(name, i.name)), None)
        if item is None or Decimal(str(item.stock)) != Decimal(str(qty)):
            problems.append(f"stock {name}: {item.stock if item else None} != {qty}")
    if "sales_today" in check:
        with SqlUnitOfWork(books.services.session_factory) as uow:
            total = reports.sales_summary(uow, after["shop"].id, Period(shop_today(), shop_today())).total
        if total.paise != _paise(check["sales_today"]):
            problems.append(f"sales today {total} != {check['sales_today']}")
    return "; ".join(problems) or None


def run_script(client, services, turns: list[dict]) -> Score:
    score = Score()
    phone = turns[0]["phone"]
    books = Books(services, phone)
    for turn in turns:
        before = books.snapshot()
        replies = post(client, phone, turn["text"])
        answers = list(turn.get("answers") or [])
        asked = 0
        while books.waiting() and asked < MAX_QUESTIONS:
            asked += 1
            replies += post(client, phone, answers.pop(0) if answers else YES.get(turn.get("lang", "hi"), "haan"))
        after = books.snapshot()
        expect = turn.get("expect")
        if expect and "read" in expect:
            score.reads += 1
            text = "\n".join(r.get("text") or "" for r in replies)
            missing = [s for s in expect["read"] if s not in text]
            if missing:
                score.failures.append(f"{turn['where']} {turn['text']!r}: read lacks {missing}: {text[:200]!r}")
            else:
                score.reads_right += 1
        elif expect:
            score.writes += 1
            score.questions += asked
            wrong = judge_write(expect, before, after, replies) if asked < MAX_QUESTIONS else "too many questions"
            if wrong is None:
                score.right += 1
            else:
                texts = " | ".join((r.get("text") or "")[:80] for r in replies)
                score.failures.append(f"{turn['where']} {turn['text']!r}: {wrong} — bot: {texts}")
        if turn.get("check"):
            score.checks += 1
            wrong = judge_check(turn["check"], after, books)
            if wrong is None:
                score.checks_right += 1
            else:
                score.failures.append(f"{turn['where']} check: {wrong}")
    return score


def post(client, phone: str, text: str) -> list[dict]:
    response = client.post("/sim/messages", data={"from": phone, "text": text})
    response.raise_for_status()
    return response.json()["replies"]


def run(paths: list[Path], url: str | None = None) -> tuple[Score, dict[str, Score]]:
    """Every script of `paths` on a fresh database (`url`, else a temporary SQLite file)."""
    from fastapi.testclient import TestClient

    from bot.app.observability import configure_logging
    from bot.app.services import build_services
    from bot.app.settings import Settings
    from bot.runtime.ratelimit import MemoryRateLimiter
    from domain.store.migrate import recreate, upgrade
    from webhooks.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        if url:
            recreate(url)
        else:
            url = f"sqlite:///{data_dir / 'first_week.db'}"
            upgrade(url)
        settings = Settings(database_url=url, data_dir=data_dir, media_dir=data_dir / "media", redis_url=None,
                            log_level="WARNING", dev_chat=True)
        configure_logging("WARNING", json=False)
        services = build_services(settings, rate_limiter=MemoryRateLimiter(10**9))
        total, per_script = Score(), {}
        try:
            with TestClient(create_app(settings, services), client=("127.0.0.1", 50000)) as client:
                for name, turns in load_turns(paths).items():
                    per_script[name] = run_script(client, services, turns)
                    total.add(per_script[name])
        finally:
            services.close()
    return total, per_script


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="*", type=Path)
    parser.add_argument("--db", default=None, help="a database to wipe and use (default: a temporary SQLite file)")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args(argv)
    paths = args.scripts or sorted(SCRIPTS.glob("*.jsonl"))
    total, per_script = run(paths, args.db)
    for name, score in per_script.items():
        print(score.line(name))
    print(total.line("all"))
    if args.show_failures:
        for failure in total.failures:
            print("  -", failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
