"""Row 8: 1, 2 and 4 processes each of intake and of matching against one bench stack.

N intake and N matching processes (the same N for both, so the whole path scales
together): intake's processes share nothing but PostgreSQL, Redis and Kafka; the
matching processes share the ``matching`` consumer group (intake.orders has 6
partitions) and the pending queue (claimed ``FOR UPDATE SKIP LOCKED``). The load
generator spreads its connections round robin over the intake processes.

Per configuration: intake throughput in a closed loop (16 connections in all), the
wait until every order of that loop is offered (the matchers drain what intake took),
then submit → offer latency p50/p99 in an open loop at one fixed rate for every N
(half of what one process took in the closed loop). Everything accepted is counted
against both topics and the ledger (``scale_tally.py``): a configuration that lost or
duplicated anything is reported as missed, whatever its speed.

Reading it on a 2-core machine: more processes cannot add cores, so at best they
spread one service's CPU over both; each process also pays its own idle polling
(outbox relay and matcher every 50 ms, expiry ticks, consumer fetches), which the
CPU-per-order figures show. When the machine is shared, N processes also get N
shares of the scheduler against everyone else's, so a gain in a busy run can be CPU
taken from the neighbours rather than scaling: read it with the load average.

Row 8k, chaos: the 2 + 2 configuration again, one matching process killed (SIGKILL)
halfway through the open loop. The survivor takes its partitions when the consumer
group notices (the session timeout), and the pending orders the dead one had claimed
(their row locks die with its connection); the row reports how long the last order
waited from the kill, the latency against the undisturbed 2 + 2 run, and the same
counts: nothing lost or duplicated, the ledger equal to the open offers.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import orjson
from sqlalchemy.ext.asyncio import create_async_engine

from shared.kafka.topics import ORDERS, PLACEMENTS
from tests.bench.bench_intake import CONCURRENCY
from tests.bench.bench_offer_latency import fresh_providers, job_offered
from tests.bench.context import Context
from tests.bench.http_wire import Address, post_json
from tests.bench.intake_setup import new_office, order_body
from tests.bench.load import Endpoint, Load, OnReply, closed_loop_spread, open_loop_spread
from tests.bench.offer_watch import arrivals, until_seen
from tests.bench.processes import cpu_seconds
from tests.bench.quiet_matching import quiet_matching
from tests.bench.report import Row
from tests.bench.scale_tally import Tally
from tests.bench.stack import LOGS
from tests.bench.stats import Ratio, percentile
from tests.support.ledger_check import ledger_mismatches
from tests.support.services import RunningService, running_module
from tests.support.stack import admin_url

COUNTS = (1, 2, 4)
QUANTITY = 400
PROVIDERS = 30
OFFER_TIMEOUT_S = 120.0
# Eight processes starting at once on a shared 2-core machine at load 20 took over 60 s.
START_S = 300.0


@dataclass
class Scaled:
    """One configuration's run: N processes of each service."""

    n: int
    closed: Load
    intake_cpu: float  # CPU seconds of every intake process over the closed loop
    matching_cpu: float  # CPU seconds of every matching process, closed loop to last offer
    drain_s: float  # from the closed loop's end until all its orders were offered
    rate: float
    latencies: list[float]
    tally: Tally
    ledger_mismatches: int
    load_avg: tuple[float, float] = (0.0, 0.0)
    problems: list[str] = field(default_factory=list)
    recovery_s: float | None = None  # chaos: from the kill until the last order was offered

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)

    @property
    def ok(self) -> bool:
        return not self.problems


@contextmanager
def processes(n: int) -> Iterator[tuple[list[RunningService], list[RunningService]]]:
    """N intake and N matching processes, started side by side (one at a time, eight
    processes took minutes on the shared machine), stopped together."""
    starting = [
        running_module(f"{name}{i}", f"services.{name}", port, LOGS, {}, timeout=START_S)
        for name, port in (("intake", "PROCNET_INTAKE_PORT"), ("matching", "PROCNET_MATCHING_PORT"))
        for i in range(n)
    ]
    with ExitStack() as stack, ThreadPoolExecutor(len(starting)) as pool:
        started = [pool.submit(cm.__enter__) for cm in starting]
        for cm, future in zip(starting, started, strict=True):
            if future.exception() is None:
                stack.push(cm.__exit__)
        services = [f.result() for f in started]  # raises the first failure, after cleanup
        yield services[:n], services[n:]


def cpu_of(services: list[RunningService]) -> float:
    return sum(cpu_seconds(s.process.pid) for s in services)


