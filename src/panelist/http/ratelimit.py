"""Per-company sliding-window rate limits (contract §4).

A request is admitted when every applicable window (global + the route's category) holds fewer
than `limit` requests admitted in the last 60 s; it is then counted in all of them at once, and
a refused request is counted in none. Two stores: in-process (default) and Redis (shared by
every process). Libraries such as `limits` offer sliding-window *counters* (an approximation)
and check one limit at a time; the contract needs exact windows and an atomic two-limit
check, hence the small Lua script below.
"""

from __future__ import annotations

import functools
import math
import threading
import uuid
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import redis

WINDOW_SECONDS = 60


@dataclass(frozen=True, slots=True)
class WindowState:
    name: str
    limit: int
    count: int  # admitted requests in the window, after this decision
    oldest: float | None  # Unix time of the oldest counted request

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)

    def reset_at(self, now: float) -> int:
        oldest = self.oldest if self.oldest is not None else now
        return math.ceil(oldest + WINDOW_SECONDS)


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    windows: tuple[WindowState, ...]
    now: float

    @property
    def reported(self) -> WindowState:
        """The window the headers describe: the one with the fewest remaining requests."""
        return min(self.windows, key=lambda w: (w.remaining, -w.reset_at(self.now)))

    @property
    def retry_after(self) -> int:
        blocked = [w for w in self.windows if w.count >= w.limit] or list(self.windows)
        until = max(w.reset_at(self.now) - self.now for w in blocked)
        return max(1, math.ceil(until))

    def headers(self) -> dict[str, str]:
        shown = self.reported
        reset = shown.reset_at(self.now)
        seconds_to_reset = max(0, math.ceil(reset - self.now))
        headers = {
            "X-RateLimit-Limit": str(shown.limit),
            "X-RateLimit-Remaining": str(shown.remaining),
            "X-RateLimit-Reset": str(reset),
            "RateLimit-Policy": _policy(tuple((w.name, w.limit) for w in self.windows)),
            "RateLimit": f'"{shown.name}";r={shown.remaining};t={seconds_to_reset}',
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


@functools.lru_cache(maxsize=1024)
def _policy(windows: tuple[tuple[str, int], ...]) -> str:
    """The RateLimit-Policy value; the same few (name, limit) pairs recur on every request."""
    return ", ".join(f'"{name}";q={limit};w={WINDOW_SECONDS}' for name, limit in windows)


class RateLimitStore(Protocol):
    def hit(self, subject: str, limits: Sequence[tuple[str, int]], now: float) -> Decision: ...


class MemoryRateLimitStore:
    """Exact sliding windows in process memory; one lock keeps check-and-count atomic."""

    def __init__(self) -> None:
        self._windows: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, subject: str, limits: Sequence[tuple[str, int]], now: float) -> Decision:
        horizon = now - WINDOW_SECONDS
        with self._lock:
            queues = [self._windows[(subject, name)] for name, _ in limits]
            for queue in queues:
                while queue and queue[0] <= horizon:
                    queue.popleft()
            allowed = all(len(q) < limit for q, (_, limit) in zip(queues, limits, strict=True))
            if allowed:
                for queue in queues:
                    queue.append(now)
            windows = tuple(
                WindowState(name, limit, len(q), q[0] if q else None)
                for q, (name, limit) in zip(queues, limits, strict=True)
            )
        return Decision(allowed, windows, now)


# KEYS: one sorted set per window. ARGV: now (ms), window (ms), unique member, then the limits.
# Returns: allowed, then count and oldest score (ms, or "") for each window.
_SLIDING_WINDOW_LUA = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local allowed = 1
local counts = {}
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  counts[i] = redis.call('ZCARD', KEYS[i])
  if counts[i] >= tonumber(ARGV[3 + i]) then allowed = 0 end
end
local result = {allowed}
for i = 1, #KEYS do
  if allowed == 1 then
    redis.call('ZADD', KEYS[i], now, ARGV[3])
    redis.call('PEXPIRE', KEYS[i], window)
    counts[i] = counts[i] + 1
  end
  local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
  table.insert(result, counts[i])
  table.insert(result, oldest[2] or '')
end
return result
"""


class RedisRateLimitStore:
    """Exact sliding windows in Redis sorted sets, checked and counted by one Lua script.

    `now` comes from the caller's injected clock, so every server must keep its clock in sync
    (NTP); the script itself is atomic, so two processes can never both take the last slot.
    """

    def __init__(self, client: redis.Redis, prefix: str = "panelist:rl") -> None:
        self._client = client
        self._prefix = prefix
        self._script = client.register_script(_SLIDING_WINDOW_LUA)

    def hit(self, subject: str, limits: Sequence[tuple[str, int]], now: float) -> Decision:
        # The {subject} hash tag keeps a company's windows in one Redis Cluster slot.
        keys = [f"{self._prefix}:{{{subject}}}:{name}" for name, _ in limits]
        member = f"{now:.6f}:{uuid.uuid4().hex}"
        raw = self._script(
            keys=keys,
            args=[int(now * 1000), WINDOW_SECONDS * 1000, member, *(lim for _, lim in limits)],
        )
        allowed = bool(int(raw[0]))
        windows = []
        for i, (name, limit) in enumerate(limits):
            count = int(raw[1 + 2 * i])
            oldest_raw = raw[2 + 2 * i]
            oldest_text = oldest_raw.decode() if isinstance(oldest_raw, bytes) else str(oldest_raw)
            oldest = float(oldest_text) / 1000 if oldest_text else None
            windows.append(WindowState(name, limit, count, oldest))
        return Decision(allowed, tuple(windows), now)
