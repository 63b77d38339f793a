"""Celery for production: workers run `bot.runtime.worker.process_message`, beat runs periodic jobs.

Late acknowledgement (`task_acks_late`, `task_reject_on_worker_lost`) and one message prefetched per
process, so a worker killed mid-turn leaves its job to be redelivered; the inbox lease and the outbox
keys make the redelivery harmless. Retries back off exponentially. Broker: `MUNSHI_CELERY_BROKER_URL`,
else `MUNSHI_REDIS_URL` (SQS by giving an `sqs://` URL). The worker process's own app, with its
services, is `bot.app.celery` (`celery -A bot.app.celery worker`); here are its configuration and tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from celery import Celery
from celery.schedules import crontab

from bot.app.settings import Settings, load_settings
from bot.runtime.backups import back_up_shops
from bot.runtime.outbox import SendRetryable
from bot.runtime.scheduler import run_due
from bot.runtime.worker import LeaseHeld, TurnFailed, backoff, process_message, sweep

ServicesProvider = Callable[[], Any]

PROCESS_TASK = "munshi.process_message"
SWEEP_TASK = "munshi.sweep_inbox"
SCHEDULE_TASK = "munshi.run_scheduled"
BACKUP_TASK = "munshi.backup_shops"
SWEEP_EVERY_SECONDS = 15.0  # a dead worker's message (its lease run out) is taken up within this


def celery_config(settings) -> dict:
    broker = settings.celery_broker_url or settings.redis_url
    if not broker:
        raise ValueError("MUNSHI_QUEUE=celery needs MUNSHI_CELERY_BROKER_URL or MUNSHI_REDIS_URL")
    # Redis: a job whose worker died unacknowledged comes back after the visibility timeout; look for
    # such jobs every 10 s (kombu's default scans every 10 x 10 s).
    transport: dict = {"visibility_timeout": settings.celery_visibility_timeout,
                       "unacked_restore_interval": 10, "unacked_restore_throttle": 1}
    if broker.startswith("sqs"):
        transport["region"] = settings.aws_region
    return {
        "broker_url": broker,
        "broker_transport_options": transport,
        "broker_connection_retry_on_startup": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_ignore_result": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "timezone": settings.timezone,
        "enable_utc": True,
        "worker_hijack_root_logger": False,
        "worker_redirect_stdouts": False,  # structlog writes JSON lines to stderr itself
        "beat_schedule": {
            "sweep-inbox": {"task": SWEEP_TASK, "schedule": SWEEP_EVERY_SECONDS},
            "proactive-jobs": {"task": SCHEDULE_TASK, "schedule": float(settings.scheduler_every_seconds)},
            "backup-shops": {"task": BACKUP_TASK, "schedule": crontab(hour=2, minute=30)},  # settings.timezone
        },
    }


class MunshiCelery(Celery):
    """Reads Munshi's settings when the configuration is first needed, not at import."""

    def __init__(self, *args, settings=None, **kwargs) -> None:
        self._munshi_settings = settings
        super().__init__(*args, **kwargs)

    def on_configure(self) -> None:
        settings = self._munshi_settings
        if settings is None:

            settings = load_settings()
        self.conf.update(celery_config(settings))


def _no_services() -> Any:
    raise RuntimeError("this Celery app only sends jobs; run `munshi worker` (bot.app.celery) to run them")


def register_tasks(app: Celery, services: ServicesProvider = _no_services) -> None:
    """The worker's tasks; `services` gives the process's services (built once, by the caller)."""

    @app.task(name=PROCESS_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8, shared=False)
    def process_message_task(self, inbox_id: int) -> str:
        try:
            return process_message(services(), inbox_id, wait_for_earlier=0)
        except LeaseHeld as exc:
            raise self.retry(countdown=exc.retry_after, max_retries=None) from exc
        except (TurnFailed, SendRetryable) as exc:
            raise self.retry(countdown=backoff(self.request.retries + 1), exc=exc) from exc

    @app.task(name=BACKUP_TASK, ignore_result=True, shared=False)
    def backup_shops_task() -> int:
        return len(back_up_shops(services()))

    @app.task(name=SWEEP_TASK, ignore_result=True, shared=False)
    def sweep_inbox_task() -> int:
        return len(sweep(services(), min_age_seconds=SWEEP_EVERY_SECONDS))

    @app.task(name=SCHEDULE_TASK, ignore_result=True, shared=False)
    def run_scheduled_task() -> int:
        """The proactive jobs due now; safe to run twice (every message is stored once)."""
        return len(run_due(services(), datetime.now(UTC)))


def create_celery(settings: Settings | None = None, services: ServicesProvider = _no_services) -> Celery:
    celery = MunshiCelery("munshi", settings=settings, set_as_current=False)
    register_tasks(celery, services)
    return celery