async def measure(n: int, ctx: Context, rate: float | None, kill: bool = False) -> Scaled:
    """Start N + N processes, measure, stop them; ``rate`` None: half the closed loop's.
    ``kill``: SIGKILL the last matching process halfway through the open loop."""
    load0 = os.getloadavg()[0]
    # Orders of earlier rows would queue ahead of this run's, offers of row 4g expire into
    # its rounds: matching starts without them (quiet_matching.py).
    await quiet_matching()
    seconds = ctx.seconds(5, 15)
    with processes(n) as (intakes, matchers):
        providers = await fresh_providers(matchers[0].url, PROVIDERS)
        office = await new_office(intakes[0].url)
        body = order_body(office, QUANTITY)
        endpoints: list[Endpoint] = []
        for s in intakes:
            address = Address.of(s.url)
            endpoints.append((address, post_json(address, "/v1/orders", body, office.headers)))
        tally = Tally(QUANTITY)
        async with (
            arrivals(ORDERS.name, lambda _: None, tally.on_order_record),
            arrivals(PLACEMENTS.name, job_offered, tally.on_placement_record) as seen,
        ):
            # Warm-up: connections, consumer group assignments, the matchers' first rounds.
            warm = await open_loop_spread(endpoints, 10, 2, on_reply=tally.on_reply)
            warm.require_no_errors("warming up")
            await until_seen(seen, set(tally.accepted), OFFER_TIMEOUT_S)

            cpu_i, cpu_m = cpu_of(intakes), cpu_of(matchers)
            closed = await closed_loop_spread(
                endpoints, CONCURRENCY, seconds, on_reply=tally.on_reply
            )
            closed.require_no_errors(f"closed loop, {n} intake processes")
            intake_cpu = cpu_of(intakes) - cpu_i
            t0 = time.perf_counter()
            await until_seen(seen, set(tally.accepted), OFFER_TIMEOUT_S)
            drain_s = time.perf_counter() - t0

            rate = rate or 0.5 * closed.throughput
            due: dict[str, float] = {}
            killed: list[float] = []
            if kill:
                asyncio.get_running_loop().call_later(seconds / 2, _kill, matchers[-1], killed)
            opened = await open_loop_spread(endpoints, rate, seconds, on_reply=_due(tally, due))
            opened.require_no_errors(f"open loop, {n} intake processes")
            await until_seen(seen, set(tally.accepted), OFFER_TIMEOUT_S)
            recovery = max(seen.values()) - killed[0] if killed else None
            if kill:
                matchers = matchers[:-1]  # the dead one's CPU is no longer counted
            matching_cpu = cpu_of(matchers) - cpu_m
            # The watcher of intake.orders may trail the placements' by a poll.
            await until_seen(tally.submitted, tally.accepted, 10)
            # ``seen`` has an order's first lot; a lot lost to the other matcher's booking
            # is offered in a later round (lot by lot): the books wait for every lot, or
            # an order still being placed is counted as lost.
            await _fully_offered(tally, OFFER_TIMEOUT_S)
        latencies = [seen[k] - at for k, at in due.items() if k in seen]
        mismatches = await _ledger(providers)
    problems = tally.problems() + ([f"{mismatches} provider-days disagree"] if mismatches else [])
    return Scaled(
        n,
        closed,
        intake_cpu,
        matching_cpu,
        drain_s,
        rate,
        latencies,
        tally,
        mismatches,
        (load0, os.getloadavg()[0]),
        problems,
        recovery,
    )


async def _fully_offered(tally: Tally, timeout: float) -> None:
    """Wait until every accepted order is offered its whole quantity (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        if tally.offered() >= tally.accepted or time.monotonic() > deadline:
            return
        await asyncio.sleep(0.05)  # polling a condition with a deadline, as until_seen


def _kill(matcher: RunningService, killed: list[float]) -> None:
    matcher.process.kill()
    killed.append(time.perf_counter())


def _due(tally: Tally, due: dict[str, float]) -> OnReply:
    """Count the reply, and note each new order's due time (its latency starts there)."""

    def on_reply(at: float, status: int, reply: bytes) -> None:
        tally.on_reply(at, status, reply)
        if status == 201:
            due[orjson.loads(reply)["id"]] = at

    return on_reply


async def _ledger(providers: list[uuid.UUID]) -> int:
    """Provider-days of this run's providers whose held units are not their open offers'."""
    engine = create_async_engine(admin_url())
    try:
        return len(await ledger_mismatches(engine, providers))
    finally:
        await engine.dispose()


