"""Any arrival order of matching's facts gives the order that in-order delivery gives."""

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.intake.domain.facts import Fact, apply_late
from services.intake.domain.order import Order
from services.intake.domain.placements import LotState
from services.intake.domain.progress import apply_fact
from services.intake.domain.status import OrderStatus as S
from shared.contracts import matching as m
from shared.events import Payload
from tests.unit.intake.factories import submitted
from tests.unit.intake.test_order_progress import P1, P2, accept, offer

T0 = datetime(2027, 3, 1, 8, tzinfo=UTC)


def story(order: Order) -> list[Fact]:
    """Offer 60+40, the 40 declined and re-offered, both accepted, work, a split, delivery."""
    o1, o2, o3 = offer(order.id, P1, 60), offer(order.id, P2, 40), offer(order.id, P1, 40)
    a1, a3 = accept(o1), accept(o3)
    new_job = uuid.uuid4()
    payloads: list[Payload] = [
        o1,
        o2,
        a1,
        m.OfferDeclined(offer_id=o2.offer_id, order_id=order.id, provider_id=P2, units=40),
        o3,
        a3,
        progress(order, a1, 30),
        m.JobSplit(
            transfer_id=uuid.uuid4(),
            job_id=a1.job_id,
            new_job_id=new_job,
            order_id=order.id,
            from_provider_id=P1,
            to_provider_id=P2,
            units=20,
        ),
        progress(order, a1, 40),
        delivered(order, a1.job_id, P1, 40),
        delivered(order, new_job, P2, 20),
        delivered(order, a3.job_id, P1, 40),
    ]
    return [at(i, p) for i, p in enumerate(payloads)]


def at(seconds: int, payload: Payload) -> Fact:
    return Fact(uuid.uuid4(), T0 + timedelta(seconds=seconds), payload)


def progress(order: Order, a: m.OfferAccepted, done: int) -> m.JobProgressReported:
    return m.JobProgressReported(
        job_id=a.job_id,
        order_id=order.id,
        provider_id=a.provider_id,
        units_done=done,
        units_total=a.units,
        reported_on=date(2027, 3, 5),
    )


def delivered(order: Order, job: uuid.UUID, who: uuid.UUID, good: int) -> m.JobDelivered:
    return m.JobDelivered(
        job_id=job,
        order_id=order.id,
        provider_id=who,
        good_units=good,
        defective_units=0,
        delivered_on=date(2027, 3, 15),
        late=False,
    )


def arrive(order: Order, facts: list[Fact]) -> None:
    """What the intake handler does for each fact, with the stored facts kept in a list."""
    known: list[Fact] = []
    for fact in facts:
        late = any(k.sort_key > fact.sort_key for k in known)
        known.append(fact)
        if late:
            apply_late(order, known, fact)
        else:
            apply_fact(order, fact.payload, fact.cause)


def outcome(order: Order) -> tuple[object, ...]:
    lots = sorted(
        (str(p.offer_id), p.state.value, p.units, p.units_done, p.good_units)
        for p in order.placements.values()
    )
    return order.status, order.placed_units, tuple(lots)


@pytest.mark.parametrize("seed", range(60))
def test_shuffled_arrival_equals_in_order_delivery(seed: int) -> None:
    reference = submitted(quantity=100)
    facts = story(reference)
    arrive(reference, facts)
    assert reference.status == S.DELIVERED  # the story really ends delivered
    shuffled = list(facts)
    random.Random(seed).shuffle(shuffled)
    replayed = submitted(quantity=100)
    replayed.id, replayed.terms = reference.id, reference.terms
    arrive(replayed, shuffled)
    assert outcome(replayed) == outcome(reference)


def test_late_offer_does_not_undo_its_acceptance() -> None:
    order = submitted(quantity=60, min_lot=20)
    o = offer(order.id, P1, 60)
    facts = [at(0, o), at(1, accept(o))]
    arrive(order, facts[::-1])
    assert order.status == S.PLACED and order.placed_units == 60
    assert order.placements[o.offer_id].state == LotState.ACCEPTED  # not reset to OFFERED


def test_progress_before_its_acceptance_is_not_lost() -> None:
    order = submitted(quantity=60, min_lot=20)
    o = offer(order.id, P1, 60)
    a = accept(o)
    early = at(2, progress(order, a, 25))
    arrive(order, [early, at(0, o), at(1, a)])
    assert order.status == S.IN_PRODUCTION
    assert order.placements[o.offer_id].units_done == 25


def test_same_instant_orders_offer_before_answer() -> None:
    order = submitted(quantity=60, min_lot=20)
    o = offer(order.id, P1, 60)
    facts = [at(0, accept(o)), at(0, o)]
    arrive(order, facts)
    assert order.placed_units == 60


def test_cancellation_survives_rederiving() -> None:
    order = submitted(quantity=60, min_lot=20)
    o = offer(order.id, P1, 60)
    order.cancel("client withdrew")
    arrive(order, [at(1, accept(o)), at(0, o)])
    assert order.status == S.CANCELLED and order.placed_units == 60


def test_lots_placed_before_facts_were_kept_survive_rederiving() -> None:
    """An order from before migration 0003: its first lot has no stored facts."""
    order = submitted(quantity=100, min_lot=20)
    old = offer(order.id, P1, 60)
    arrive(order, [at(0, old), at(1, accept(old))])
    legacy_job = order.placements[old.offer_id].job_id
    new = offer(order.id, P2, 40)
    arrive(order, [at(3, accept(new)), at(2, new)])  # only these two were kept, swapped
    assert order.status == S.PLACED and order.placed_units == 100
    assert order.placements[old.offer_id].job_id == legacy_job


def legacy_in_production() -> tuple[Order, m.OfferAccepted]:
    """An order placed and in production before facts were kept (nothing stored)."""
    order = submitted(quantity=100, min_lot=20)
    o = offer(order.id, P1, 100)
    a = accept(o)
    arrive(order, [at(0, o), at(1, a), at(2, progress(order, a, 10))])
    assert order.status == S.IN_PRODUCTION
    return order, a


def test_a_late_fact_never_sends_an_older_order_back_to_submitted() -> None:
    order, a = legacy_in_production()
    arrive(order, [at(4, progress(order, a, 40)), at(3, progress(order, a, 30))])
    assert order.status == S.IN_PRODUCTION


def test_a_split_of_an_older_lot_is_applied_once() -> None:
    order, a = legacy_in_production()
    split = m.JobSplit(
        transfer_id=uuid.uuid4(),
        job_id=a.job_id,
        new_job_id=uuid.uuid4(),
        order_id=order.id,
        from_provider_id=P1,
        to_provider_id=P2,
        units=30,
    )
    arrive(order, [at(5, split), at(3, progress(order, a, 20))])
    units = sorted(p.units for p in order.placements.values() if p.holds_units)
    assert units == [30, 70] and order.placed_units == 100
    assert order.status == S.IN_PRODUCTION


@pytest.mark.parametrize("seed", range(10))
def test_every_fact_is_in_the_history_with_its_cause_whatever_the_arrival(seed: int) -> None:
    order = submitted(quantity=100)
    facts = story(order)
    shuffled = list(facts)
    random.Random(seed).shuffle(shuffled)
    arrive(order, shuffled)
    causes = {h.cause_event_id for h in order.history}
    assert {f.event_id for f in facts} <= causes
