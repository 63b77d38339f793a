"""`munshi backup`, `munshi restore` and `munshi export`: a shop's books out of Munshi and back.

    munshi backup [--db URL] --shop SLUG --out FILE
    munshi restore [--db URL] --in FILE
    munshi export [--db URL] --shop SLUG tally|excel --period PERIOD --out FILE

Each prints one JSON object, `{"ok": true, "data": {...}}` or `{"ok": false, "error": {"code",
"message"}}`, and exits 0 when ok and 1 otherwise (bad arguments included). `restore` writes only into
a database where the shop does not exist yet. PERIOD is any TOOLS.md period (`this_month`, `2026-10`,
`2026-Q3`, or `{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`). The file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, NoReturn
from zoneinfo import ZoneInfo

from bot.app.cli.books import ensure_schema
from bot.app.settings import Settings
from domain.errors import DomainError
from domain.exchange import backup, excel, tally
from domain.periods import resolve_period
from domain.store.db import make_engine, make_session_factory
from domain.store.uow import SqlUnitOfWork

EXIT_OK, EXIT_REFUSED = 0, 1


def _emit(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, ensure_ascii=False, default=str))


def refuse(code: str, message: str, **details: Any) -> int:
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    _emit({"ok": False, "error": error})
    return EXIT_REFUSED


def json_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make the parser's usage errors one JSON object on standard output and exit status 1."""

    def error(message: str) -> NoReturn:
        refuse("invalid_arguments", f"{parser.prog}: {message}", usage=parser.format_usage().strip())
        sys.exit(EXIT_REFUSED)

    parser.error = error  # type: ignore[method-assign]
    return parser


def register(subparsers) -> None:
    backup = json_errors(subparsers.add_parser("backup", help="write every row of a shop to one file"))
    backup.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    backup.add_argument("--shop", required=True, help="the shop's slug")
    backup.add_argument("--out", required=True, help="the backup file to write")
    backup.set_defaults(func=run_backup)

    restore = json_errors(subparsers.add_parser("restore", help="restore a shop's backup into a database"))
    restore.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    restore.add_argument("--in", dest="infile", required=True, help="the backup file to read")
    restore.set_defaults(func=run_restore)

    export = json_errors(subparsers.add_parser("export", help="Tally XML or an Excel workbook of a period"))
    export.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    export.add_argument("--shop", required=True, help="the shop's slug")
    export.add_argument("format", choices=("tally", "excel"), help="tally (XML) or excel (xlsx)")
    export.add_argument("--period", required=True, help="this_month, 2026-10, 2026-Q3, {\"from\":..,\"to\":..}")
    export.add_argument("--out", required=True, help="the file to write")
    export.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today in the shop's timezone)")
    export.set_defaults(func=run_export)


def _settings():

    return Settings()


@contextmanager
def session_factory_for(url: str | None) -> Iterator[Any]:

    url = url or _settings().database_url
    ensure_schema(url)
    engine = make_engine(url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _write_whole(path: str, write: Callable[[IO[bytes]], Any]) -> Any:
    """Write through a temporary file beside `path`, renamed over it only when complete."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            result = write(out)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def _domain_refusal(exc: Exception) -> int:

    assert isinstance(exc, DomainError)
    return refuse(exc.code, str(exc) or exc.code, **{k: str(v) for k, v in exc.fields.items()})


def run_backup(args: argparse.Namespace) -> int:

    with session_factory_for(args.db) as session_factory, SqlUnitOfWork(session_factory) as uow:
        try:
            summary = _write_whole(args.out, lambda out: backup.backup(uow, args.shop, out))
        except DomainError as exc:
            return _domain_refusal(exc)
    _emit({"ok": True, "data": {"shop": summary.shop, "file": args.out, "rows": summary.rows,
                                "tables": summary.tables}})
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:

    try:
        with open(args.infile, "rb") as source:
            document = backup.read(source)
    except OSError as exc:
        return refuse("not_found", f"cannot read {args.infile}: {exc.strerror}")
    except DomainError as exc:
        return _domain_refusal(exc)
    with session_factory_for(args.db) as session_factory, SqlUnitOfWork(session_factory) as uow:
        try:
            summary = backup.restore(uow, document)
        except DomainError as exc:
            return _domain_refusal(exc)
        uow.commit()
    _emit({"ok": True, "data": {"shop": summary.shop, "rows": summary.rows, "tables": summary.tables}})
    return EXIT_OK


def _period(spec: str, today: date):

    text = spec.strip()
    return resolve_period(json.loads(text) if text.startswith("{") else text, today)


def run_export(args: argparse.Namespace) -> int:

    today = args.today or datetime.now(ZoneInfo(_settings().timezone)).date()
    try:
        period = _period(args.period, today)
    except (DomainError, ValueError) as exc:
        return refuse("invalid_arguments", f"--period: {args.period!r} is not a period ({exc})")
    module = tally if args.format == "tally" else excel
    with session_factory_for(args.db) as session_factory, SqlUnitOfWork(session_factory) as uow:
        shop = uow.shops.by_slug(args.shop)
        if shop is None:
            return refuse("unknown_shop", f"no shop {args.shop!r}")
        try:
            summary = _write_whole(args.out, lambda out: module.write(uow, shop.id, period, out))
        except DomainError as exc:
            return _domain_refusal(exc)
    _emit({"ok": True, "data": {"shop": args.shop, "format": args.format, "file": args.out,
                                "period": period.as_dict(), **asdict(summary)}})
    return EXIT_OK
