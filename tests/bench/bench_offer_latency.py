"""Row 2: submit -> offer latency against raw aiokafka produce -> consume, at one arrival rate.

Open loop at half of intake's measured maximum (row 1's figure when it ran):
each order's latency runs from its POST's due time to the moment the
JobOffered for it appears on ``matching.placements``. The baseline sends
messages of about an event's size at the same rate through Kafka alone.
Needs the matching service; prints "pending" while it is not built.
"""

from __future__ import annotations

import math
import statistics
import uuid
from dataclasses import dataclass

import httpx
import orjson
from aiokafka.structs import ConsumerRecord

from shared.kafka.clients import idempotent_producer
from shared.kafka.topics import ORDERS, PLACEMENTS
from tests.bench.bench_intake import CONCURRENCY
from tests.bench.context import Context
from tests.bench.http_wire import Address, post_json
from tests.bench.intake_setup import new_office, order_body
from tests.bench.kafka_latency import produce_consume
from tests.bench.load import closed_loop, open_loop
from tests.bench.offer_watch import arrivals, until_seen
from tests.bench.processes import cpu_seconds, server
from tests.bench.quiet_matching import quiet_matching
from tests.bench.report import Row
from tests.bench.scratch import fresh_topic
from tests.bench.stats import interleaved, percentile, ratios
from tests.support.stack import ROOT, kafka_bootstrap
from tests.support.tokens import admin

MATCHING_MAIN = ROOT / "services" / "matching" / "__main__.py"
COUNTIES = ("jinyun", "liandu", "suichang", "songyang", "longquan")
# Each order: 400 units of bead work, ready in 20 days, due 20 days later (intake_setup).
PROVIDERS, ORDER_UNITS, WINDOW_DAYS, WARM_UP_S = 30, 400, 20, 2


@dataclass(frozen=True)
class Latency:
    latencies: list[float]
    lost: int
    generator_cpu: float
    # Where the time goes: due time -> OrderSubmitted on intake.orders (intake + its relay),
    # and the servers' CPU per order (intake, matching) over the round.
    to_topic: tuple[float, ...] = ()
    cpu_ms: tuple[float, float] = (0.0, 0.0)

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)


def job_offered(record: ConsumerRecord) -> str | None:
    """The order's id for its JobOffered; ``unmatched:<id>`` for an OrderUnmatched."""
    event = orjson.loads(record.value)
    if event["type"] == "JobOffered":
        return str(event["payload"]["order_id"])
    if event["type"] == "OrderUnmatched":
        return f"unmatched:{event['payload']['order_id']}"
    return None


def room_for(orders: float, providers: int = PROVIDERS) -> int:
    """Bead work a day each of ``providers`` needs for ``orders`` of ``ORDER_UNITS`` in the
    orders' window, twice over (at least 2,000). At a fixed 2,000 a day, a machine where
    intake takes 539 orders/s (half: 270/s) filled them within the quick run's rounds."""
    needed = orders * ORDER_UNITS / (providers * WINDOW_DAYS)
    return max(2000, math.ceil(2 * needed))


async def fresh_providers(url: str, n: int, units_per_day: int = 2000) -> list[uuid.UUID]:
    """n new providers with room for every order of a run (bead work, ``units_per_day``);
    those of earlier runs make nothing more, so their open offers (24 h holds) cannot
    use up the capacity this run's orders need. Returns the new providers' ids."""
    made = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        known = (await http.get("/v1/providers?limit=1000", headers=admin())).json()
        for provider in known:
            if provider["categories"].get("bead_work"):
                r = await http.put(
                    f"/v1/providers/{provider['id']}/capacity/bead_work",
                    json={"units_per_day": 0},
                    headers=admin(),
                )
                r.raise_for_status()
        for i in range(n):
            provider_id = uuid.uuid4()
            body = {
                "id": str(provider_id),
                "name": f"Bench workshop {provider_id.hex[:6]}",
                "broker_name": "Lan Xiuying",
                "contact": "139-0000-0000",
                "county": COUNTIES[i % len(COUNTIES)],
                "township": "Miaogao",
                "village": "Xiangchaku",
                "mode": "centre",
                "categories": {"bead_work": units_per_day},
                "workforce": {"total": 40, "low_income": 5 + i},
                "auto_accept": False,
            }
            (await http.post("/v1/providers", json=body, headers=admin())).raise_for_status()
            made.append(provider_id)
    return made


def order_submitted(record: ConsumerRecord) -> str | None:
    event = orjson.loads(record.value)
    return str(event["payload"]["order_id"]) if event["type"] == "OrderSubmitted" else None


async def offers(
    address: Address, request: bytes, rate: float, seconds: float, pids: tuple[int, int]
) -> Latency:
    due: dict[str, float] = {}

    def on_reply(at: float, status: int, body: bytes) -> None:
        if status == 201:
            due[orjson.loads(body)["id"]] = at

    cpu0 = [cpu_seconds(pid) for pid in pids]
    async with (
        arrivals(ORDERS.name, order_submitted) as submitted,
        arrivals(PLACEMENTS.name, job_offered) as seen,
    ):
        load = await open_loop(address, request, rate, seconds, on_reply=on_reply)
        load.require_no_errors("submitting orders")
        await until_seen(seen, set(due), timeout=60)
    cpu = [
        1000 * (cpu_seconds(pid) - c0) / max(len(due), 1)
        for pid, c0 in zip(pids, cpu0, strict=True)
    ]
    latencies = [seen[k] - at for k, at in due.items() if k in seen]
    to_topic = tuple(submitted[k] - at for k, at in due.items() if k in submitted)
    if unmatched := sum(f"unmatched:{k}" in seen for k in due):
        raise RuntimeError(f"{unmatched} bench orders were unmatched: the bench providers are full")
    return Latency(
        latencies, len(due) - len(latencies), load.generator_cpu, to_topic, (cpu[0], cpu[1])
    )


