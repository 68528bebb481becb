"""The job aggregate: an accepted lot a provider makes and delivers.

ACCEPTED -> IN_PRODUCTION (progress) -> PARTLY_DELIVERED (a short delivery) ->
DELIVERED (good + defective across deliveries = the job's units). Any of the
first three may be split (units move to a lender) or CANCELLED with its order:
units already made are kept as owed work, the rest is released. A split that moves
every unit left ends the job MOVED: nothing is left to make or deliver here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from services.matching.domain.errors import IllegalTransition, InvalidWork, WorkRuleBroken
from shared.contracts import matching as m
from shared.events import Payload
from shared.region.counties import County
from shared.region.distances import transit_days
from shared.region.markets import Market

Schedule = dict[date, int]

# Why a job emptied by a split refuses progress, deliveries and further splits (409).
UNITS_MOVED = "the job's units were moved to another enterprise (split by a transfer)"


class JobStatus(StrEnum):
    ACCEPTED = "accepted"
    IN_PRODUCTION = "in_production"
    PARTLY_DELIVERED = "partly_delivered"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    MOVED = "moved"


ACTIVE = frozenset({JobStatus.ACCEPTED, JobStatus.IN_PRODUCTION, JobStatus.PARTLY_DELIVERED})


class SplitOutcome(StrEnum):
    """How matching answered a transfer (kept so a redelivered request is answered once)."""

    SPLIT = "split"
    REFUSED = "refused"


@dataclass(frozen=True)
class JobTerms:
    """What the order says about every job of it."""

    materials_ready: date
    origin_market: Market
    defect_tolerance_pct: Decimal = Decimal("0")
    description: str = ""  # what is to be made, as the office described it

    def first_day_at(self, county: County, today: date) -> date:
        """The first day a provider in ``county`` can work: the materials have reached it
        (ready at the market, then on the road) and the day has not passed."""
        return max(
            today, self.materials_ready + timedelta(days=transit_days(county, self.origin_market))
        )


@dataclass(frozen=True)
class Delivery:
    id: uuid.UUID
    good_units: int
    defective_units: int
    delivered_on: date
    late: bool
    over_tolerance: bool

    @property
    def units(self) -> int:
        return self.good_units + self.defective_units


@dataclass
class Job:
    id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    units: int
    schedule: Schedule
    deadline: date
    terms: JobTerms
    offer_id: uuid.UUID | None = None
    status: JobStatus = JobStatus.ACCEPTED
    units_done: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    cancel_reason: str | None = None
    units_kept: int | None = None
    events: list[Payload] = field(default_factory=list, compare=False, repr=False)
    # Deliveries made since the job was loaded, for the repository to store.
    new_deliveries: list[Delivery] = field(default_factory=list, compare=False, repr=False)

    @property
    def delivered_units(self) -> int:
        return sum(d.units for d in self.deliveries)

    @property
    def good_units(self) -> int | None:
        return sum(d.good_units for d in self.deliveries) if self.deliveries else None

    @property
    def defective_units(self) -> int | None:
        return sum(d.defective_units for d in self.deliveries) if self.deliveries else None

    @property
    def delivered_on(self) -> date | None:
        return max(d.delivered_on for d in self.deliveries) if self.deliveries else None

    @property
    def late(self) -> bool | None:
        return any(d.late for d in self.deliveries) if self.deliveries else None

    @property
    def over_tolerance(self) -> bool:
        return any(d.over_tolerance for d in self.deliveries)

    @property
    def units_made(self) -> int:
        """Units at least made: reported done, or already delivered."""
        return max(self.units_done, self.delivered_units)

    def progress(self, done: int, reported_on: date) -> None:
        """Units done so far (cumulative, never backwards)."""
        self._active()
        if not self.units_made <= done <= self.units:
            raise InvalidWork(
                "units_done", f"units done must be between {self.units_made} and {self.units}"
            )
        self.units_done = done
        if self.status is JobStatus.ACCEPTED:
            self.status = JobStatus.IN_PRODUCTION
        self.events.append(
            m.JobProgressReported(
                job_id=self.id,
                order_id=self.order_id,
                provider_id=self.provider_id,
                units_done=done,
                units_total=self.units,
                reported_on=reported_on,
            )
        )

    def deliver(self, good: int, defective: int, on: date, today: date) -> Delivery:
        """One shipment at the market; the job is delivered once its units are accounted for."""
        self._active()
        _check_delivery(self, good + defective, on, today)
        delivery = Delivery(
            id=uuid.uuid4(),
            good_units=good,
            defective_units=defective,
            delivered_on=on,
            late=on > self.deadline,
            over_tolerance=defective * 100 > self.terms.defect_tolerance_pct * (good + defective),
        )
        self.deliveries.append(delivery)
        self.new_deliveries.append(delivery)
        self.units_done = self.units_made
        final = self.delivered_units == self.units
        self.status = JobStatus.DELIVERED if final else JobStatus.PARTLY_DELIVERED
        self.events.append(self._delivered(delivery, final))
        return delivery

    def cancel(self, reason: str) -> Schedule:
        """The order was cancelled: keep what is made (owed work), release the rest.

        Returns the booked days and units given back to the provider's capacity."""
        self._active()
        kept = self.units_made
        released = take_from_end(self.schedule, self.units - kept)
        self.status, self.cancel_reason, self.units_kept = JobStatus.CANCELLED, reason, kept
        self.events.append(
            m.JobCancelled(
                job_id=self.id,
                order_id=self.order_id,
                provider_id=self.provider_id,
                units_kept=kept,
                units_released=self.units - kept,
                reason=reason,
            )
        )
        return released

    def follow_deadline(self, deadline: date) -> bool:
        """The order's deadline was amended: a live job is judged against the new one
        (later deliveries count late against it). A finished job keeps the deadline it
        ended under. Returns whether the job changed."""
        if self.status not in ACTIVE or deadline == self.deadline:
            return False
        self.deadline = deadline
        return True

    def split_refusal(self, units: int, lender_makes_it: bool) -> str | None:
        """Why ``units`` of this job cannot move to the lender, or None."""
        if self.status is JobStatus.CANCELLED:
            return f"the job was cancelled: {self.cancel_reason}"
        if self.status is JobStatus.MOVED:
            return UNITS_MOVED
        if self.status not in ACTIVE:
            return f"the job is {self.status}"
        if self.units - self.units_made < units:
            return f"only {self.units - self.units_made} units are left to make"
        if not lender_makes_it:
            return "the lender does not make this category"
        return None

    def split(
        self, transfer_id: uuid.UUID, lender_id: uuid.UUID, lender_days: Schedule
    ) -> tuple[Job, Schedule]:
        """Move ``sum(lender_days)`` units to a new job on the lender's days.

        Returns the new job and the days and units given back by this one (its last)."""
        units = sum(lender_days.values())
        refusal = self.split_refusal(units, lender_makes_it=True)
        if refusal is not None:
            raise WorkRuleBroken(refusal)
        given_back = take_from_end(self.schedule, units)
        self.units -= units
        if self.units == 0:  # all of it moved: an empty job could never be delivered
            self.status = JobStatus.MOVED
        moved = Job(
            id=uuid.uuid4(),
            order_id=self.order_id,
            provider_id=lender_id,
            category=self.category,
            units=units,
            schedule=dict(lender_days),
            deadline=self.deadline,
            terms=self.terms,
        )
        self.events.append(
            m.JobSplit(
                transfer_id=transfer_id,
                job_id=self.id,
                new_job_id=moved.id,
                order_id=self.order_id,
                from_provider_id=self.provider_id,
                to_provider_id=lender_id,
                units=units,
            )
        )
        return moved, given_back

    def _active(self) -> None:
        if self.status is JobStatus.CANCELLED:
            raise IllegalTransition(f"the job was cancelled: {self.cancel_reason}")
        if self.status is JobStatus.MOVED:
            raise IllegalTransition(UNITS_MOVED)
        if self.status not in ACTIVE:
            raise IllegalTransition(f"the job is {self.status}")

    def _delivered(self, d: Delivery, final: bool) -> m.JobDeliveredV2:
        return m.JobDeliveredV2(
            job_id=self.id,
            order_id=self.order_id,
            provider_id=self.provider_id,
            good_units=d.good_units,
            defective_units=d.defective_units,
            delivered_on=d.delivered_on,
            late=d.late,
            delivery_id=d.id,
            final=final,
            over_tolerance=d.over_tolerance,
            total_good_units=self.good_units or 0,
            total_defective_units=self.defective_units or 0,
            units_total=self.units,
        )


