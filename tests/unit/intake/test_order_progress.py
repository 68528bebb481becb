import uuid
from datetime import UTC, date, datetime

from services.intake.domain.progress import apply_fact
from services.intake.domain.status import OrderStatus as S
from shared.contracts import matching as m
from tests.unit.intake.factories import submitted

P1, P2 = uuid.uuid4(), uuid.uuid4()


def cause() -> tuple[uuid.UUID, str]:
    return uuid.uuid4(), "test"


def offer(order_id: uuid.UUID, provider: uuid.UUID, units: int) -> m.JobOffered:
    return m.JobOffered(
        offer_id=uuid.uuid4(),
        order_id=order_id,
        provider_id=provider,
        category="bead_work",
        units=units,
        start=date(2027, 3, 2),
        end=date(2027, 3, 10),
        unit_fee_fen=35,
        expires_at=datetime(2027, 3, 1, tzinfo=UTC),
    )


def accept(o: m.JobOffered) -> m.OfferAccepted:
    return m.OfferAccepted(
        offer_id=o.offer_id,
        job_id=uuid.uuid4(),
        order_id=o.order_id,
        provider_id=o.provider_id,
        category=o.category,
        units=o.units,
        start=o.start,
        end=o.end,
        deadline=date(2027, 3, 20),
    )


def test_full_story_from_offer_to_delivery_with_causes_recorded() -> None:
    order = submitted(quantity=1000)
    o1, o2 = offer(order.id, P1, 600), offer(order.id, P2, 400)
    steps = [o1, o2, accept(o1)]
    for fact in steps:
        apply_fact(order, fact, cause())
    assert order.status == S.PARTIALLY_PLACED and order.placed_units == 600
    a2 = accept(o2)
    apply_fact(order, a2, cause())
    assert order.status == S.PLACED
    job1 = order.placements[o1.offer_id].job_id
    assert job1 is not None
    apply_fact(
        order,
        m.JobProgressReported(
            job_id=job1,
            order_id=order.id,
            provider_id=P1,
            units_done=300,
            units_total=600,
            reported_on=date(2027, 3, 5),
        ),
        cause(),
    )
    assert order.status == S.IN_PRODUCTION
    for o, a in ((o1, job1), (o2, a2.job_id)):
        apply_fact(
            order,
            m.JobDelivered(
                job_id=a,
                order_id=order.id,
                provider_id=o.provider_id,
                good_units=o.units,
                defective_units=0,
                delivered_on=date(2027, 3, 15),
                late=False,
            ),
            cause(),
        )
    assert order.status == S.DELIVERED
    changes = [h for h in order.history if h.from_status != h.to_status]
    assert [h.to_status for h in changes] == [
        S.SUBMITTED,
        S.MATCHING,
        S.PARTIALLY_PLACED,
        S.PLACED,
        S.IN_PRODUCTION,
        S.DELIVERED,
    ]
    assert all(h.cause_event_id is not None for h in order.history[1:])
    # one line per fact (7), the second offer and the first delivery a note
    assert len(order.history) == 1 + 7


def test_decline_leaves_order_matching_and_unmatched_without_placement() -> None:
    order = submitted(quantity=100)
    o = offer(order.id, P1, 100)
    apply_fact(order, o, cause())
    apply_fact(
        order,
        m.OfferDeclined(offer_id=o.offer_id, order_id=order.id, provider_id=P1, units=100),
        cause(),
    )
    assert order.status == S.MATCHING
    apply_fact(
        order,
        m.OrderUnmatched(order_id=order.id, shortfall_units=100, reason="no capacity"),
        cause(),
    )
    assert order.status == S.UNMATCHED
    assert "no capacity" in order.history[-1].reason


def test_unmatched_remainder_keeps_partial_placement() -> None:
    order = submitted(quantity=100)
    o = offer(order.id, P1, 60)
    apply_fact(order, o, cause())
    apply_fact(order, accept(o), cause())
    apply_fact(
        order,
        m.OrderUnmatched(order_id=order.id, shortfall_units=40, reason="no capacity"),
        cause(),
    )
    assert order.status == S.PARTIALLY_PLACED


def test_fact_after_cancellation_changes_lots_not_status() -> None:
    order = submitted(quantity=100)
    o = offer(order.id, P1, 100)
    apply_fact(order, o, cause())
    order.cancel("client withdrew")
    apply_fact(order, accept(o), cause())
    assert order.status == S.CANCELLED


def test_split_moves_units_between_providers() -> None:
    order = submitted(quantity=100)
    o = offer(order.id, P1, 100)
    apply_fact(order, o, cause())
    a = accept(o)
    apply_fact(order, a, cause())
    apply_fact(
        order,
        m.JobSplit(
            transfer_id=uuid.uuid4(),
            job_id=a.job_id,
            new_job_id=uuid.uuid4(),
            order_id=order.id,
            from_provider_id=P1,
            to_provider_id=P2,
            units=30,
        ),
        cause(),
    )
    by_provider = {p.provider_id: p.units for p in order.placements.values() if p.holds_units}
    assert by_provider == {P1: 70, P2: 30} and order.status == S.PLACED