def pending_row() -> Row:
    return Row(
        "2",
        "submit → offer latency p99",
        "raw aiokafka produce → consume",
        "pending: matching service not built",
        "",
        "p99 ≤ 5×",
        None,
        "services/matching/__main__.py is missing",
    )


async def run(ctx: Context) -> list[Row]:
    if not MATCHING_MAIN.exists():
        return [pending_row()]
    rounds, seconds = ctx.pick(3, 6), ctx.seconds(5, 15)
    topic = await fresh_topic("latency")
    # Orders left by row 1 would queue ahead of this row's, offers left by row 4g expire
    # into this row's rounds: matching starts without them (quiet_matching.py).
    await quiet_matching()
    producer = idempotent_producer(kafka_bootstrap(), "bench-latency")
    await producer.start()
    try:
        with (
            server("intake", "services.intake", "PROCNET_INTAKE_PORT") as intake,
            server("matching", "services.matching", "PROCNET_MATCHING_PORT") as matching,
        ):
            address = Address.of(intake.url)
            office = await new_office(intake.url)
            body = order_body(office, ORDER_UNITS)
            request = post_json(address, "/v1/orders", body, office.headers)
            rate = ctx.shared.get("offer_rate_per_s") or 0.5 * await intake_max(
                ctx, address, request
            )
            orders = rate * (WARM_UP_S + rounds * seconds)
            await fresh_providers(matching.url, PROVIDERS, room_for(orders))
            pids = (intake.process.pid, matching.process.pid)
            await offers(address, request, rate, WARM_UP_S, pids)  # consumers running

            async def base() -> Latency:
                return Latency(*await produce_consume(producer, topic, rate, seconds))

            pairs = await interleaved(
                base, lambda: offers(address, request, rate, seconds, pids), rounds
            )
    finally:
        await producer.stop()
    return [latency_row(pairs, rate)]


async def intake_max(ctx: Context, address: Address, request: bytes) -> float:
    if "intake_max_per_s" not in ctx.shared:
        load = (await closed_loop(address, request, CONCURRENCY, 5)).require_no_errors(
            "measuring intake's maximum"
        )
        ctx.shared["intake_max_per_s"] = load.throughput
    return ctx.shared["intake_max_per_s"]


def latency_row(pairs: list[tuple[Latency, Latency]], rate: float) -> Row:
    p99 = ratios(pairs, lambda m: m.p(99))
    p50 = ratios(pairs, lambda m: m.p(50))

    def ms(side: int, q: float) -> float:
        return 1000 * statistics.median(p[side].p(q) for p in pairs)

    lost = sum(s.lost for _, s in pairs)
    if any(not s.latencies for _, s in pairs):
        raise RuntimeError(f"no JobOffered arrived within 60 s in some round ({lost} orders lost)")
    cpu = statistics.median(s.generator_cpu for _, s in pairs)
    hop = [percentile(list(s.to_topic), 50) * 1000 for _, s in pairs if s.to_topic]
    hop99 = [percentile(list(s.to_topic), 99) * 1000 for _, s in pairs if s.to_topic]
    intake_cpu = statistics.median(s.cpu_ms[0] for _, s in pairs)
    matching_cpu = statistics.median(s.cpu_ms[1] for _, s in pairs)
    return Row(
        "2",
        f"submit → offer latency p99 (open loop, {rate:.0f} orders/s)",
        "raw aiokafka produce → consume, same rate",
        f"{p99.median:.1f}× (p50 {p50.median:.1f}×)" + (f", {lost} NOT OFFERED" if lost else ""),
        p99.spread,
        "p99 ≤ 5×",
        p99.median <= 5 and lost == 0,
        f"offer p50 {ms(1, 50):.0f} p99 {ms(1, 99):.0f} ms; raw p50 {ms(0, 50):.1f} "
        f"p99 {ms(0, 99):.1f} ms; of which due → OrderSubmitted on intake.orders p50 "
        f"{statistics.median(hop or [0]):.0f} p99 {statistics.median(hop99 or [0]):.0f} ms; "
        f"CPU per order intake {intake_cpu:.1f} ms, matching {matching_cpu:.1f} ms; "
        f"orders without offer: {lost}; generator CPU {cpu:.0%}",
        {
            "rate": rate,
            "p99_ratio": p99.values,
            "p50_ratio": p50.values,
            "rounds": [
                {
                    "raw_p50": b.p(50),
                    "raw_p99": b.p(99),
                    "p50": s.p(50),
                    "p99": s.p(99),
                    "to_topic_p50": percentile(list(s.to_topic), 50) if s.to_topic else None,
                    "cpu_ms_per_order": s.cpu_ms,
                }
                for b, s in pairs
            ],
        },
    )
