"""`munshi serve`, `munshi worker`, `munshi scheduler`: the processes of a deployment.

`serve` runs the web app under uvicorn (the app is named by its import string, so the bot package
does not import the web layer); SIGTERM stops accepting requests, then waits for claimed messages.
`worker` runs Celery workers for `MUNSHI_QUEUE=celery`; a warm shutdown on SIGTERM finishes the
current message and late acknowledgement leaves unfinished ones to the broker. `scheduler` runs
Celery beat (the inbox sweep and the proactive jobs of `bot.runtime.scheduler`); `scheduler --once
--now ISO` runs the jobs due at that instant and exits.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.app.celery import app
from bot.app.observability import configure_logging
from bot.app.services import build_services
from bot.app.settings import load_settings
from bot.runtime.scheduler import run_due


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="run the web app (webhooks, chat page, media links)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="web processes (default 1)")
    serve.add_argument("--proxy-headers", action="store_true", help="trust X-Forwarded-* from the proxy")
    serve.set_defaults(func=run_serve)

    worker = subparsers.add_parser("worker", help="run a Celery worker (MUNSHI_QUEUE=celery)")
    worker.add_argument("--concurrency", type=int, default=None, help="worker processes (default: CPU count)")
    worker.add_argument("--pool", default="prefork", help="Celery pool: prefork, threads or solo")
    worker.add_argument("--loglevel", default="INFO")
    worker.set_defaults(func=run_worker)

    scheduler = subparsers.add_parser("scheduler", help="run Celery beat, the scheduler of periodic jobs; "
                                                       "--once runs the jobs due at one instant and exits")
    scheduler.add_argument("--once", action="store_true", help="run the jobs due at --now (default: this instant)")
    scheduler.add_argument("--now", default=None, help="the instant, ISO 8601 with its offset: 2026-11-21T08:00:00+05:30")
    scheduler.add_argument("--db", default=None, help="database URL (default: MUNSHI_DATABASE_URL)")
    scheduler.add_argument("--schedule-file", default=None, help="where beat keeps its state (default: data dir)")
    scheduler.add_argument("--loglevel", default="INFO")
    scheduler.set_defaults(func=run_scheduler)


def run_serve(args) -> int:
    import uvicorn  # the web server loads only for `munshi serve`

    settings = load_settings()
    configure_logging(settings.log_level)
    uvicorn.run(
        "webhooks.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=args.proxy_headers,
        timeout_graceful_shutdown=60,
        log_level=settings.log_level.lower(),
    )
    return 0


def _celery_app():
    settings = load_settings()
    if not (settings.celery_broker_url or settings.redis_url):
        print("munshi: set MUNSHI_REDIS_URL or MUNSHI_CELERY_BROKER_URL for the Celery worker", file=sys.stderr)
        return None

    return app


def run_worker(args) -> int:
    app = _celery_app()
    if app is None:
        return 2
    argv = ["worker", f"--loglevel={args.loglevel}", f"--pool={args.pool}"]
    if args.concurrency:
        argv.append(f"--concurrency={args.concurrency}")
    app.worker_main(argv)
    return 0


def _instant(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    now = datetime.fromisoformat(text)
    if now.tzinfo is None:
        raise ValueError("--now needs its UTC offset, e.g. 2026-11-21T08:00:00+05:30")
    return now


def run_scheduler_once(args) -> int:
    """One JSON line per message sent: {"shop", "to", "kind", "template"?, "text", "lang"}."""
    try:
        now = _instant(args.now)
        settings = load_settings()
        if args.db:
            settings = settings.model_copy(update={"database_url": args.db})
    except ValueError as exc:
        print(json.dumps({"ok": False, "error": {"code": "invalid_arguments", "message": str(exc)}}))
        return 1
    configure_logging(settings.log_level)  # stderr: standard output carries only the messages sent
    services = build_services(settings)
    try:
        for sent in run_due(services, now):
            print(json.dumps(sent, ensure_ascii=False))
    finally:
        services.close()
    return 0


def run_scheduler(args) -> int:
    if args.once:
        return run_scheduler_once(args)
    app = _celery_app()
    if app is None:
        return 2

    schedule = Path(args.schedule_file) if args.schedule_file else load_settings().data_dir / "celerybeat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    app.start(["beat", f"--loglevel={args.loglevel}", f"--schedule={schedule}"])
    return 0
