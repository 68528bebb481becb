"""``python -m tests.bench.profile_messaging [inbox|relay] [rounds] [n]``: CPU time per event
of rows 5a/5b's subjects and raw baselines, interleaved on the same load.

Wall time on a shared 2-core machine says little; this process's CPU time (user + system,
``time.process_time``) per event does: raw consume vs the InboxConsumer (5b), raw produce
vs the outbox relay (5a). PostgreSQL's own CPU is not counted (it is another process).
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

Timed = Callable[[], Awaitable[tuple[float, float]]]  # CPU and wall seconds of the work


async def cpu_of(work: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    t0, w0 = time.process_time(), time.perf_counter()
    await work()
    return time.process_time() - t0, time.perf_counter() - w0


async def spied(work: Callable[[], Awaitable[object]]) -> tuple[float, float]:
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
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    wall: dict[str, list[float]] = {k: [] for k in runs}
    for r in range(rounds):
        order = list(runs) if r % 2 == 0 else list(reversed(runs))
        for name in order:
            used, took = await runs[name]()
            cpu[name].append(used / n * 1e6)
            wall[name].append(took / n * 1e6)
    for name, values in cpu.items():
        print(
            f"{name:>8}: {statistics.median(values):7.1f} µs CPU/event "
            f"(runs {', '.join(f'{v:.1f}' for v in values)}); wall "
            f"{statistics.median(wall[name]):7.1f} µs/event"
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

            async def raw() -> tuple[float, float]:
                rows = bench_relay.rows(topic, n)
                return await cpu_of(lambda: produce(producer, rows))

            async def relayed() -> tuple[float, float]:
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
