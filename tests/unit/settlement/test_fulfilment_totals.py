"""Settlement reads fulfilment's InspectionRecorded as fulfilment writes it: its
``accepted_units`` is the lot's running total (a rework's re-inspection of 10 after 90 says
100). Settlement added them up as if each round's own: a lot of 100 with 10 reworked was
paid 190 good units (90 + 100). Driven here by the real fulfilment aggregate's events."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from services.fulfilment.domain.inspection import Inspection
from services.fulfilment.domain.lot import Lot
from services.settlement.adapters.policy_files import load_policies
from shared.contracts import fulfilment as ff
from shared.events.payload import Payload
from tests.support.memory import MemoryBus
from tests.support.memory_settlement import MemorySettlementUnitOfWork
from tests.unit.fulfilment.builders import order
from tests.unit.settlement.test_fact_handlers import DAY, JOB, ORDER, PROVIDER, _delivered_v1
from tests.unit.settlement.test_pay_inspected import _order, _provider, _run

FEE = 200  # the settlement test order's unit fee


def _inspections(*rounds: tuple[int, int]) -> list[Payload]:
    """Fulfilment's events for a lot of 100 inspected in ``rounds`` of (inspected,
    defective), each but the last rejected for rework."""
    materials = replace(order(100), order_id=ORDER)
    lot = Lot(JOB, ORDER, PROVIDER, materials.category, 100, DAY + timedelta(days=30))
    lot.owe(materials)
    lot.delivered(late=False)
    for n, (inspected, defective) in enumerate(rounds):
        day = DAY + timedelta(days=n)
        last = n == len(rounds) - 1
        decision = ff.Decision.ACCEPT if last else ff.Decision.REJECT_FOR_REWORK
        due = None if last else day + timedelta(days=1)
        i = Inspection(uuid.uuid4(), inspected, defective, decision, day, "", 0, due)
        lot.inspect(i, materials, others_done=True)
    return [e for e in lot.events if isinstance(e, ff.InspectionRecorded | ff.ReworkRequested)]


@pytest.mark.parametrize("rounds", [[(100, 10), (10, 0)], [(100, 12), (12, 2), (2, 0)], [(100, 2)]])
async def test_a_lots_rounds_pay_its_accepted_units_once(rounds: list[tuple[int, int]]) -> None:
    """Each round pays its own good units (the defective ones of an accepted round are
    not paid): 90 + 10, 88 + 10 + 2, 98."""
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    await _run(uow, _order(), _provider(), *_inspections(*rounds))
    rows = list(uow.receivables.rows.values())
    assert [r.good_units for r in rows] == [i - d for i, d in rounds]
    assert sum(r.fee_fen for r in rows) == sum(i - d for i, d in rounds) * FEE


async def test_a_claim_then_a_passed_rework_pays_the_lot_once() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    claim = _delivered_v1().model_copy(update={"good_units": 100, "defective_units": 0})
    await _run(uow, _order(), _provider(), claim, *_inspections((100, 10), (10, 0)))
    rows = list(uow.receivables.rows.values())
    assert sum(r.good_units for r in rows) == 100
    assert sum(r.overpaid_fen + r.reclaimed_fen for r in rows) == 0
