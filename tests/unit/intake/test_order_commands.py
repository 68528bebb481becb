import uuid
from datetime import date

import pytest

from services.intake.domain.errors import IllegalTransition, InvalidOrder, OrderRuleBroken
from services.intake.domain.order import Order
from services.intake.domain.status import OrderStatus
from shared.contracts.orders import OrderAmended, OrderCancelled, OrderSubmitted
from tests.unit.intake.factories import submitted, terms

TODAY = date(2027, 2, 1)


def test_submit_records_event_and_first_history_entry() -> None:
    import uuid

    order = Order.submit(uuid.uuid4(), uuid.uuid4(), terms(quantity=500))
    assert order.status == OrderStatus.SUBMITTED
    (event,) = order.events
    assert isinstance(event, OrderSubmitted) and event.quantity == 500 and event.unit_fee_fen == 35
    assert [h.to_status for h in order.history] == [OrderStatus.SUBMITTED]


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"deadline": date(2027, 3, 1)}, "deadline"),
        ({"min_lot": 5000}, "min_lot"),
    ],
)
def test_invalid_terms_name_the_field(over: dict[str, object], field: str) -> None:
    import uuid

    with pytest.raises(InvalidOrder) as err:
        Order.submit(uuid.uuid4(), uuid.uuid4(), terms(**over))
    assert err.value.field == field


def test_cancel_before_production_publishes_cancellation() -> None:
    order = submitted()
    order.cancel("client withdrew")
    assert order.status == OrderStatus.CANCELLED
    assert isinstance(order.events[0], OrderCancelled)


def test_an_order_in_production_can_be_cancelled_but_not_a_delivered_one_or_twice() -> None:
    making = submitted()
    making.status = OrderStatus.IN_PRODUCTION
    making.cancel("client withdrew mid-run")  # the made units stay owed (JobCancelled)
    assert making.status == OrderStatus.CANCELLED
    delivered = submitted()
    delivered.status = OrderStatus.DELIVERED
    with pytest.raises(OrderRuleBroken):
        delivered.cancel("too late")
    done = submitted()
    done.cancel("once")
    with pytest.raises(OrderRuleBroken):
        done.cancel("twice")


def test_amend_changes_terms_and_publishes_old_and_new() -> None:
    order = submitted(quantity=1000)
    order.amend(quantity=1200, deadline=date(2027, 3, 25), today=TODAY)
    (event,) = order.events
    assert isinstance(event, OrderAmended)
    assert (event.previous_quantity, event.quantity) == (1000, 1200)
    assert event.deadline == date(2027, 3, 25) == order.terms.deadline


def test_amend_refuses_deadline_in_the_past_or_before_materials() -> None:
    order = submitted()
    with pytest.raises(InvalidOrder):
        order.amend(quantity=None, deadline=date(2027, 1, 1), today=TODAY)
    with pytest.raises(InvalidOrder):
        order.amend(quantity=None, deadline=date(2027, 2, 20), today=TODAY)  # before materials


def test_illegal_transition_raises() -> None:
    order = submitted()
    with pytest.raises(IllegalTransition):
        order.move_to(OrderStatus.DELIVERED, "skipping production")


def test_submit_refuses_a_deadline_before_today_naming_the_field() -> None:
    import uuid

    # issue 12 item 1: materials 2026-11-20, deadline 2026-11-27, today 2026-11-30 was accepted
    past = terms(materials_ready=date(2026, 11, 20), deadline=date(2026, 11, 27))
    with pytest.raises(InvalidOrder) as err:
        Order.submit(uuid.uuid4(), uuid.uuid4(), past, today=date(2026, 11, 30))
    assert err.value.field == "deadline"
    assert "in the past" in str(err.value) and "2026-11-30" in str(err.value)


def test_submit_takes_today_from_the_lishui_clock() -> None:
    import uuid
    from datetime import UTC, datetime

    from shared.region import clock

    # 2026-11-30 01:00 in Lishui is still 2026-11-29 in UTC: a deadline of the 29th is past
    with clock.frozen_at(datetime(2026, 11, 29, 17, 0, tzinfo=UTC)):
        with pytest.raises(InvalidOrder):
            Order.submit(
                uuid.uuid4(),
                uuid.uuid4(),
                terms(materials_ready=date(2026, 11, 20), deadline=date(2026, 11, 29)),
            )
        order = Order.submit(
            uuid.uuid4(),
            uuid.uuid4(),
            terms(materials_ready=date(2026, 11, 20), deadline=date(2026, 11, 30)),
        )
    assert order.terms.deadline == date(2026, 11, 30)


def test_amend_to_a_past_deadline_says_why() -> None:
    order = submitted()
    with pytest.raises(InvalidOrder) as err:
        order.amend(quantity=None, deadline=date(2027, 1, 31), today=TODAY)
    assert err.value.field == "deadline" and "in the past" in str(err.value)


def test_the_orders_own_changes_carry_its_sequence() -> None:
    from shared.contracts.orders import OrderAmendedV2, OrderCancelledV2

    order = submitted(quantity=1000)
    assert order.sequence == 1  # the submission
    order.amend(quantity=1100, deadline=None, today=TODAY)
    order.amend(quantity=None, deadline=date(2027, 3, 25), today=TODAY)
    order.cancel("client withdrew")
    assert [type(e) for e in order.events] == [OrderAmendedV2, OrderAmendedV2, OrderCancelledV2]
    assert [e.sequence for e in order.events] == [2, 3, 4]  # type: ignore[attr-defined]


def test_an_amendment_is_kept_in_the_history_with_what_changed() -> None:
    order = submitted(quantity=1000)
    order.amend(quantity=1200, deadline=None, today=TODAY)
    last = order.history[-1]
    assert last.from_status == last.to_status == OrderStatus.SUBMITTED
    assert "quantity 1000 -> 1200" in last.reason and last.cause_type == "OrderAmended"


def test_a_refused_amendment_leaves_the_terms_alone() -> None:
    order = submitted(quantity=1000)
    with pytest.raises(InvalidOrder):
        order.amend(quantity=50, deadline=date(2027, 2, 20), today=TODAY)  # before materials
    assert (order.terms.quantity, order.terms.deadline) == (1000, date(2027, 3, 20))


def test_the_offices_changes_name_the_event_they_published() -> None:
    import uuid

    order = Order.submit(uuid.uuid4(), uuid.uuid4(), terms())
    order.amend(quantity=900, deadline=None, today=TODAY)
    ids = [uuid.uuid4(), uuid.uuid4()]
    for event, event_id in zip(order.events, ids, strict=True):
        order.published_as(event.event_type, event_id)
    assert [(h.cause_type, h.cause_event_id) for h in order.history] == [
        ("OrderSubmitted", ids[0]),
        ("OrderAmended", ids[1]),
    ]
    assert order.new_history == order.history


def test_a_deadline_more_than_a_year_ahead_is_refused_on_submit_and_amend() -> None:
    # 9999-12-31 made matching plan every day up to it and froze its event loop.
    with pytest.raises(InvalidOrder) as err:
        Order.submit(
            uuid.uuid4(),
            uuid.uuid4(),
            terms(materials_ready=date(2027, 3, 1), deadline=date(9999, 12, 31)),
            today=TODAY,
        )
    assert err.value.field == "deadline" and "more than a year ahead" in str(err.value)
    order = submitted()
    with pytest.raises(InvalidOrder):
        order.amend(quantity=None, deadline=date(2028, 2, 3), today=TODAY)
    order.amend(quantity=None, deadline=date(2028, 2, 1), today=TODAY)  # a year is fine
    assert order.terms.deadline == date(2028, 2, 1)
