"""Fulfilment's consumer handlers in memory: whatever order orders and placements arrive
in (they travel on different topics), each lot ends owed its share; a split moves the
share with the units; a fact applied twice changes nothing."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from services.fulfilment.consumers import HANDLERS
from services.fulfilment.domain.lot import LotState
from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.events import Payload, new_envelope
from tests.support.memory import MemoryBus
from tests.support.memory_fulfilment import FulfilmentState, MemoryFulfilmentUnitOfWork

DAY = date(2027, 3, 1)
ORDER, OFFICE, P1, P2 = (uuid.uuid4() for _ in range(4))
JOB, NEW_JOB = uuid.uuid4(), uuid.uuid4()


def submitted() -> o.OrderSubmitted:
    return o.OrderSubmitted(
        order_id=ORDER, office_id=OFFICE, client_id=uuid.uuid4(), category="bead_work",
        description="clips", quantity=1000, unit_fee_fen=35, materials_ready=DAY,
        deadline=DAY + timedelta(days=20), origin_market="yiwu", splittable=True, min_lot=100,
        materials=(o.SuppliedMaterial(item="beads", quantity=D("60"), unit="kg"),),
    )  # fmt: skip


def accepted() -> m.OfferAccepted:
    return m.OfferAccepted(
        offer_id=uuid.uuid4(), job_id=JOB, order_id=ORDER, provider_id=P1, category="bead_work",
        units=1000, start=DAY, end=DAY + timedelta(days=10), deadline=DAY + timedelta(days=20),
    )  # fmt: skip


def split() -> m.JobSplit:
    return m.JobSplit(
        transfer_id=uuid.uuid4(), job_id=JOB, new_job_id=NEW_JOB, order_id=ORDER,
        from_provider_id=P1, to_provider_id=P2, units=333,
    )  # fmt: skip


async def run(payloads: list[Payload]) -> FulfilmentState:
    state, bus = FulfilmentState(), MemoryBus()
    for p in payloads:
        uow = MemoryFulfilmentUnitOfWork(bus, state)
        async with uow:
            await HANDLERS[p.event_type](uow, new_envelope(p, key=str(ORDER)), p)
            await uow.commit()
    return state


def owed(state: FulfilmentState) -> dict[uuid.UUID, D]:
    return {j: lot.ledger.accounts["beads"].owed for j, lot in state.lots.items()}


@pytest.mark.parametrize("order", list(itertools.permutations(range(2))))
async def test_a_lot_before_its_order_is_owed_its_share_once_the_order_comes(
    order: tuple[int, ...],
) -> None:
    facts: list[Payload] = [submitted(), accepted()]
    state = await run([facts[i] for i in order] + [split()])
    assert owed(state) == {JOB: D("41"), NEW_JOB: D("20")}  # 40.02 and 19.98 rounded up
    assert (state.lots[JOB].units, state.lots[NEW_JOB].units) == (667, 333)


async def test_facts_applied_twice_change_nothing() -> None:
    once = await run([submitted(), accepted(), split()])
    twice = await run([submitted(), submitted(), accepted(), accepted(), split(), split()])
    assert owed(once) == owed(twice)
    assert {j: lot.units for j, lot in once.lots.items()} == {
        j: lot.units for j, lot in twice.lots.items()
    }


async def test_a_cancelled_job_keeps_the_share_of_the_units_made() -> None:
    cancelled = m.JobCancelled(
        job_id=JOB, order_id=ORDER, provider_id=P1, units_kept=250, units_released=750,
        reason="order cancelled",
    )  # fmt: skip
    state = await run([submitted(), accepted(), cancelled])
    assert state.lots[JOB].state is LotState.CANCELLED
    assert owed(state) == {JOB: D("15")}
