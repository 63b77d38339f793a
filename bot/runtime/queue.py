"""The job queue port: `enqueue(inbox_id)` after the inbound row is committed.

`InProcessQueue` (embedded default, no Redis): a small thread pool inside the web process, retries
with exponential backoff, and a sweep at start-up and every minute that picks up messages a previous
process (or a lost job) left behind. `CeleryQueue` (production): hands the id to Celery (`bot.runtime.celery_app`), whose workers run
the same `bot.runtime.worker.process_message`. Shutting down waits for claimed messages to finish; a message
queued but not started stays `received` in the database and is swept on the next start.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from bot.app.observability import get_logger
from bot.runtime.celery_app import PROCESS_TASK, create_celery
from bot.runtime.outbox import SendRetryable
from bot.runtime.scheduler import run_due
from bot.runtime.worker import LeaseHeld, TurnFailed, backoff, process_message, sweep

if TYPE_CHECKING:
    from bot.app.services import Services

log = get_logger("munshi.queue")



class Queue(Protocol):
    def start(self, services: Services) -> None: ...

    def enqueue(self, inbox_id: int) -> None: ...

    def shutdown(self, wait: bool = True) -> None: ...


class InProcessQueue:
    """Background threads in this process; good for one machine and for `make run`."""

    def __init__(self, threads: int = 2, max_attempts: int = 5, *, sweep_on_start: bool = True) -> None:
        self.threads = max(1, threads)
        self.max_attempts = max_attempts
        self.sweep_on_start = sweep_on_start
        self._services = None
        self._executor: ThreadPoolExecutor | None = None
        self._timers: set[threading.Timer] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._idle = threading.Condition()
        self._pending = 0
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None
        self.sweep_every_seconds = 15.0  # a dead thread's message is taken up again soon after its lease

    def start(self, services: Services) -> None:
        with self._lock:
            if self._executor is not None:
                return
            self._services = services
            self._closed = False
            self._stop.clear()
            self._executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="munshi-worker")
        if self.sweep_on_start:

            self._submit(lambda: sweep(services))
            self._sweeper = threading.Thread(target=self._sweep_every, args=(services,), name="munshi-sweep",
                                             daemon=True)
            self._sweeper.start()
            threading.Thread(target=self._schedule_every, args=(services,), name="munshi-scheduler",
                             daemon=True).start()

    def _sweep_every(self, services: Services) -> None:
        """Re-queue what a lost job left behind (a deferred message whose predecessor's worker died)."""

        while not self._stop.wait(self.sweep_every_seconds):
            self._submit(lambda: sweep(services, min_age_seconds=self.sweep_every_seconds))

    def _schedule_every(self, services: Services) -> None:
        """The embedded scheduler: the proactive jobs due now, every `scheduler_every_seconds`."""
        while not self._stop.wait(services.settings.scheduler_every_seconds):
            self._submit(lambda: run_due(services, datetime.now(UTC)))

    def _submit(self, fn) -> None:
        with self._lock:
            if self._closed or self._executor is None:
                return
            with self._idle:
                self._pending += 1
            self._executor.submit(self._guard, fn)

    def _guard(self, fn) -> None:
        try:
            fn()
        except Exception:  # noqa: BLE001 - a job's failure is logged, never kills the pool
            log.error("job_crashed", exc_info=True)
        finally:
            self._done_one()

    def enqueue(self, inbox_id: int, attempt: int = 1) -> None:
        if self._executor is None:
            # The row is stored; the sweep at the next start picks it up.
            log.info("queue_not_running", message_id=inbox_id)
            return
        self._submit(lambda: self._run(inbox_id, attempt))

    def _later(self, delay: float, inbox_id: int, attempt: int) -> None:
        def fire() -> None:
            with self._lock:
                self._timers.discard(timer)
            try:
                self.enqueue(inbox_id, attempt)
            finally:
                self._done_one()

        timer = threading.Timer(delay, fire)
        timer.daemon = True
        with self._lock:
            if self._closed:
                return
            self._timers.add(timer)
        with self._idle:
            self._pending += 1  # a retry waiting on its timer is still work to do
        timer.start()

    def _done_one(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def _run(self, inbox_id: int, attempt: int) -> None:
        try:
            process_message(self._services, inbox_id, wait_for_earlier=0)
        except LeaseHeld as exc:
            self._later(exc.retry_after, inbox_id, attempt)
        except (TurnFailed, SendRetryable):
            if attempt < self.max_attempts:
                self._later(backoff(attempt), inbox_id, attempt + 1)
            else:
                log.error("message_given_up", message_id=inbox_id, attempts=attempt)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no job is queued or running (tests and `munshi chat`); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self, wait: bool = True) -> None:
        self._stop.set()
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
            timers, self._timers = list(self._timers), set()
        for timer in timers:
            timer.cancel()
        if executor is not None:
            # Jobs not started yet are dropped here: their rows stay `received` and are swept next start.
            executor.shutdown(wait=wait, cancel_futures=True)


class CeleryQueue:
    """Hands each message id to Celery; `munshi worker` processes run it."""

    def __init__(self, celery_app) -> None:
        self.app = celery_app

    def start(self, services: Services) -> None:
        return None

    def enqueue(self, inbox_id: int) -> None:
        self.app.send_task(PROCESS_TASK, args=[inbox_id])

    def shutdown(self, wait: bool = True) -> None:
        return None


def build_queue(settings) -> Queue:
    if settings.queue == "celery":

        return CeleryQueue(create_celery(settings))
    if settings.queue != "inprocess":
        raise ValueError(f"unknown MUNSHI_QUEUE {settings.queue!r}: inprocess or celery")
    return InProcessQueue(settings.worker_threads, settings.max_attempts)
