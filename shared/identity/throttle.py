"""Slow down, then block, repeated failed token exchanges per organisation and per address.

Kept in the process (not Redis) so nobody can lock an organisation out by writing
a key by hand, and so it costs nothing when Redis is away. Each service runs one
process; a restart forgets the counts, which only gives an attacker a fresh start
at the slow rate.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

WINDOW_S = 15 * 60
FREE_FAILURES = 5  # a person mistyping is never slowed
BLOCK_AFTER = 20  # then 429 until the oldest failure leaves the window
MAX_DELAY_S = 4.0
BASE_DELAY_S = 0.25


@dataclass
class FailureThrottle:
    window_s: float = WINDOW_S
    free: int = FREE_FAILURES
    block_after: int = BLOCK_AFTER
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, key: str, now: float) -> deque[float]:
        found = self._failures.get(key)
        if found is None:
            return deque()
        while found and now - found[0] > self.window_s:
            found.popleft()
        if not found:
            del self._failures[key]
        return found

    def blocked_for(self, keys: list[str]) -> float:
        """Seconds until the worst of ``keys`` may try again; 0 when none is blocked."""
        now = time.monotonic()
        waits = [
            self.window_s - (now - recent[0])
            for recent in (self._recent(k, now) for k in keys)
            if len(recent) >= self.block_after
        ]
        return max(waits, default=0.0)

    def delay(self, keys: list[str]) -> float:
        """How long to hold the answer: doubling from 0.25 s past the free failures."""
        now = time.monotonic()
        worst = max((len(self._recent(k, now)) for k in keys), default=0)
        if worst < self.free:
            return 0.0
        return float(min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (worst - self.free)))

    def failed(self, keys: list[str]) -> None:
        now = time.monotonic()
        for k in keys:
            self._failures.setdefault(k, deque()).append(now)
        if len(self._failures) > 100_000:  # bound memory under a spray of addresses
            for k in list(self._failures)[:50_000]:
                del self._failures[k]

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
