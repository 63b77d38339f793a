"""Per-number rate limits: a sliding window of accepted messages per sender.

A sender within the limit is allowed; the first message over it is refused once (the turn answers
`error.rate_limited`), and every further one is dropped in silence until the window has passed.
Redis keeps the window when present (one atomic Lua script, so many workers share one count);
otherwise a lock-guarded in-process window does. Time comes from an injected clock.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable

from bot.conversation.ports import RateLimiter, Verdict

Clock = Callable[[], float]


class MemoryRateLimiter:
    """In-process sliding window; correct within one process only."""

    def __init__(self, limit: int, window_seconds: float = 60.0, clock: Clock = time.time) -> None:
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._told_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> Verdict:
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) < self.limit:
                hits.append(now)
                return Verdict.ALLOW
            if self._told_until.get(key, 0.0) > now:
                return Verdict.SILENT
            self._told_until[key] = now + self.window
            return Verdict.REFUSE


# KEYS[1]: the sorted set of accepted hits; KEYS[2]: until when the sender has been told (ms).
# ARGV: now (ms), window (ms), limit, a unique member for this hit.
_SLIDING_WINDOW = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local told = tonumber(redis.call('GET', KEYS[2]) or '0')
if told > now then
  return 2
end
redis.call('SET', KEYS[2], now + window, 'PX', window)
return 1
"""

_VERDICTS = {0: Verdict.ALLOW, 1: Verdict.REFUSE, 2: Verdict.SILENT}


class RedisRateLimiter:
    """Sliding window in Redis, atomic per check; shared by every web and worker process."""

    def __init__(
        self, client, limit: int, window_seconds: float = 60.0, clock: Clock = time.time, prefix: str = "munshi:rl"
    ) -> None:
        self.client = client
        self.limit = limit
        self.window_ms = int(window_seconds * 1000)
        self.clock = clock
        self.prefix = prefix
        self._script = client.register_script(_SLIDING_WINDOW)
        self._seq = itertools.count()
        self._nonce = uuid.uuid4().hex[:12]  # members stay unique across processes

    def check(self, key: str) -> Verdict:
        now_ms = int(self.clock() * 1000)
        member = f"{now_ms}:{self._nonce}:{next(self._seq)}"
        result = self._script(
            keys=[f"{self.prefix}:{key}", f"{self.prefix}:{key}:told"],
            args=[now_ms, self.window_ms, self.limit, member],
        )
        return _VERDICTS[int(result)]


def build_rate_limiter(limit_per_minute: int, redis_client=None, clock: Clock = time.time) -> RateLimiter:
    """Redis when a client is given, in-process otherwise."""
    if redis_client is not None:
        return RedisRateLimiter(redis_client, limit_per_minute, 60.0, clock)
    return MemoryRateLimiter(limit_per_minute, 60.0, clock)
