"""`munshi migrate`, `munshi demo` and `munshi tool`: the books from the command line.

    munshi migrate [--db URL]
    munshi demo [--db URL] [--days N] [--seed S] [--if-empty]
    munshi tool [--db URL] --shop SLUG [--as PHONE] NAME ['JSON-ARGS']

`--db` defaults to MUNSHI_DATABASE_URL; `demo` and `tool` bring the schema up to date first.
`tool` prints exactly one JSON object `{"ok", "data"|"error", "text", "lang"}` and exits 0 when ok,
3 when the role may not run the tool (or the phone is not the shop's), 1 for any other refusal.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from bot.app.settings import Settings
from bot.conversation.replies import render_outcome
from domain.books import shops
from domain.demo.load import load_demo
from domain.errors import DomainError, UnknownShop
from domain.store.db import make_engine, make_session_factory
from domain.store.migrate import alembic_config, upgrade
from domain.store.uow import SqlUnitOfWork
from locales.words import local_amount_in_words
from tools import ToolContext, ToolOutcome, run_tool

EXIT_OK, EXIT_REFUSED, EXIT_PERMISSION = 0, 1, 3


def register(subparsers) -> None:
    migrate = subparsers.add_parser("migrate", help="bring the database schema up to date")
    migrate.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    migrate.set_defaults(func=run_migrate)

    demo = subparsers.add_parser("demo", help="create or reset the two demo shops")
    demo.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    demo.add_argument("--days", type=int, default=0, help="days of trading history ending yesterday")
    demo.add_argument("--seed", type=int, default=0, help="seed of the history generator")
    demo.add_argument("--if-empty", action="store_true", help="leave a demo shop alone if it exists")
    demo.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today in the shop's timezone)")
    demo.set_defaults(func=run_demo)

    tool = subparsers.add_parser("tool", help="run one tool as a shop's user and print its JSON outcome")
    tool.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    tool.add_argument("--shop", required=True, help="the shop's slug, e.g. sharma-kirana")
    tool.add_argument("--as", dest="phone", help="the user's phone (default: the shop's owner)")
    tool.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today in the shop's timezone)")
    tool.add_argument("--message-id", help="the chat message id: a write with one runs at most once")
    tool.add_argument("--dry-run", action="store_true", help="compute everything and keep nothing")
    tool.add_argument("name", help="the tool, e.g. record_sale")
    tool.add_argument("args", nargs="?", default="{}", help="the arguments as a JSON object")
    tool.set_defaults(func=run_tool_command)


def _settings():
    return Settings()


def _url(args: argparse.Namespace) -> str:
    return args.db or _settings().database_url


def _today(args: argparse.Namespace) -> date:
    return args.today or datetime.now(ZoneInfo(_settings().timezone)).date()


def ensure_schema(url: str) -> None:
    """Run the migrations unless the database is already at the latest revision."""


    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    if current != heads:
        upgrade(url)


def run_migrate(args: argparse.Namespace) -> int:
    url = _url(args)
    upgrade(url)
    print(f"migrated {make_url(url).render_as_string(hide_password=True)}")
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    if args.days < 0:
        print("--days must be 0 or more", file=sys.stderr)
        return 2
    url = _url(args)
    ensure_schema(url)
    engine = make_engine(url)
    try:
        reports = load_demo(make_session_factory(engine), today=_today(args), days=args.days, seed=args.seed,
                            if_empty=args.if_empty)
    finally:
        engine.dispose()
    for report in reports:
        booked = f", {report.events} days' events booked" if report.events else ""
        if report.action == "kept":
            print(f"{report.slug}: already there (shop {report.shop_id}), left as it is")
        else:
            print(f"{report.slug}: {report.action} (shop {report.shop_id}){booked}")
    return EXIT_OK


def _emit(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, ensure_ascii=False, sort_keys=False))


def _text(outcome, lang: str, today: date) -> str:
    return render_outcome(outcome, lang, today=today)


def _refusal(code: str, message: str, lang: str) -> dict[str, Any]:
    outcome = ToolOutcome.refused("", code, message)
    return {**outcome.as_json(), "text": _text(outcome, lang, date.today()), "lang": lang}


def run_tool_command(args: argparse.Namespace) -> int:
    try:
        tool_args = json.loads(args.args, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        _emit(_refusal("invalid_arguments", f"JSON-ARGS is not JSON: {exc.msg}", "en"))
        return EXIT_REFUSED
    url = _url(args)
    ensure_schema(url)
    engine = make_engine(url)
    try:
        session_factory = make_session_factory(engine)
        with SqlUnitOfWork(session_factory) as uow:
            try:
                shop = shops.find_shop_by_slug(uow, args.shop)
            except UnknownShop:
                _emit(_refusal("not_found", f"no shop {args.shop!r} (run `munshi demo`?)", "en"))
                return EXIT_REFUSED
            if args.phone:
                try:
                    user = shops.find_user_by_phone(uow, shops.normalise_phone(args.phone))
                except DomainError:
                    user = None
                if user is None or user.shop_id != shop.id:
                    _emit(_refusal("permission_denied", f"{args.phone} is not a user of {shop.slug}", shop.language))
                    return EXIT_PERMISSION
            else:
                user = shops.owner_of(uow, shop.id)
        today = _today(args)
        ctx = ToolContext(shop_id=shop.id, user_id=user.id, role=user.role, today=today,
                          message_id=args.message_id, lang=user.language, amount_words=local_amount_in_words)
        outcome = run_tool(session_factory, ctx, args.name, tool_args, dry_run=args.dry_run)
    finally:
        engine.dispose()
    lang = str(outcome.data.get("lang") or user.language) if outcome.ok and outcome.tool == "set_language" \
        else user.language
    _emit({**outcome.as_json(), "text": _text(outcome, lang, today), "lang": lang})
    if outcome.ok:
        return EXIT_OK
    return EXIT_PERMISSION if outcome.error and outcome.error.code == "permission_denied" else EXIT_REFUSED
