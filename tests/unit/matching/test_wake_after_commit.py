"""The consumer wakes the matcher once the order it stored has committed, never before:
woken earlier, the matcher's round may read the queue before the commit, find nothing
and sleep its idle wait with the order waiting (row 2's latency). On the old code the
handler woke the matcher inside the transaction, so ``woken`` was 1 before the commit."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.matching.consumers import order_handlers
from shared.contracts import orders as o
from shared.events import new_envelope
from shared.region import clock
from tests.support.memory import MemoryBus
from tests.support.memory_matching.unit_of_work import MemoryMatchingUnitOfWork


def submitted() -> o.OrderSubmitted:
    day = clock.today() + timedelta(days=2)
    return o.OrderSubmitted(
        order_id=uuid.uuid4(), office_id=uuid.uuid4(), client_id=uuid.uuid4(),
        category="bead_work", description="clips", quantity=100, unit_fee_fen=35,
        materials_ready=day, deadline=day + timedelta(days=20), origin_market="yiwu",
        splittable=True, min_lot=10,
    )  # fmt: skip


async def test_the_matcher_is_woken_after_the_commit_and_not_on_rollback() -> None:
    woken: list[int] = []
    handle = order_handlers(lambda: woken.append(1))["OrderSubmitted"]
    uow = MemoryMatchingUnitOfWork(MemoryBus())

    payload = submitted()
    async with uow:
        await handle(uow, new_envelope(payload, key=str(payload.order_id)), payload)
        assert woken == [], "woken before the order is committed"
        await uow.commit()
    assert woken == [1]

    payload = submitted()
    with pytest.raises(RuntimeError):
        async with uow:
            await handle(uow, new_envelope(payload, key=str(payload.order_id)), payload)
            raise RuntimeError("the poll's transaction failed")
    assert woken == [1], "a rolled-back order wakes nobody"
