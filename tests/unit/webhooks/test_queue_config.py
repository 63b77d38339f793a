"""Queue configuration: Celery acknowledges late and takes one job at a time; backoff grows and is capped."""

from __future__ import annotations

import pytest

from bot.app.settings import Settings
from bot.runtime.celery_app import PROCESS_TASK, SWEEP_TASK, celery_config, create_celery
from bot.runtime.queue import InProcessQueue, backoff, build_queue


def test_celery_acknowledges_late_and_prefetches_one_message():
    config = celery_config(Settings(redis_url="redis://127.0.0.1:6379/9", celery_visibility_timeout=42))
    assert config["broker_url"] == "redis://127.0.0.1:6379/9"
    assert config["task_acks_late"] and config["task_reject_on_worker_lost"]
    assert config["worker_prefetch_multiplier"] == 1
    assert config["broker_transport_options"]["visibility_timeout"] == 42
    assert config["beat_schedule"]["sweep-inbox"]["task"] == SWEEP_TASK


def test_an_explicit_broker_wins_over_redis_and_sqs_gets_its_region():
    config = celery_config(Settings(redis_url="redis://r/1", celery_broker_url="sqs://", aws_region="ap-south-1"))
    assert config["broker_url"] == "sqs://"
    assert config["broker_transport_options"]["region"] == "ap-south-1"


def test_celery_without_any_broker_is_refused():
    with pytest.raises(ValueError):
        celery_config(Settings(redis_url=None, celery_broker_url=None))


def test_the_celery_app_registers_the_worker_tasks_with_late_acks():
    app = create_celery(Settings(redis_url="redis://127.0.0.1:6379/9"))
    task = app.tasks[PROCESS_TASK]
    assert task.acks_late and task.reject_on_worker_lost
    assert SWEEP_TASK in app.tasks


def test_backoff_doubles_and_is_capped():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [2, 4, 8, 16]
    assert backoff(30) == 300


def test_the_embedded_default_is_the_in_process_queue():
    assert isinstance(build_queue(Settings(queue="inprocess")), InProcessQueue)
    with pytest.raises(ValueError):
        build_queue(Settings(queue="carrier-pigeon"))
