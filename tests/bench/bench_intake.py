"""Row 1: intake ``POST /v1/orders`` against a bare FastAPI endpoint doing one INSERT.

Both run as real uvicorn processes (one worker, same logging). Throughput is a
closed loop at fixed concurrency; latency is also measured open loop at half
of intake's throughput, the same arrival rate for both.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests.bench.context import Context
from tests.bench.http_wire import Address, post_json
from tests.bench.intake_setup import Office, new_office, order_body
from tests.bench.load import Load, closed_loop, open_loop
from tests.bench.processes import cpu_seconds, server
from tests.bench.report import Row
from tests.bench.stack import admin_dsn
from tests.bench.stats import interleaved, ratios
from tests.support.services import RunningService

CONCURRENCY = 16
PATH = "/v1/orders"


@dataclass(frozen=True)
class Target:
    address: Address
    pid: int
    request: bytes


@dataclass
class Measured:
    load: Load
    server_cpu: float

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu / max(1, len(self.load.latencies))


@contextmanager
def both_servers() -> Iterator[tuple[RunningService, RunningService]]:
    with (
        server("intake", "services.intake", "PROCNET_INTAKE_PORT") as intake,
        server(
            "bare", "tests.bench.bare_app", "PROCNET_BENCH_BARE_PORT", PROCNET_BENCH_DSN=admin_dsn()
        ) as bare,
    ):
        yield intake, bare


async def closed(target: Target, seconds: float) -> Measured:
    cpu0 = cpu_seconds(target.pid)
    load = await closed_loop(target.address, target.request, CONCURRENCY, seconds)
    return Measured(
        load.require_no_errors(f"closed loop on port {target.address.port}"),
        cpu_seconds(target.pid) - cpu0,
    )


async def opened(target: Target, rate: float, seconds: float) -> Measured:
    cpu0 = cpu_seconds(target.pid)
    load = await open_loop(target.address, target.request, rate, seconds)
    return Measured(
        load.require_no_errors(f"open loop on port {target.address.port}"),
        cpu_seconds(target.pid) - cpu0,
    )


def targets(intake: RunningService, bare: RunningService, office: Office) -> tuple[Target, Target]:
    """The same request bytes (body and headers) to both servers."""
    body = order_body(office)
    out = []
    for service in (intake, bare):
        address = Address.of(service.url)
        request = post_json(address, PATH, body, office.headers)
        out.append(Target(address, service.process.pid, request))
    return out[0], out[1]


async def run(ctx: Context) -> list[Row]:
    rounds, seconds = ctx.pick(3, 6), ctx.seconds(4, 10)
    with both_servers() as (intake, bare):
        subject, base = targets(intake, bare, await new_office(intake.url))
        for t in (base, subject):
            await closed(t, ctx.seconds(2, 4))  # warm-up: connection pools, lazy imports
        tput = await interleaved(
            lambda: closed(base, seconds), lambda: closed(subject, seconds), rounds
        )
        rate = 0.5 * statistics.median(s.load.throughput for _, s in tput)
        ctx.shared["intake_max_per_s"] = 2 * rate
        lat = await interleaved(
            lambda: opened(base, rate, seconds), lambda: opened(subject, rate, seconds), rounds
        )
    return [
        throughput_row(tput),
        latency_row("1b", f"open loop, {rate:.0f} req/s", lat),
        latency_row("1c", f"closed loop, {CONCURRENCY} concurrent", tput),
    ]


def _medians(pairs: list[tuple[Measured, Measured]]) -> dict[str, object]:
    def med(side: int, key: str) -> float:
        return statistics.median(p[side].load.summary()[key] for p in pairs)

    def cpu(side: int) -> float:
        return round(statistics.median(p[side].cpu_ms_per_request for p in pairs), 3)

    keys = ("per_s", "p50_ms", "p99_ms", "generator_cpu")
    return {
        "baseline": {**{k: med(0, k) for k in keys}, "server_cpu_ms_per_req": cpu(0)},
        "subject": {**{k: med(1, k) for k in keys}, "server_cpu_ms_per_req": cpu(1)},
        "errors": sum(b.load.errors + s.load.errors for b, s in pairs),
        "rounds": [(b.load.summary(), s.load.summary()) for b, s in pairs],
    }


def _note(data: dict[str, object]) -> str:
    b, s = data["baseline"], data["subject"]
    assert isinstance(b, dict) and isinstance(s, dict)
    return (
        f"intake {s['per_s']}/s p50 {s['p50_ms']} p99 {s['p99_ms']} ms, "
        f"CPU {s['server_cpu_ms_per_req']} ms/req; bare {b['per_s']}/s p50 {b['p50_ms']} "
        f"p99 {b['p99_ms']} ms, CPU {b['server_cpu_ms_per_req']} ms/req; "
        f"generator CPU {s['generator_cpu']:.0%}/{b['generator_cpu']:.0%} of a core"
    )


def throughput_row(pairs: list[tuple[Measured, Measured]]) -> Row:
    r = ratios(pairs, lambda m: m.load.throughput)
    data = {**_medians(pairs), "ratio": r.values}
    return Row(
        "1a",
        f"intake POST /v1/orders throughput ({CONCURRENCY} concurrent)",
        "bare FastAPI + 1 asyncpg INSERT",
        f"{r.median:.2f}×",
        r.spread,
        "≥ 0.5×",
        r.median >= 0.5,
        _note(data),
        data,
    )


def latency_row(key: str, how: str, pairs: list[tuple[Measured, Measured]]) -> Row:
    p99 = ratios(pairs, lambda m: m.load.p(99))
    p50 = ratios(pairs, lambda m: m.load.p(50))
    data = {**_medians(pairs), "p99_ratio": p99.values, "p50_ratio": p50.values}
    return Row(
        key,
        f"intake POST p99 ({how})",
        "bare FastAPI + 1 asyncpg INSERT",
        f"{p99.median:.2f}× (p50 {p50.median:.2f}×)",
        p99.spread,
        "p99 ≤ 2×",
        p99.median <= 2,
        _note(data),
        data,
    )