async def run(ctx: Context) -> list[Row]:
    rounds = ctx.pick(1, 3)
    runs: dict[int, list[Scaled]] = {n: [] for n in COUNTS}
    rate: float | None = None
    for r in range(rounds):
        # Round 0 runs 1 process first: its closed loop fixes the open-loop rate for all.
        order = COUNTS[r % len(COUNTS) :] + COUNTS[: r % len(COUNTS)]
        for n in order:
            scaled = await measure(n, ctx, rate)
            rate = rate or scaled.rate
            runs[n].append(scaled)
    chaos = [await measure(2, ctx, rate, kill=True)]
    return [scale_row(n, runs[n], runs[1]) for n in COUNTS] + [chaos_row(chaos, runs[2])]


def chaos_row(mine: list[Scaled], calm: list[Scaled]) -> Row:
    """2 + 2 processes, one matcher killed mid-burst, against the undisturbed 2 + 2."""
    m, c = mine[0], calm[-1]
    problems = sorted(
        set(m.problems) | ({"no matcher was killed"} if m.recovery_s is None else set())
    )
    return Row(
        "8k",
        f"2 + 2 processes, one matching process killed mid-burst at {m.rate:.0f} orders/s",
        "the same 2 + 2 run undisturbed",
        f"offer p99 {m.p(99) / c.p(99):.2f}× (p50 {m.p(50) / c.p(50):.2f}×)",
        "n=1",
        "(no target); nothing lost or duplicated",
        False if problems else None,
        f"last order offered {m.recovery_s or 0:.1f} s after the kill; offer p50 "
        f"{1000 * m.p(50):.0f} p99 {1000 * m.p(99):.0f} ms (undisturbed {1000 * c.p(50):.0f} / "
        f"{1000 * c.p(99):.0f}); counts {m.tally.summary()}; "
        f"ledger mismatches {m.ledger_mismatches}"
        + (f"; PROBLEMS: {'; '.join(problems)}" if problems else ""),
        {
            "recovery_s": m.recovery_s,
            "p50": m.p(50),
            "p99": m.p(99),
            "counts": m.tally.summary(),
            "problems": problems,
            "load_avg": m.load_avg,
        },
    )


def scale_row(n: int, mine: list[Scaled], single: list[Scaled]) -> Row:
    thr = Ratio.of(
        [m.closed.throughput / s.closed.throughput for m, s in zip(mine, single, strict=True)]
    )
    p99 = Ratio.of([m.p(99) / s.p(99) for m, s in zip(mine, single, strict=True)])
    p50 = Ratio.of([m.p(50) / s.p(50) for m, s in zip(mine, single, strict=True)])

    def med(f: Callable[[Scaled], float]) -> float:
        return statistics.median(f(m) for m in mine)

    problems = sorted({p for m in mine for p in m.problems})
    counts = mine[-1].tally.summary()
    requests = med(lambda m: len(m.closed.latencies))
    offered = med(lambda m: len(m.tally.accepted))
    return Row(
        "8",
        f"{n} intake + {n} matching processes: throughput, submit → offer at "
        f"{mine[0].rate:.0f} orders/s",
        "1 + 1 processes, same stack and run",
        f"throughput {thr.median:.2f}×, offer p99 {p99.median:.2f}× (p50 {p50.median:.2f}×)",
        f"throughput {thr.spread}; p99 {p99.spread}",
        "(no target); nothing lost or duplicated",
        False if problems else None,
        f"intake {med(lambda m: m.closed.throughput):.1f}/s closed loop, "
        f"{1000 * med(lambda m: m.intake_cpu) / requests:.2f} ms intake CPU/req (all processes); "
        f"offer p50 {1000 * med(lambda m: m.p(50)):.0f} "
        f"p99 {1000 * med(lambda m: m.p(99)):.0f} ms; "
        f"drain after closed loop {med(lambda m: m.drain_s):.1f} s; "
        f"matching CPU {1000 * med(lambda m: m.matching_cpu) / offered:.2f} ms/order; "
        f"counts {counts}; ledger mismatches {mine[-1].ledger_mismatches}; "
        f"load avg {mine[0].load_avg[0]:.1f}→{mine[-1].load_avg[1]:.1f}"
        + (f"; PROBLEMS: {'; '.join(problems)}" if problems else ""),
        {
            "processes": n,
            "rounds": [
                {
                    "throughput": m.closed.throughput,
                    "closed": m.closed.summary(),
                    "intake_cpu_s": m.intake_cpu,
                    "matching_cpu_s": m.matching_cpu,
                    "drain_s": m.drain_s,
                    "rate": m.rate,
                    "p50": m.p(50),
                    "p99": m.p(99),
                    "counts": m.tally.summary(),
                    "problems": m.problems,
                    "load_avg": m.load_avg,
                }
                for m in mine
            ],
        },
    )
