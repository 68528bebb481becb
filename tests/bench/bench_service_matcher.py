"""Row 4g: the matching service's matcher round at 10,000 providers, reads from PostgreSQL
included, against solve() of the full graph of the same instance.

The instance is row 4b's (matching_instances.batch, one category, seeded), in a
category of its own per run so nothing else on the bench stack competes. Its
providers, categories and booked days are written into the bench stack's matching
schema with COPY; its orders wait as ``pending`` rows (submitted long ago, so the
round claims them first). Then one ``matcher.match_pending`` round, as the service
runs it: claim, read the providers and their calendars for the batch's window and the
market record, place with the freight budget (pruned from SolverLimits.prune_from),
hold, offer, commit.

Baseline: the time inside OR-Tools' solve() of the full (unpruned) graph of the same
instance (flow.py's graph, as rows 4d/4e), the market record the round read included.
Both are CPU seconds of this process (PostgreSQL's own CPU is in its server process and
not counted: the wall figures, which include it, are printed too); the load average
is printed beside them.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import string
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import asyncpg
from sqlalchemy.ext.asyncio import create_async_engine

from services.matching.adapters.tables import messaging
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain import OnTimeHistory, Strategy, place_batch
from services.matching.domain.order import batch_days
from services.matching.matcher import match_pending
from shared.db.engine import make_sessionmaker
from shared.region import clock
from tests.bench.bench_matcher_time import UNPRUNED
from tests.bench.context import Context
from tests.bench.matching_instances import CATEGORIES, Batch, Shape, batch
from tests.bench.quiet_matching import retire_offers_of
from tests.bench.report import Row
from tests.bench.solve_timer import solve_times
from tests.bench.stack import admin_dsn
from tests.bench.stats import Ratio
from tests.support.stack import role_url

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)  # claimed before anything else pending


@dataclass(frozen=True)
class Round:
    cpu: float  # s, the round in this process
    wall: float
    reads_cpu: float  # the round's reads alone (measured in a read-only pass before it)
    reads_wall: float
    full_solve: float  # CPU s inside solve() of the full graph
    full_arcs: int
    offered_units: int
    full_placed: int
    load: float  # 1-minute load average when the round ran


def _own_category(b: Batch, category: str) -> Batch:
    """The instance in a category of its own (the service reads one category), with ids
    of its own (the bench stack keeps earlier runs' rows)."""
    main, salt = CATEGORIES[0], random.getrandbits(128)

    def fresh(old: uuid.UUID) -> uuid.UUID:
        return uuid.UUID(int=old.int ^ salt)

    providers = [
        replace(p, id=fresh(p.id), categories={category: p.categories[main]}) for p in b.providers
    ]
    orders = [replace(o, order_id=fresh(o.order_id), category=category) for o in b.orders]
    calendars = {
        (fresh(pid), category): replace(cal, provider_id=fresh(pid), category=category)
        for (pid, cat), cal in b.calendars.items()
        if cat == main
    }
    return Batch(orders, providers, calendars)


async def _seed(b: Batch, category: str) -> None:
    conn = await asyncpg.connect(admin_dsn())
    try:
        # an interrupted run's orders would be claimed first (they were submitted LONG_AGO)
        await conn.execute(
            "UPDATE matching.orders SET state = 'settled' WHERE state = 'pending' "
            "AND submitted_at = $1",
            LONG_AGO,
        )
        await conn.copy_records_to_table(
            "providers",
            schema_name="matching",
            columns=[
                "id",
                "name",
                "broker_name",
                "contact",
                "county",
                "township",
                "village",
                "mode",
                "workforce",
                "auto_accept",
                "delivered_jobs",
                "late_jobs",
            ],
            records=[
                (
                    p.id,
                    p.name,
                    "broker",
                    "139-0000-0000",
                    p.county.value,
                    p.township,
                    p.village,
                    p.mode.value,
                    json.dumps(vars(p.workforce)),
                    False,
                    p.history.delivered_jobs,
                    p.history.late_jobs,
                )
                for p in b.providers
            ],
        )
        await conn.copy_records_to_table(
            "provider_categories",
            schema_name="matching",
            columns=["provider_id", "category", "units_per_day"],
            records=[(p.id, category, p.categories[category]) for p in b.providers],
        )
        await conn.copy_records_to_table(
            "capacity_days",
            schema_name="matching",
            columns=["provider_id", "category", "day", "capacity", "held", "booked"],
            records=[
                (pid, category, day, cal.base_units, 0, used)
                for (pid, _), cal in b.calendars.items()
                for day, used in cal.booked.items()
            ],
        )
        await conn.copy_records_to_table(
            "orders",
            schema_name="matching",
            columns=[
                "id",
                "category",
                "quantity",
                "unit_fee_fen",
                "materials_ready",
                "deadline",
                "origin_market",
                "splittable",
                "min_lot",
                "defect_tolerance_pct",
                "state",
                "submitted_at",
            ],
            records=[
                (
                    o.order_id,
                    category,
                    o.quantity,
                    o.unit_fee_fen,
                    o.materials_ready,
                    o.deadline,
                    o.origin_market.value,
                    o.splittable,
                    o.min_lot,
                    2,
                    "pending",
                    LONG_AGO,
                )
                for o in b.orders
            ],
        )
    finally:
        await conn.close()


async def _offered_units(category: str) -> int:
    conn = await asyncpg.connect(admin_dsn())
    try:
        return int(
            await conn.fetchval(
                "SELECT coalesce(sum(units), 0) FROM matching.offers WHERE category = $1",
                category,
            )
        )
    finally:
        await conn.close()


async def _reads(uow: MatchingUnitOfWork, b: Batch, category: str) -> OnTimeHistory:
    """What the round reads before it solves (as matcher._place_group), read-only."""
    async with uow:
        provs = await uow.providers.making(category)
        today = clock.today()
        first, last = batch_days([replace(o, not_before=today) for o in b.orders], today)
        await uow.calendars.for_providers(provs, category, first, last)
        return await uow.providers.market_record()


async def service_round(seed: int, shape: Shape) -> Round:
    category = "bench_g_" + "".join(random.choices(string.ascii_lowercase, k=12))
    b = _own_category(batch(seed, shape), category)
    await _seed(b, category)
    engine = create_async_engine(
        role_url("matching"), connect_args={"server_settings": {"search_path": "matching"}}
    )
    sessions = make_sessionmaker(engine)

    def uow() -> MatchingUnitOfWork:
        return MatchingUnitOfWork(sessions, messaging.outbox)

    try:
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        market = await _reads(uow(), b, category)
        reads_cpu, reads_wall = time.process_time() - c0, time.perf_counter() - w0
        gc.collect()
        load = os.getloadavg()[0]
        c0, w0 = time.process_time(), time.perf_counter()
        settled = await match_pending(uow, len(b.orders), timedelta(hours=1))
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        assert settled == len(b.orders), (settled, len(b.orders))
    finally:
        await engine.dispose()
    full_solve, full_arcs, placed = await asyncio.to_thread(_full_solve, b, market)
    offered = await _offered_units(category)
    await retire_offers_of(category)  # expiring an hour later, they were row 8's work
    return Round(
        cpu,
        wall,
        reads_cpu,
        reads_wall,
        full_solve,
        full_arcs,
        offered,
        placed,
        load,
    )


def _full_solve(b: Batch, market: OnTimeHistory) -> tuple[float, int, int]:
    gc.collect()
    with solve_times(time.process_time) as (clock_s, arcs):
        found = place_batch(
            b.orders,
            b.providers,
            b.calendars,
            strategy=Strategy.OPTIMAL,
            limits=UNPRUNED,
            market=market,
        )
    placed = sum(p.placed for p in found.placements)
    return sum(clock_s), max(arcs, default=0), placed


def row(key: str, shape: Shape, found: list[Round]) -> Row:
    r = Ratio.of([t.cpu / t.full_solve for t in found])
    wall = Ratio.of([t.wall / t.full_solve for t in found])
    med = found[len(found) // 2]
    return Row(
        key,
        f"the service's matcher round, {shape.providers:,} providers ({shape.orders} orders), "
        "reads from PostgreSQL included",
        "OR-Tools solve() alone of the FULL graph, same instance",
        f"{r.median:.2f}×",
        r.spread,
        "≤ 1× full solve",
        r.median <= 1,
        f"round CPU {med.cpu:.2f} s (wall {med.wall:.2f} s, {wall.median:.2f}×; its reads "
        f"CPU {med.reads_cpu:.2f} s, wall {med.reads_wall:.2f} s) vs full graph solve "
        f"{med.full_solve:.2f} s CPU ({med.full_arcs:,} arcs, flow.py); units offered "
        f"{med.offered_units:,} vs the full graph's placed {med.full_placed:,}; load "
        f"average {', '.join(f'{t.load:.1f}' for t in found)}",
        {"rounds": [vars(t) for t in found]},
    )


async def run(ctx: Context) -> list[Row]:
    shape = Shape(10_000, ctx.pick(8, 20), one_category=True)
    found = [await service_round(seed, shape) for seed in range(ctx.pick(2, 3))]
    return [row("4g", shape, found)]
