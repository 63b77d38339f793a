"""The Redis sliding window behaves as the in-process one and is shared between limiter instances."""

from __future__ import annotations

import pytest
import redis

from bot.runtime.ratelimit import RedisRateLimiter, Verdict

pytestmark = pytest.mark.redis


class FakeClock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def client(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def test_a_flooding_sender_is_refused_once_then_silenced_in_redis(client):
    limiter = RedisRateLimiter(client, limit=2, window_seconds=60, clock=FakeClock())
    verdicts = [limiter.check("+919800000001") for _ in range(5)]
    assert verdicts == [Verdict.ALLOW, Verdict.ALLOW, Verdict.REFUSE, Verdict.SILENT, Verdict.SILENT]


def test_two_workers_share_one_window(client):
    clock = FakeClock()
    first = RedisRateLimiter(client, limit=3, window_seconds=60, clock=clock)
    second = RedisRateLimiter(client, limit=3, window_seconds=60, clock=clock)
    assert [first.check("p"), second.check("p"), first.check("p")] == [Verdict.ALLOW] * 3
    assert second.check("p") is Verdict.REFUSE
    assert first.check("p") is Verdict.SILENT


def test_the_redis_window_passing_lets_the_sender_in_again(client):
    clock = FakeClock()
    limiter = RedisRateLimiter(client, limit=1, window_seconds=60, clock=clock)
    limiter.check("p")
    assert limiter.check("p") is Verdict.REFUSE
    clock.now += 61
    assert limiter.check("p") is Verdict.ALLOW
    clock.now += 1
    assert limiter.check("p") is Verdict.REFUSE  # told again: the earlier refusal's window has passed
