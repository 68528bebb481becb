"""Deliveries become receivables once, whatever order the topics are read in."""

from __future__ import annotations

import uuid
from datetime import date

from services.settlement.adapters.policy_files import load_policies
from services.settlement.handlers import facts
from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.events import new_envelope
from shared.events.payload import Payload
from tests.support.memory import MemoryBus
from tests.support.memory_settlement import MemorySettlementUnitOfWork

DAY = date(2026, 11, 20)
OFFICE, CLIENT, PROVIDER, ORDER, JOB = (uuid.uuid4() for _ in range(5))


def _order() -> o.OrderSubmitted:
    return o.OrderSubmitted(
        order_id=ORDER, office_id=OFFICE, client_id=CLIENT, category="crochet",
        description="hats", quantity=100, unit_fee_fen=200, materials_ready=DAY,
        deadline=date(2026, 12, 20), origin_market="wenzhou", splittable=False, min_lot=100,
    )  # fmt: skip


def _provider() -> m.ProviderRegistered:
    return m.ProviderRegistered(
        provider_id=PROVIDER, name="Dongyuan crochet", county="jinyun", township="Dongyuan",
        village="Dongyuan", mode="home", categories={"crochet": 20},
        workforce=m.Workforce(total=30, low_income=12), auto_accept=False,
    )  # fmt: skip


def _delivered_v1() -> m.JobDelivered:
    return m.JobDelivered(
        job_id=JOB, order_id=ORDER, provider_id=PROVIDER, good_units=95, defective_units=5,
        delivered_on=DAY, late=False,
    )  # fmt: skip


async def _run(uow: MemorySettlementUnitOfWork, *events: Payload) -> None:
    handlers = {
        o.OrderSubmitted: facts.on_order_submitted,
        m.ProviderRegistered: facts.on_provider_registered,
        m.JobDelivered: facts.on_delivered,
    }
    for p in events:
        async with uow:
            await handlers[type(p)](uow, new_envelope(p, key=str(ORDER)), p)
            await uow.commit()


async def test_a_delivery_told_twice_or_replayed_makes_one_receivable() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    await _run(uow, _order(), _provider(), _delivered_v1(), _delivered_v1(), _delivered_v1())
    (r,) = uow.receivables.rows.values()
    assert (r.fee_fen, r.good_units, r.defective_units) == (95 * 200, 95, 5)
    assert r.freight_subsidy_fen == 190  # 1% of 19,000 fen
    assert r.office_id == OFFICE and r.client_id == CLIENT and r.due_on == DAY


async def test_a_delivery_before_its_order_and_provider_waits_for_both() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    await _run(uow, _delivered_v1())
    assert uow.receivables.rows == {}
    await _run(uow, _order())
    assert uow.receivables.rows == {}
    await _run(uow, _provider())
    (r,) = uow.receivables.rows.values()
    assert r.county == "jinyun" and r.market == "wenzhou"
    # Jinyun-Wenzhou 170 km, crochet 26 millifen a unit-km, 100 units round trip
    assert r.freight_fen == -(-100 * 2 * 170 * 26 // 1000)


async def test_a_delivery_before_any_policy_gets_no_freight_subsidy_but_its_fee() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    old = _delivered_v1().model_copy(update={"delivered_on": date(2008, 6, 1)})
    await _run(uow, _order(), _provider(), old)
    (r,) = uow.receivables.rows.values()
    assert (r.fee_fen, r.freight_subsidy_fen) == (19_000, 0)