def _check_delivery(job: Job, units: int, on: date, today: date) -> None:
    left = job.units - job.delivered_units
    if units <= 0:
        raise InvalidWork("good_units", "a delivery must carry at least one unit")
    if units > left:
        raise InvalidWork(
            "good_units",
            f"good + defective is {units}, more than the {left} units of this job "
            f"not yet delivered (of {job.units})",
        )
    if on > today:
        raise InvalidWork("delivered_on", f"{on} is in the future (today is {today})")
    if on < job.terms.materials_ready:
        raise InvalidWork(
            "delivered_on",
            f"{on} is before the order's materials were ready ({job.terms.materials_ready})",
        )


def reserved_days_refusal(days: Schedule, units: int, not_before: date) -> str | None:
    """Why a transfer's reserved lender days cannot be booked as they are, or None."""
    if any(u <= 0 for u in days.values()):
        return "a reserved day holds no units"
    if sum(days.values()) != units:
        return f"the reserved days hold {sum(days.values())} units, not the {units} transferred"
    early = [d for d in days if d < not_before]
    if early:
        return f"{min(early)} is before the materials can reach the lender ({not_before})"
    return None


def earliest_days(free: Schedule, units: int) -> Schedule | None:
    """``units`` on the earliest free days, or None when they do not add up."""
    plan: Schedule = {}
    for day in sorted(free):
        take = min(free[day], units - sum(plan.values()))
        if take > 0:
            plan[day] = take
    return plan if sum(plan.values()) == units else None


def take_from_end(schedule: Schedule, units: int) -> Schedule:
    """Remove units from the schedule's last days (mutates ``schedule``); returns them."""
    removed: Schedule = {}
    for day in sorted(schedule, reverse=True):
        take = min(schedule[day], units - sum(removed.values()))
        if take > 0:
            removed[day] = take
            schedule[day] -= take
            if schedule[day] == 0:
                del schedule[day]
    return removed
