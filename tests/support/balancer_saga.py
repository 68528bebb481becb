"""The transfer saga as scenarios with one body and two worlds.

Each scenario talks only to a `SagaWorld`: the in-memory world
(tests/unit/balancer/memory_world.py: the balancer's handlers on its in-memory
unit of work, milliseconds) or the stack world (tests/integration/balancer/
stack_world.py: a real balancer process over HTTP, PostgreSQL and Kafka, with
matching faked on Kafka). Passing in both is what keeps the fakes honest.

The cast: tea picking leaves a Jinyun factory 3 units a day where it needs 4, so
its 40-unit job runs 10 units late; Liandu factories lend 3 a day.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from shared.contracts import balancer as b
from shared.contracts import matching as m
from shared.events import Payload

P = TypeVar("P", bound=Payload)


@dataclass(frozen=True)
class Cast:
    cat: str
    busy: uuid.UUID
    lender: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    others: tuple[uuid.UUID, ...] = field(default=())


class SagaWorld(Protocol):
    async def tea_season(self) -> Cast:
        """Providers, the late job and the season; returns once JobAtRisk (10 late) is out."""

    async def another_lender(self, cast: Cast) -> uuid.UUID:
        """A second Liandu factory, registered with matching."""

    async def offer_loan(self, cast: Cast, provider: uuid.UUID) -> uuid.UUID:
        """3 units a day for the next 20 days, offered by `provider`."""

    async def events(self, cast: Cast, kind: type[P], count: int = 1) -> list[P]:
        """The balancer's events of `kind` about the cast's job, once there are `count`."""

    async def answer(
        self, transfer_id: uuid.UUID, who: uuid.UUID, accept: bool, reason: str = ""
    ) -> int:
        """A provider answers; the HTTP status it gets (200, 403, 404, 409)."""

    async def matching_says(self, cast: Cast, payload: Payload) -> None:
        """Matching's JobSplit or JobSplitRefused reaches the balancer."""

    async def transfer(self, transfer_id: uuid.UUID) -> dict[str, object]:
        """The transfer as the API shows it: state, outcome, attempt, new_job_id, and its
        schedule as {"YYYY-MM-DD": units} (the loan days it holds)."""

    async def reserved(self, cast: Cast, loan_id: uuid.UUID) -> set[uuid.UUID]:
        """The transfers holding days on the loan."""

    async def wait_for(self, transfer_id: uuid.UUID, outcome: str) -> None:
        """Until the transfer's outcome is `outcome`."""


async def refusal_compensates_then_another_lender_splits(world: SagaWorld, version: int) -> None:
    cast = await world.tea_season()
    (risk,) = await world.events(cast, b.JobAtRisk)
    assert risk.late_units == 10
    loan = await world.offer_loan(cast, cast.lender)
    (first,) = await world.events(cast, b.TransferProposed)
    assert (first.to_provider_id, first.units, first.order_id) == (cast.lender, 10, cast.order_id)
    assert await world.reserved(cast, loan) == {first.transfer_id}

    assert await world.answer(first.transfer_id, cast.lender, accept=True) == 200
    (accepted,) = await world.events(cast, b.TransferAccepted)
    assert isinstance(accepted, b.TransferAcceptedV2), "the split needs the reserved days"
    assert sum(accepted.days.values()) == 10 == accepted.units
    reserved = (await world.transfer(first.transfer_id))["schedule"]
    assert {str(d): u for d, u in accepted.days.items()} == reserved, "exactly the loan days"

    refusal: m.JobSplitRefused = m.JobSplitRefused(
        transfer_id=first.transfer_id, job_id=cast.job_id, reason="job progressed"
    )
    if version == 2:
        refusal = m.JobSplitRefusedV2(**refusal.model_dump(), order_id=cast.order_id)
    await world.matching_says(cast, refusal)
    (failed,) = await world.events(cast, b.TransferFailed)
    assert failed.will_retry and failed.transfer_id == first.transfer_id
    old = await world.transfer(first.transfer_id)
    assert (old["state"], old["outcome"]) == ("compensated", "failed")
    assert await world.reserved(cast, loan) == set()

    # The refused lender is not asked again; a lender offering only now is.
    other = await world.another_lender(cast)
    await world.offer_loan(cast, other)
    second = (await world.events(cast, b.TransferProposed, 2))[1]
    assert second.to_provider_id == other and second.units == 10
    assert (await world.transfer(second.transfer_id))["attempt"] == 2
    assert await world.answer(second.transfer_id, other, accept=True) == 200

    new_job = uuid.uuid4()
    split = m.JobSplit(
        transfer_id=second.transfer_id, job_id=cast.job_id, new_job_id=new_job,
        order_id=cast.order_id, from_provider_id=cast.busy, to_provider_id=other, units=10,
    )  # fmt: skip
    await world.matching_says(cast, split)
    (done,) = await world.events(cast, b.TransferCompleted)
    assert (done.new_job_id, done.units) == (new_job, 10)
    final = await world.transfer(second.transfer_id)
    assert (final["state"], final["new_job_id"]) == ("completed", str(new_job))


async def only_the_receiver_answers_and_a_decline_frees_the_loan(world: SagaWorld) -> None:
    cast = await world.tea_season()
    loan = await world.offer_loan(cast, cast.lender)
    (proposed,) = await world.events(cast, b.TransferProposed)
    tid = proposed.transfer_id
    assert await world.answer(tid, uuid.uuid4(), accept=True) == 404  # a stranger
    assert await world.answer(tid, cast.busy, accept=True) == 403  # the sender

    assert await world.answer(tid, cast.lender, accept=False, reason="our own order") == 200
    (declined,) = await world.events(cast, b.TransferDeclined)
    assert declined.reason == "our own order"
    assert await world.reserved(cast, loan) == set()
    await world.wait_for(tid, "declined")
    assert await world.answer(tid, cast.lender, accept=True) == 409

    other = await world.another_lender(cast)
    await world.offer_loan(cast, other)
    second = (await world.events(cast, b.TransferProposed, 2))[1]
    assert second.to_provider_id == other
