"""The order journey as scenarios with one body and two worlds.

Each scenario talks only to a `JourneyWorld`: the in-memory world
(tests/unit/journey/memory_world.py: intake's and matching's handlers and the
matcher's round on their in-memory units of work, joined by the in-memory bus,
milliseconds) or the stack world (tests/integration/system/journey_world.py: the
real intake and matching processes over HTTP, PostgreSQL and Kafka). Passing in both
is what keeps the fakes honest.

The cast: an office orders 600 knitted pieces, materials ready today, due in 15 days,
lots of at least 100; the knitting providers make 150 a day.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from shared.region import clock

CATEGORY = "knitting"


@dataclass(frozen=True)
class Lot:
    """An open offer (before acceptance) or a job (after), as matching's API shows it."""

    id: uuid.UUID
    provider_id: uuid.UUID
    units: int


class JourneyWorld(Protocol):
    async def provider(self, category: str, units_per_day: int) -> uuid.UUID:
        """A provider registered with matching, making ``units_per_day`` of ``category``."""

    async def submit(
        self, quantity: int, min_lot: int, materials_ready: date, deadline: date
    ) -> uuid.UUID:
        """An office submits an order of ``CATEGORY`` to intake; the new order's id."""

    async def offers(self, order_id: uuid.UUID, units: int) -> list[Lot]:
        """The order's open offers, once they hold ``units`` units."""

    async def accept(self, offer: Lot) -> Lot:
        """The offer's broker accepts; the job it became."""

    async def cancel(self, order_id: uuid.UUID, reason: str) -> int:
        """The office cancels its order; the HTTP status."""

    async def decline(self, offer: Lot, reason: str) -> int:
        """The offer's broker declines it; the HTTP status."""

    async def progress(self, job: Lot, done: int) -> int:
        """The job's broker reports ``done`` units made; the HTTP status."""

    async def deliver(self, job: Lot, good: int, defective: int) -> int:
        """The job's broker delivers today; the HTTP status."""

    async def order(
        self, order_id: uuid.UUID, status: str, lots: str | None = None
    ) -> dict[str, Any]:
        """Intake's order as the office sees it (``GET /v1/orders/{id}``), once its status
        is ``status`` (and, given ``lots``, every lot is in that state)."""

    async def placement_events(self, order_id: uuid.UUID) -> list[str]:
        """The types of matching's events about the order on the placements topic, in
        order, once intake has applied them."""


async def order_goes_from_submitted_to_delivered(world: JourneyWorld) -> None:
    today = clock.today()
    await world.provider(CATEGORY, 150)
    order_id = await world.submit(600, 100, today, today + timedelta(days=15))

    offers = await world.offers(order_id, 600)
    assert all(o.units >= 100 for o in offers), "no lot below the order's min_lot"
    matching = await world.order(order_id, "MATCHING")
    assert matching["placed_units"] == 0
    shown = {k: (v["units"], v["state"]) for k, v in _lots(matching).items()}
    offered = {o.id: (o.units, "offered") for o in offers}
    assert shown and shown.items() <= offered.items(), "intake may not have all lots yet"

    jobs = [await world.accept(o) for o in offers]
    placed = await world.order(order_id, "PLACED")
    assert placed["placed_units"] == 600
    lots = _lots(placed)
    assert {k: v["units"] for k, v in lots.items()} == {o.id: o.units for o in offers}
    assert {v["state"] for v in lots.values()} == {"accepted"}
    assert {str(v["job_id"]) for v in lots.values()} == {str(j.id) for j in jobs}

    first = jobs[0]
    assert await world.progress(first, first.units // 2) == 200
    producing = await world.order(order_id, "IN_PRODUCTION")
    by_job = {str(v["job_id"]): v for v in _lots(producing).values()}
    assert by_job[str(first.id)]["units_done"] == first.units // 2
    assert await world.progress(first, first.units + 1) == 422, "more than the job holds"

    for job in jobs:
        assert await world.deliver(job, job.units, 0) == 200
    delivered = await world.order(order_id, "DELIVERED")
    lots = _lots(delivered)
    assert sum(v["good_units"] for v in lots.values()) == 600
    assert {v["state"] for v in lots.values()} == {"delivered"}
    assert await world.deliver(first, 1, 0) == 409, "a delivered job takes no more"

    steps = [h["to_status"] for h in delivered["history"]]
    assert steps == ["SUBMITTED", "MATCHING", "PLACED", "IN_PRODUCTION", "DELIVERED"]
    n = len(offers)
    assert await world.placement_events(order_id) == (
        ["JobOffered"] * n + ["OfferAccepted"] * n + ["JobProgressReported"] + ["JobDelivered"] * n
    )


async def a_declined_lot_goes_to_another_provider(world: JourneyWorld) -> None:
    today = clock.today()
    await world.provider(CATEGORY, 150)
    await world.provider(CATEGORY, 150)
    order_id = await world.submit(300, 100, today, today + timedelta(days=15))
    first = await world.offers(order_id, 300)
    refused = first[0]
    assert await world.decline(refused, "our looms are busy") == 204
    assert await world.decline(refused, "twice") == 409, "a declined offer stays declined"

    again = await world.offers(order_id, 300)
    new = [o for o in again if o not in first]
    assert refused not in again and sum(o.units for o in new) == refused.units
    assert refused.provider_id not in {o.provider_id for o in new}, "never the same provider"
    for offer in again:
        await world.accept(offer)
    placed = await world.order(order_id, "PLACED")
    assert placed["placed_units"] == 300
    assert _lots(placed)[refused.id]["state"] == "declined"  # applied before the new offers
    states = sorted(v["state"] for v in _lots(placed).values())
    assert states == ["accepted"] * len(again) + ["declined"]
    events = await world.placement_events(order_id)
    assert events.count("OfferDeclined") == 1
    assert events.count("JobOffered") == len(first) + len(new)
    assert events.count("OfferAccepted") == len(again)


async def a_cancelled_order_keeps_what_is_made_and_frees_the_rest(world: JourneyWorld) -> None:
    today = clock.today()
    await world.provider(CATEGORY, 150)
    order_id = await world.submit(600, 100, today, today + timedelta(days=15))
    jobs = [await world.accept(o) for o in await world.offers(order_id, 600)]
    await world.order(order_id, "PLACED")
    made = jobs[0]
    assert await world.progress(made, 40) == 200
    await world.order(order_id, "IN_PRODUCTION")

    assert await world.cancel(order_id, "the client closed the line") == 200
    # intake cancels at once; its lots follow when matching's JobCancelled comes back
    cancelled = await world.order(order_id, "CANCELLED", lots="cancelled")
    by_job = {str(v["job_id"]): v for v in _lots(cancelled).values()}
    assert {v["state"] for v in by_job.values()} == {"cancelled"}
    assert by_job[str(made.id)]["units"] == 40, "what is made stays owed work"
    assert await world.progress(made, 50) == 409, "a cancelled job takes no more progress"
    events = await world.placement_events(order_id)
    assert events.count("JobCancelled") == len(jobs)


def settled(order: dict[str, Any], status: str, lots: str | None) -> bool:
    """The order is in ``status`` and, given ``lots``, every lot is in that state."""
    return order["status"] == status and (
        lots is None or all(p["state"] == lots for p in order["placements"])
    )


def _lots(order: dict[str, Any]) -> dict[uuid.UUID, dict[str, Any]]:
    """The order's lots by offer id."""
    return {uuid.UUID(str(p["offer_id"])): p for p in order["placements"]}
