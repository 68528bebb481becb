"""The offer aggregate: every legal move records its event; every illegal one raises."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.matching.domain.errors import IllegalTransition, WorkRuleBroken
from services.matching.domain.job import JobStatus, JobTerms
from services.matching.domain.offer import Offer, OfferStatus
from shared.contracts import matching as m
from shared.region.markets import Market

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
TERMS = JobTerms(date(2026, 12, 1), Market.YIWU)
DEADLINE = date(2026, 12, 20)


def offer() -> Offer:
    o = Offer.make(
        uuid.uuid4(),
        uuid.uuid4(),
        "crochet",
        {date(2026, 12, 2): 60, date(2026, 12, 3): 40},
        30,
        NOW + timedelta(hours=1),
    )
    o.events.clear()
    return o


def test_make_records_job_offered_with_the_schedule_span() -> None:
    o = Offer.make(
        uuid.uuid4(), uuid.uuid4(), "crochet", {date(2026, 12, 3): 5, date(2026, 12, 2): 5}, 30, NOW
    )
    (e,) = o.events
    assert isinstance(e, m.JobOffered) and o.status is OfferStatus.OPEN
    assert (e.units, e.start, e.end) == (10, date(2026, 12, 2), date(2026, 12, 3))


def test_accept_makes_a_job_with_the_order_deadline_and_records_acceptance() -> None:
    o = offer()
    job = o.accept(NOW, DEADLINE, TERMS)
    assert o.status is OfferStatus.ACCEPTED
    assert (job.units, job.status, job.deadline, job.offer_id) == (
        100,
        JobStatus.ACCEPTED,
        DEADLINE,
        o.id,
    )
    assert job.schedule == o.schedule and job.schedule is not o.schedule
    (e,) = o.events
    assert isinstance(e, m.OfferAccepted) and e.job_id == job.id and e.deadline == DEADLINE


@pytest.mark.parametrize(
    ("move", "status", "event"),
    [
        (lambda o: o.decline(NOW, "busy"), OfferStatus.DECLINED, m.OfferDeclined),
        (lambda o: o.expire(NOW + timedelta(hours=1)), OfferStatus.EXPIRED, m.OfferExpired),
        (lambda o: o.withdraw("order cancelled"), OfferStatus.WITHDRAWN, m.OfferWithdrawn),
    ],
)
def test_closing_moves_from_open(move, status, event) -> None:
    o = offer()
    move(o)
    assert o.status is status and [type(e) for e in o.events] == [event]


ALL_MOVES = {
    "accept": lambda o: o.accept(NOW, DEADLINE, TERMS),
    "decline": lambda o: o.decline(NOW, ""),
    "expire": lambda o: o.expire(NOW + timedelta(days=1)),
    "withdraw": lambda o: o.withdraw("amended"),
}


@pytest.mark.parametrize("first", sorted(ALL_MOVES))
@pytest.mark.parametrize("then", sorted(ALL_MOVES))
def test_a_closed_offer_moves_no_more(first: str, then: str) -> None:
    o = offer()
    ALL_MOVES[first](o)
    status, events = o.status, list(o.events)
    with pytest.raises(IllegalTransition, match="already"):
        ALL_MOVES[then](o)
    assert (o.status, o.events) == (status, events)


def test_an_expired_offer_cannot_be_accepted_or_declined() -> None:
    o = offer()
    late = o.expires_at
    with pytest.raises(WorkRuleBroken, match="expired"):
        o.accept(late, DEADLINE, TERMS)
    with pytest.raises(WorkRuleBroken, match="expired"):
        o.decline(late, "")
    assert o.status is OfferStatus.OPEN and o.events == []


def test_an_offer_not_yet_due_does_not_expire() -> None:
    o = offer()
    with pytest.raises(IllegalTransition, match="open until"):
        o.expire(o.expires_at - timedelta(seconds=1))
    assert o.status is OfferStatus.OPEN
