"""Deliveries (several per lot, issue 12 items 5 and 7) and the order's history of every
change the office sees, with its cause (issue 12 item 8)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from services.intake.domain.order import Order
from services.intake.domain.placements import LotState, Placement
from services.intake.domain.progress import apply_fact
from services.intake.domain.status import OrderStatus as S
from shared.contracts import matching as m
from tests.unit.intake.factories import submitted
from tests.unit.intake.test_order_progress import P1, P2, accept, cause, offer


class DeliveredV2(m.JobDelivered):
    """The shape matching's JobDelivered v2 takes (v1 plus these), not registered here."""

    delivery_id: uuid.UUID
    final: bool
    over_tolerance: bool
    total_good_units: int
    total_defective_units: int
    units_total: int


def placed(quantity: int, tolerance: str = "0") -> tuple[Order, m.OfferAccepted]:
    order = submitted(quantity=quantity, defect_tolerance_pct=Decimal(tolerance))
    o = offer(order.id, P1, quantity)
    a = accept(o)
    for fact in (o, a):
        apply_fact(order, fact, cause())
    return order, a


def progress(a: m.OfferAccepted, done: int) -> m.JobProgressReported:
    return m.JobProgressReported(
        job_id=a.job_id,
        order_id=a.order_id,
        provider_id=a.provider_id,
        units_done=done,
        units_total=a.units,
        reported_on=date(2027, 3, 5),
    )


def delivered(a: m.OfferAccepted, good: int, defective: int = 0) -> m.JobDelivered:
    return m.JobDelivered(
        job_id=a.job_id,
        order_id=a.order_id,
        provider_id=a.provider_id,
        good_units=good,
        defective_units=defective,
        delivered_on=date(2027, 3, 15),
        late=False,
    )


def lot(order: Order, a: m.OfferAccepted) -> Placement:
    return order.placements[a.offer_id]


def test_a_lot_delivered_in_full_shows_every_unit_done() -> None:
    # issue 12 item 5: reported at 1,200 of 2,400, delivered in full, intake showed 1200
    order, a = placed(2400)
    apply_fact(order, progress(a, 1200), cause())
    apply_fact(order, delivered(a, 2400), cause())
    p = lot(order, a)
    assert (p.units_done, p.state, p.good_units) == (2400, LotState.DELIVERED, 2400)
    assert order.status == S.DELIVERED


def test_several_deliveries_of_a_lot_add_up() -> None:
    order, a = placed(2400)
    apply_fact(order, delivered(a, 1000, 10), cause())
    p = lot(order, a)
    assert (p.state, p.good_units, p.defective_units) == (LotState.PARTLY_DELIVERED, 1000, 10)
    assert order.status == S.IN_PRODUCTION and order.placed_units == 2400
    apply_fact(order, delivered(a, 1390), cause())
    assert (p.state, p.good_units, p.defective_units, p.units_done) == (
        LotState.DELIVERED,
        2390,
        10,
        2400,
    )
    assert order.status == S.DELIVERED
    assert "partial: 1010 of 2400" in order.history[-2].reason


def test_a_late_progress_report_does_not_undo_a_delivery() -> None:
    order, a = placed(2400)
    apply_fact(order, delivered(a, 2400), cause())
    apply_fact(order, progress(a, 1200), cause())
    assert lot(order, a).units_done == 2400 and lot(order, a).state == LotState.DELIVERED


def test_v2_deliveries_take_the_jobs_totals_and_its_final_word() -> None:
    order, a = placed(2400, tolerance="2")
    first = DeliveredV2(
        **delivered(a, 1200, 40).model_dump(),
        delivery_id=uuid.uuid4(),
        final=False,
        over_tolerance=True,
        total_good_units=1200,
        total_defective_units=40,
        units_total=2400,
    )
    apply_fact(order, first, cause())
    apply_fact(order, first, cause())  # a replayed fact: totals, not sums
    p = lot(order, a)
    assert (p.good_units, p.defective_units, p.over_tolerance) == (1200, 40, True)
    assert p.state == LotState.PARTLY_DELIVERED and order.status == S.IN_PRODUCTION
    last = first.model_copy(
        update={"final": True, "over_tolerance": False, "total_good_units": 2360}
    )
    apply_fact(order, last, cause())
    assert p.state == LotState.DELIVERED and p.over_tolerance  # the flag stays on the lot
    assert order.status == S.DELIVERED


def test_a_v1_delivery_over_the_orders_tolerance_is_flagged() -> None:
    order, a = placed(1000, tolerance="2")
    apply_fact(order, delivered(a, 970, 30), cause())  # 3% defective against 2%
    assert lot(order, a).over_tolerance
    assert "over the order's tolerance" in order.history[-2].reason


def test_declines_reoffers_expiries_and_withdrawals_are_in_the_history() -> None:
    order = submitted(quantity=100)
    o1 = offer(order.id, P1, 100)
    apply_fact(order, o1, cause())
    decline = m.OfferDeclined(
        offer_id=o1.offer_id, order_id=order.id, provider_id=P1, units=100, reason="tea picking"
    )
    apply_fact(order, decline, cause())
    o2 = offer(order.id, P2, 100)
    apply_fact(order, o2, cause())
    expired = m.OfferExpired(offer_id=o2.offer_id, order_id=order.id, provider_id=P2, units=100)
    apply_fact(order, expired, cause())
    o3 = offer(order.id, P1, 100)
    apply_fact(order, o3, cause())
    withdrawn = m.OfferWithdrawn(
        offer_id=o3.offer_id, order_id=order.id, provider_id=P1, units=100, reason="amended"
    )
    apply_fact(order, withdrawn, cause())
    reasons = [h.reason for h in order.history[1:]]
    assert len(reasons) == 6 and all(h.cause_type for h in order.history[1:])
    assert "declined 100 units (tea picking)" in reasons[1]
    assert "re-offered" in reasons[2] and "expired" in reasons[3]
    assert "withdrawn: amended" in reasons[5]


def test_a_split_and_a_cancelled_lot_are_in_the_history() -> None:
    order, a = placed(1000)
    split = m.JobSplit(
        transfer_id=uuid.uuid4(),
        job_id=a.job_id,
        new_job_id=uuid.uuid4(),
        order_id=order.id,
        from_provider_id=P1,
        to_provider_id=P2,
        units=400,
    )
    apply_fact(order, split, cause())
    assert "400 units moved" in order.history[-1].reason
    assert str(split.transfer_id) in order.history[-1].reason
    apply_fact(order, progress(a, 100), cause())
    order.status = S.CANCELLED  # as if the office cancelled (the domain allows it before)
    ended = m.JobCancelled(
        job_id=a.job_id,
        order_id=order.id,
        provider_id=P1,
        units_kept=100,
        units_released=500,
        reason="order cancelled",
    )
    apply_fact(order, ended, cause())
    p = lot(order, a)
    assert (p.state, p.units, p.units_done) == (LotState.CANCELLED, 100, 100)
    last = order.history[-1]
    assert "500 units released" in last.reason and "100 units made are kept" in last.reason
    assert last.cause_type == "test" and order.status == S.CANCELLED


def test_the_offices_cancellation_is_in_the_history_with_its_cause() -> None:
    order = submitted()
    order.cancel("client withdrew")
    last = order.history[-1]
    assert last.to_status == S.CANCELLED and "client withdrew" in last.reason
    assert last.cause_type == "OrderCancelled"
