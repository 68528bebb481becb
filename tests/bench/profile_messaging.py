"""``python -m tests.bench.profile_messaging [inbox|relay] [rounds] [n]``: CPU time per event
of rows 5a/5b's subjects and raw baselines, interleaved on the same load.

Wall time on a shared 2-core machine says little; this thread's CPU time per event, and
the time it was blocked on I/O with nothing to run (wall minus CPU minus run-queue wait,
from /proc/thread-self/schedstat), do: raw consume vs the InboxConsumer (5b), raw
produce vs the outbox relay (5a). PostgreSQL's own CPU is not counted (another process).
Run with the bench stack's environment (the Makefile's BENCH_ENV) after one ``make bench``
has started and migrated it. ``PROFILE_SPY=out.txt`` also records py-spy samples (raw
format) of the subject's runs.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg

from tests.bench import bench_inbox, bench_relay
from tests.bench.relay_baselines import produce
from tests.bench.scratch import fresh_topic, scratch_schema
from tests.bench.stack import admin_dsn, use_bench_stack
from tests.support.stack import kafka_bootstrap

# CPU, run-queue wait and wall seconds of the work (one thread: /proc/thread-self/schedstat).
Spent = tuple[float, float, float]
Timed = Callable[[], Awaitable[Spent]]


def _schedstat() -> tuple[float, float]:
    """(on CPU, waiting for a CPU) seconds of this thread so far."""
    run, wait, _ = Path("/proc/thread-self/schedstat").read_text().split()
    return int(run) / 1e9, int(wait) / 1e9


async def cpu_of(work: Callable[[], Awaitable[object]]) -> Spent:
    """Wall = CPU + run-queue wait + time blocked waiting for I/O with nothing to run:
    on a loaded machine the run queue hides what the last one (the overlap of round
    trips) changes."""
    (c0, q0), w0 = _schedstat(), time.perf_counter()
    await work()
    (c1, q1), w1 = _schedstat(), time.perf_counter()
    return c1 - c0, q1 - q0, w1 - w0


async def spied(work: Callable[[], Awaitable[object]]) -> Spent:
    """CPU of ``work``, with py-spy sampling this process meanwhile if PROFILE_SPY is set."""
    out = os.environ.get("PROFILE_SPY")
    if not out:
        return await cpu_of(work)
    spy = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("py-spy")),
        *("record", "--pid", str(os.getpid()), "-o", f"{out}.{time.monotonic_ns()}"),
        *("-r", "500", "--format", "raw", "--nonblocking"),
    )
    await asyncio.sleep(0.5)
    try:
        return await cpu_of(work)
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes its samples on Ctrl-C
        await spy.wait()


async def compare(runs: dict[str, Timed], rounds: int, n: int) -> None:
    spent: dict[str, list[Spent]] = {k: [] for k in runs}
    for r in range(rounds):
        order = list(runs) if r % 2 == 0 else list(reversed(runs))
        for name in order:
            spent[name].append(await runs[name]())
    for name, values in spent.items():

        def per_event(pick: Callable[[Spent], float], values: list[Spent] = values) -> float:
            return statistics.median(pick(v) for v in values) / n * 1e6

        print(
            f"{name:>8}: CPU {per_event(lambda v: v[0]):6.1f}, blocked on I/O "
            f"{per_event(lambda v: v[2] - v[0] - v[1]):6.1f}, run queue "
            f"{per_event(lambda v: v[1]):6.1f}, wall {per_event(lambda v: v[2]):6.1f} µs/event "
            f"(CPU per run {', '.join(f'{v[0] / n * 1e6:.1f}' for v in values)})"
        )


async def inbox(rounds: int, n: int) -> None:
    topic = await fresh_topic("inbox-cpu")
    await bench_inbox.fill(topic, n)
    async with scratch_schema("inbox_cpu") as (_, engine):
        await compare(
            {
                "raw": lambda: cpu_of(lambda: bench_inbox.raw(topic, n)),
                "inbox": lambda: spied(lambda: bench_inbox.inbox(engine, topic, n)),
            },
            rounds,
            n,
        )


async def relay(rounds: int, n: int) -> None:
    from shared.kafka.clients import idempotent_producer
    from shared.outbox.relay import OutboxRelay, RelayConfig

    topic = await fresh_topic("relay-cpu")
    async with scratch_schema("relay_cpu") as (schema, engine):
        out = OutboxRelay(engine, bench_relay.TABLES, RelayConfig(kafka_bootstrap(), schema))
        producer = idempotent_producer(kafka_bootstrap(), "bench-raw-producer")
        conn = await asyncpg.connect(admin_dsn(), server_settings={"search_path": schema})
        await producer.start()
        try:
            await bench_relay.stage(engine, topic, 20)
            await bench_relay.drain(out, 20)

            async def raw() -> Spent:
                rows = bench_relay.rows(topic, n)
                return await cpu_of(lambda: produce(producer, rows))

            async def relayed() -> Spent:
                await bench_relay.stage(engine, topic, n)
                return await spied(lambda: bench_relay.drain(out, n))

            await compare({"raw": raw, "relay": relayed}, rounds, n)
        finally:
            await out.close()
            await producer.stop()
            await conn.close()


def main() -> None:
    use_bench_stack()
    which = sys.argv[1] if len(sys.argv) > 1 else "inbox"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    asyncio.run(inbox(rounds, n) if which == "inbox" else relay(rounds, n))


if __name__ == "__main__":
    main()
