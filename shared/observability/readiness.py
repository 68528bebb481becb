"""``/readyz``: ready means the service can do its work now.

- A *required* dependency (PostgreSQL) that does not answer: not ready at once.
- A dependency the service rides out (Kafka, Redis: the relay and consumers retry, the
  rate limiter and revocation view fall back) is reported when it fails but only makes
  the service not ready once it has failed for longer than ``grace_s``.
- A background worker (outbox relay, consumer, periodic job) that has ended while the
  service runs: not ready, and the answer names it and how it ended.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.observability.metrics import DEPENDENCY_UP, READY, WORKER_UP

Check = Callable[[], Awaitable[object]]
CHECK_TIMEOUT_S = 2.0


@dataclass
class Readiness:
    checks: Mapping[str, Check]
    required: frozenset[str] = frozenset({"database"})
    grace_s: float = 60.0
    workers: Callable[[], dict[str, str]] = dict
    clock: Callable[[], float] = time.monotonic
    _failing_since: dict[str, float] = field(default_factory=dict)

    async def answer(self) -> tuple[bool, dict[str, Any]]:
        results = await asyncio.gather(*(_run(check) for check in self.checks.values()))
        checks = dict(zip(self.checks, results, strict=True))
        blocking = [name for name, result in checks.items() if self._blocks(name, result)]
        workers = self.workers()
        for name, state in workers.items():
            WORKER_UP.labels(name).set(state == "running")
            if state != "running":
                blocking.append(f"worker {name}")
        ready = not blocking
        READY.set(ready)
        body: dict[str, Any] = {"ready": ready, "checks": checks, "workers": workers}
        if blocking:
            body["not_ready_because"] = blocking
        riding = {n: round(self.clock() - t, 1) for n, t in self._failing_since.items()}
        if riding:
            body["failing_for_s"] = riding
        return ready, body

    def _blocks(self, name: str, result: str) -> bool:
        DEPENDENCY_UP.labels(name).set(result == "ok")
        if result == "ok":
            self._failing_since.pop(name, None)
            return False
        since = self._failing_since.setdefault(name, self.clock())
        return name in self.required or self.clock() - since >= self.grace_s


async def _run(check: Check) -> str:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_S)
        return "ok"
    except Exception as exc:
        return f"failed: {type(exc).__name__}: {exc}"[:300]
