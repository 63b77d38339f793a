"""The Celery worker process: `celery -A bot.app.celery worker` (or `munshi worker`).

Its services are built once per process on the first job, with the speech model loaded in the
background then, and closed when the process shuts down. Nothing connects at import time.
"""

from __future__ import annotations

import threading

from celery import signals

from bot.app.observability import configure_logging
from bot.app.services import Services, build_services
from bot.app.settings import check_production, load_settings
from bot.conversation.speech import warm_up
from bot.runtime.celery_app import create_celery

_services: Services | None = None
_services_lock = threading.Lock()


def worker_services() -> Services:
    """The worker process's services, built once on first use."""
    global _services
    with _services_lock:
        if _services is None:
            settings = load_settings()
            configure_logging(settings.log_level)
            check_production(settings)
            _services = build_services(settings)
            warm_up(_services.stt)  # load the speech model now, not on the first voice note
        return _services


@signals.worker_process_shutdown.connect
def _close_services(**_kwargs) -> None:
    global _services
    with _services_lock:
        if _services is not None:
            _services.close()
            _services = None


app = create_celery(services=worker_services)
