"""Closed-loop (fixed concurrency) and open-loop (fixed arrival rate) HTTP load.

Open loop: request i is due at start + i / rate whatever happened before, and
its latency counts from that due time, so queueing in the server (or in the
connection pool) shows up in the latency instead of slowing the generator.
The generator's own CPU time is recorded, since it shares the machine.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tests.bench.http_wire import Address, Connection
from tests.bench.stats import percentile

OnReply = Callable[[float, int, bytes], None]


class BenchErrors(RuntimeError):
    """Some requests of a measured run were refused; the row reports this, not a speed."""


@dataclass
class Load:
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    # Non-2xx answers by status: an error answer is never counted as speed.
    refused: Counter[int] = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        return sum(self.refused.values())

    def require_no_errors(self, what: str) -> Load:
        """Fails the row loudly when any request got a non-2xx answer."""
        if self.refused:
            answers = ", ".join(f"{n}x HTTP {s}" for s, n in sorted(self.refused.items()))
            raise BenchErrors(f"{what}: {answers} of {self.errors + len(self.latencies)}")
        return self

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)

    @property
    def generator_cpu(self) -> float:
        """Generator CPU as a share of one core over the run."""
        return self.cpu_seconds / self.seconds

    def summary(self) -> dict[str, float]:
        return {
            "requests": len(self.latencies),
            "errors": self.errors,
            "per_s": round(self.throughput, 1),
            "p50_ms": round(self.p(50) * 1000, 2),
            "p99_ms": round(self.p(99) * 1000, 2),
            "generator_cpu": round(self.generator_cpu, 3),
        }


class _Run:
    def __init__(self, on_reply: OnReply | None) -> None:
        self.load = Load()
        self._on_reply = on_reply
        self._cpu0, self._t0 = time.process_time(), time.perf_counter()

    async def request(self, conn: Connection, request: bytes, due: float) -> None:
        status, body = await conn.send(request)
        if 200 <= status < 300:
            self.load.latencies.append(time.perf_counter() - due)
        else:
            self.load.refused[status] += 1
        if self._on_reply is not None:
            self._on_reply(due, status, body)

    def finish(self) -> Load:
        self.load.seconds = time.perf_counter() - self._t0
        self.load.cpu_seconds = time.process_time() - self._cpu0
        return self.load


# One server to send to: its address and the complete request bytes for it (the Host
# header names the server). Several spread the connections round robin (bench row 8).
Endpoint = tuple[Address, bytes]


async def closed_loop(
    address: Address,
    request: bytes,
    concurrency: int,
    seconds: float,
    on_reply: OnReply | None = None,
) -> Load:
    return await closed_loop_spread([(address, request)], concurrency, seconds, on_reply)


async def closed_loop_spread(
    endpoints: Sequence[Endpoint],
    concurrency: int,
    seconds: float,
    on_reply: OnReply | None = None,
) -> Load:
    """``concurrency`` connections, connection i to endpoint i mod len(endpoints)."""
    conns = [await _open(endpoints, i) for i in range(concurrency)]
    run = _Run(on_reply)
    deadline = time.perf_counter() + seconds

    async def worker(conn: Connection, request: bytes) -> None:
        while (now := time.perf_counter()) < deadline:
            await run.request(conn, request, now)

    await asyncio.gather(*(worker(c, r) for c, r in conns))
    load = run.finish()
    await asyncio.gather(*(c.close() for c, _ in conns))
    return load


async def open_loop(
    address: Address,
    request: bytes,
    rate: float,
    seconds: float,
    pool: int = 64,
    on_reply: OnReply | None = None,
) -> Load:
    return await open_loop_spread([(address, request)], rate, seconds, pool, on_reply)


async def open_loop_spread(
    endpoints: Sequence[Endpoint],
    rate: float,
    seconds: float,
    pool: int = 64,
    on_reply: OnReply | None = None,
) -> Load:
    """Requests due at ``rate``; the pool's connections spread over the endpoints round
    robin, and a request takes whichever connection is free first."""
    free: asyncio.Queue[tuple[Connection, bytes]] = asyncio.Queue()
    for i in range(pool):
        free.put_nowait(await _open(endpoints, i))
    run = _Run(on_reply)

    async def one(due: float) -> None:
        conn, request = await free.get()
        try:
            await run.request(conn, request, due)
        finally:
            free.put_nowait((conn, request))

    tasks = []
    start = time.perf_counter()
    for i in range(int(rate * seconds)):
        due = start + i / rate
        if (wait := due - time.perf_counter()) > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    load = run.finish()
    await asyncio.gather(*(free.get_nowait()[0].close() for _ in range(pool)))
    return load


async def _open(endpoints: Sequence[Endpoint], i: int) -> tuple[Connection, bytes]:
    address, request = endpoints[i % len(endpoints)]
    return await Connection.open(address), request
