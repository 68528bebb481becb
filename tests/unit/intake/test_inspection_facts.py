"""Fulfilment's facts in intake: an order fulfilment reports on is DELIVERED only when
every lot is delivered and passed inspection, whatever order the facts arrive in; an
order it never reports on is delivered as before."""

from __future__ import annotations

import random
import uuid
from datetime import date

import pytest

from services.intake.domain.facts import Fact
from services.intake.domain.order import Order
from services.intake.domain.status import OrderStatus as S
from shared.contracts import fulfilment as ff
from shared.events import Payload
from tests.unit.intake.factories import submitted
from tests.unit.intake.test_order_facts import arrive, at, delivered, progress
from tests.unit.intake.test_order_progress import P1, accept, offer


def dispatched(order: Order, job: uuid.UUID) -> ff.ConsignmentDispatched:
    return ff.ConsignmentDispatched(
        consignment_id=uuid.uuid4(),
        order_id=order.id,
        office_id=order.office_id,
        direction=ff.Direction.OUT,
        carrier="顺达",
        shipped_on=date(2027, 3, 1),
        lines=(ff.ShippedLine(job_id=job, item="beads", unit="kg", quantity=6),),
    )


def inspected(order: Order, job: uuid.UUID, rnd: int, defective: int) -> ff.InspectionRecorded:
    ok = defective == 0
    return ff.InspectionRecorded(
        inspection_id=uuid.uuid4(),
        job_id=job,
        order_id=order.id,
        provider_id=P1,
        round=rnd,
        inspected=100,
        defective=defective,
        decision=ff.Decision.ACCEPT if ok else ff.Decision.REJECT_FOR_REWORK,
        within_tolerance=ok,
        accepted_units=100 - defective,
        rework_units=defective,
        inspected_on=date(2027, 3, 16),
        lot_accepted=ok,
        order_accepted=ok,
    )


def story(order: Order, *, inspect: bool) -> list[Fact]:
    o = offer(order.id, P1, 100)
    a = accept(o)
    payloads: list[Payload] = [o, a]
    if inspect:
        payloads.append(dispatched(order, a.job_id))
    payloads += [progress(order, a, 50), delivered(order, a.job_id, P1, 100)]
    if inspect:
        payloads += [inspected(order, a.job_id, 1, 10), inspected(order, a.job_id, 2, 0)]
    return [at(i, p) for i, p in enumerate(payloads)]


def test_an_order_without_fulfilment_is_delivered_by_matching_as_before() -> None:
    order = submitted(quantity=100, min_lot=100)
    arrive(order, story(order, inspect=False))
    assert order.status == S.DELIVERED


def test_an_inspected_order_waits_for_the_inspection_that_accepts_every_lot() -> None:
    order = submitted(quantity=100, min_lot=100)
    facts = story(order, inspect=True)
    arrive(order, facts[:5])  # delivered in matching: awaiting inspection
    assert order.status == S.IN_PRODUCTION
    assert "awaiting inspection" in order.history[-1].reason
    arrive(order, facts[5:6])  # 10 rejected for rework
    assert order.status == S.IN_PRODUCTION
    arrive(order, facts[6:])
    assert order.status == S.DELIVERED
    assert order.history[-1].cause_type == "InspectionRecorded"


@pytest.mark.parametrize("seed", range(30))
def test_shuffled_fulfilment_and_matching_facts_end_delivered(seed: int) -> None:
    order = submitted(quantity=100, min_lot=100)
    facts = story(order, inspect=True)
    random.Random(seed).shuffle(facts)
    arrive(order, facts)  # a fact after a later one re-derives from every fact
    assert order.status == S.DELIVERED
