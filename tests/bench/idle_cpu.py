"""``python -m tests.bench.idle_cpu [relay|inbox|SERVICE] [seconds]``: CPU an idle worker
burns, per second.

``relay``: one OutboxRelay on an empty outbox; ``inbox``: one InboxConsumer on an empty
topic, each alone in this process (its CPU, and for the relay also its PostgreSQL
backend's, read from /proc: the bench stack's PostgreSQL runs on this machine).
``SERVICE`` (e.g. ``balancer``): the service's whole process, started as row 8 starts
it, nothing sent to it. Issue 18: processes polling every 50 ms take CPU the simulation
needs. Run with the Makefile's BENCH_ENV after one ``make bench`` started the stack.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import add_messaging_tables
from shared.inbox.consumer import ConsumerConfig, Handler, InboxConsumer
from shared.outbox.relay import OutboxRelay, RelayConfig
from tests.bench import bench_inbox
from tests.bench.processes import cpu_seconds, server
from tests.bench.scratch import bench_registry, fresh_topic, scratch_schema
from tests.bench.stack import use_bench_stack
from tests.support.stack import kafka_bootstrap

WARM_UP_S = 5.0


async def measured(seconds: float, pids: list[int]) -> list[float]:
    """CPU seconds per wall second of this process and of ``pids``, after a warm-up."""
    await asyncio.sleep(WARM_UP_S)
    before = [time.process_time(), *(cpu_seconds(p) for p in pids)]
    t0 = time.monotonic()
    await asyncio.sleep(seconds)
    after = [time.process_time(), *(cpu_seconds(p) for p in pids)]
    wall = time.monotonic() - t0
    return [(a - b) / wall for a, b in zip(after, before, strict=True)]


async def relay(seconds: float) -> None:
    async with scratch_schema("idle_relay") as (schema, engine):
        worker = OutboxRelay(
            engine, add_messaging_tables(sa.MetaData()), RelayConfig(kafka_bootstrap(), schema)
        )
        task = asyncio.create_task(worker.run())
        await asyncio.sleep(1)
        backend = worker._leases.sql().get_server_pid()
        ours, pg = await measured(seconds, [backend])
        worker.stop()
        await task
    print(f"idle relay: {ours * 100:.2f} % of a core, its PostgreSQL backend {pg * 100:.2f} %")


async def inbox(seconds: float) -> None:
    topic = await fresh_topic("idle-inbox")
    async with scratch_schema("idle_inbox") as (_, engine):
        config = ConsumerConfig(kafka_bootstrap(), f"idle-{topic.name}", (topic.name,))
        tables = add_messaging_tables(sa.MetaData())
        handlers: dict[str, Handler] = {"BenchPinged": bench_inbox.nothing}
        worker = InboxConsumer(make_sessionmaker(engine), tables, bench_registry, handlers, config)
        task = asyncio.create_task(worker.run())
        (ours,) = await measured(seconds, [])
        worker.stop()
        await task
    print(f"idle inbox consumer: {ours * 100:.2f} % of a core")


async def service(name: str, seconds: float) -> None:
    port = f"PROCNET_{name.upper()}_PORT"
    with server(name, f"services.{name}", port) as running:
        _, cpu = await measured(seconds, [running.process.pid])
    print(f"idle {name} process: {cpu * 100:.2f} % of a core")


def main() -> None:
    use_bench_stack()
    which = sys.argv[1] if len(sys.argv) > 1 else "relay"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    if which == "relay":
        asyncio.run(relay(seconds))
    elif which == "inbox":
        asyncio.run(inbox(seconds))
    elif (Path(__file__).parents[2] / "services" / which).is_dir():
        asyncio.run(service(which, seconds))
    else:
        raise SystemExit(f"unknown worker {which!r}")


if __name__ == "__main__":
    main()
