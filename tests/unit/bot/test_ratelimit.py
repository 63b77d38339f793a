"""The in-process sliding window: allow up to the limit, refuse once, then stay silent until it slides."""

from __future__ import annotations

from bot.runtime.ratelimit import MemoryRateLimiter, Verdict


class FakeClock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_sender_within_the_limit_is_always_allowed():
    limiter = MemoryRateLimiter(limit=3, window_seconds=60, clock=FakeClock())
    assert [limiter.check("+919800000001") for _ in range(3)] == [Verdict.ALLOW] * 3


def test_a_flooding_sender_is_refused_once_then_silenced():
    clock = FakeClock()
    limiter = MemoryRateLimiter(limit=2, window_seconds=60, clock=clock)
    verdicts = [limiter.check("+919800000001") for _ in range(6)]
    assert verdicts == [Verdict.ALLOW, Verdict.ALLOW, Verdict.REFUSE, Verdict.SILENT, Verdict.SILENT, Verdict.SILENT]


def test_the_window_passing_lets_the_sender_in_again():
    clock = FakeClock()
    limiter = MemoryRateLimiter(limit=2, window_seconds=60, clock=clock)
    for _ in range(4):
        limiter.check("+919800000001")
    clock.now += 61
    assert limiter.check("+919800000001") is Verdict.ALLOW


def test_the_window_slides_rather_than_resetting_on_the_minute():
    clock = FakeClock()
    limiter = MemoryRateLimiter(limit=2, window_seconds=60, clock=clock)
    assert limiter.check("a") is Verdict.ALLOW
    clock.now += 40
    assert limiter.check("a") is Verdict.ALLOW
    clock.now += 30  # the first hit left the window, the second is still in it
    assert limiter.check("a") is Verdict.ALLOW
    assert limiter.check("a") is Verdict.REFUSE


def test_one_senders_flood_does_not_limit_another_sender():
    limiter = MemoryRateLimiter(limit=1, window_seconds=60, clock=FakeClock())
    limiter.check("+919800000001")
    assert limiter.check("+919800000001") is Verdict.REFUSE
    assert limiter.check("+919800000002") is Verdict.ALLOW
