"""Celery for production: workers run `bot.worker.process_message`, beat runs periodic jobs.

Late acknowledgement (`task_acks_late`, `task_reject_on_worker_lost`) and one message prefetched per
process, so a worker killed mid-turn leaves its job to be redelivered; the inbox lease and the outbox
keys make the redelivery harmless. Retries back off exponentially. Broker: `MUNSHI_CELERY_BROKER_URL`,
else `MUNSHI_REDIS_URL` (SQS by giving an `sqs://` URL). `celery -A bot.celery_app worker` uses the
module's `app`, configured from settings when first used (nothing connects at import time).
"""

from __future__ import annotations

import threading

from celery import Celery, signals
from celery.schedules import crontab

PROCESS_TASK = "munshi.process_message"
SWEEP_TASK = "munshi.sweep_inbox"
BACKUP_TASK = "munshi.backup_shops"
SWEEP_EVERY_SECONDS = 60.0


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
            from bot.settings import load_settings

            settings = load_settings()
        self.conf.update(celery_config(settings))


_services = None
_services_lock = threading.Lock()


def worker_services():
    """The worker process's services, built once on first use."""
    global _services
    with _services_lock:
        if _services is None:
            from bot.observability import configure_logging
            from bot.services import build_services
            from bot.settings import load_settings

            settings = load_settings()
            configure_logging(settings.log_level)
            _services = build_services(settings)
            from bot.speech import warm_up

            warm_up(_services)  # load the speech model now, not on the first voice note
        return _services


def register_tasks(app: Celery) -> None:
    @app.task(name=PROCESS_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8, shared=False)
    def process_message_task(self, inbox_id: int) -> str:
        from bot.outbox import SendRetryable
        from bot.queue import backoff
        from bot.worker import LeaseHeld, TurnFailed, process_message

        try:
            return process_message(worker_services(), inbox_id, wait_for_earlier=0)
        except LeaseHeld as exc:
            raise self.retry(countdown=exc.retry_after, max_retries=None) from exc
        except (TurnFailed, SendRetryable) as exc:
            raise self.retry(countdown=backoff(self.request.retries + 1), exc=exc) from exc

    @app.task(name=BACKUP_TASK, ignore_result=True, shared=False)
    def backup_shops_task() -> int:
        from bot.backups import back_up_shops

        return len(back_up_shops(worker_services()))

    @app.task(name=SWEEP_TASK, ignore_result=True, shared=False)
    def sweep_inbox_task() -> int:
        from bot.worker import sweep

        return len(sweep(worker_services(), min_age_seconds=SWEEP_EVERY_SECONDS))


def create_celery(settings=None) -> Celery:
    celery = MunshiCelery("munshi", settings=settings, set_as_current=False)
    register_tasks(celery)
    return celery


@signals.worker_process_shutdown.connect
def _close_services(**_kwargs) -> None:
    global _services
    with _services_lock:
        if _services is not None:
            _services.close()
            _services = None


app = create_celery()
