"""Request and response bodies of the matching API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from services.matching.domain.job import Job, JobStatus
from services.matching.domain.offer import Offer, OfferStatus
from shared.contracts.matching import Workforce
from shared.contracts.vocabulary import CategoryCode, County, ProviderMode
from shared.region.window import WindowDate, check_range

Text = Annotated[str, Field(min_length=1, max_length=200)]
Units = Annotated[int, Field(ge=0, le=1_000_000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Headcount = Annotated[int, Field(ge=0, le=100_000)]


class WorkforceIn(Strict):
    total: Headcount
    low_income: Headcount = 0
    reservoir_migrants: Headcount = 0
    relocated_farmers: Headcount = 0
    disabled: Headcount = 0


class ProviderCreate(Strict):
    id: uuid.UUID | None = None
    name: Text
    broker_name: Text
    contact: Text
    county: County
    township: Text
    village: Text
    mode: ProviderMode
    # Any code the catalogue defines (checked against it: 422 naming the known codes).
    categories: Annotated[dict[CategoryCode, Units], Field(min_length=1, max_length=100)]
    workforce: WorkforceIn
    auto_accept: bool = False

    @field_validator("workforce")
    @classmethod
    def _groups_within_total(cls, w: WorkforceIn, info: ValidationInfo) -> WorkforceIn:
        if any(
            g > w.total
            for g in (w.low_income, w.reservoir_migrants, w.relocated_farmers, w.disabled)
        ):
            raise ValueError("no group of workers can exceed the total")
        return w


class ProviderPublic(BaseModel):
    id: uuid.UUID
    name: str
    broker_name: str
    contact: str
    county: str
    township: str
    village: str
    mode: str
    categories: dict[str, int]
    workforce: Workforce
    auto_accept: bool
    delivered_jobs: int
    late_jobs: int


class ProviderCreated(ProviderPublic):
    secret: str  # shown once; trade it at POST /v1/token for a bearer token


class ProviderSecret(BaseModel):
    id: uuid.UUID
    secret: str


class ProviderUpdate(Strict):
    auto_accept: bool | None = None
    contact: Text | None = None


class CapacitySet(Strict):
    units_per_day: Units


class CalendarExceptionCreate(Strict):
    category: CategoryCode | None = None
    first_day: WindowDate
    last_day: WindowDate
    percent: Annotated[int | None, Field(ge=0, le=300)] = None
    units: Units | None = None
    reason: Annotated[str, Field(max_length=200)] = ""

    @field_validator("last_day")
    @classmethod
    def _ordered(cls, last: date, info: ValidationInfo) -> date:
        first = info.data.get("first_day")
        if first is not None:
            check_range(first, last, first_name="first_day", last_name="last_day")
        return last

    @model_validator(mode="after")
    def _one_kind(self) -> CalendarExceptionCreate:
        if (self.percent is None) == (self.units is None):
            raise ValueError("give exactly one of percent or units")
        return self


class CalendarExceptionPublic(BaseModel):
    id: uuid.UUID
    category: str | None
    first_day: date
    last_day: date
    percent: int | None
    units: int | None
    reason: str


class FreeDay(BaseModel):
    day: date
    capacity: int
    held: int
    booked: int
    free: int


class OfferPublic(BaseModel):
    id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    description: str  # what is to be made, as the office described it ("" before 0012)
    units: int
    schedule: dict[str, int]
    unit_fee_fen: int
    status: OfferStatus
    expires_at: datetime

    @classmethod
    def of(cls, offer: Offer, description: str = "") -> OfferPublic:
        return cls(
            id=offer.id,
            order_id=offer.order_id,
            provider_id=offer.provider_id,
            category=offer.category,
            description=description,
            units=offer.units,
            schedule=_days(offer.schedule),
            unit_fee_fen=offer.unit_fee_fen,
            status=offer.status,
            expires_at=offer.expires_at,
        )


class Decline(Strict):
    reason: Annotated[str, Field(max_length=500)] = ""


class DeliveryPublic(BaseModel):
    id: uuid.UUID
    good_units: int
    defective_units: int
    delivered_on: date
    late: bool
    over_tolerance: bool  # defective share above the order's defect tolerance


class JobPublic(BaseModel):
    id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    units: int
    units_done: int
    schedule: dict[str, int]
    deadline: date
    status: JobStatus
    # Sums over the deliveries so far (null before the first).
    good_units: int | None
    defective_units: int | None
    delivered_on: date | None  # the latest delivery
    late: bool | None  # a delivery came after the deadline
    units_delivered: int
    over_tolerance: bool  # a delivery was over the order's defect tolerance
    deliveries: list[DeliveryPublic]
    cancel_reason: str | None  # why a cancelled job ended
    units_kept: int | None  # a cancelled job's units already made: owed work
    description: str  # what is to be made, as the office described it

    @classmethod
    def of(cls, job: Job) -> JobPublic:
        return cls(
            id=job.id,
            order_id=job.order_id,
            provider_id=job.provider_id,
            category=job.category,
            units=job.units,
            units_done=job.units_done,
            schedule=_days(job.schedule),
            deadline=job.deadline,
            status=job.status,
            good_units=job.good_units,
            defective_units=job.defective_units,
            delivered_on=job.delivered_on,
            late=job.late,
            units_delivered=job.delivered_units,
            over_tolerance=job.over_tolerance,
            deliveries=[DeliveryPublic(**vars(d)) for d in job.deliveries],
            cancel_reason=job.cancel_reason,
            units_kept=job.units_kept,
            description=job.terms.description,
        )


class Progress(Strict):
    units_done: Units


class Delivery(Strict):
    """One shipment; several may follow until good + defective add up to the job's units."""

    good_units: Units
    defective_units: Units
    delivered_on: WindowDate | None = Field(
        default=None, description="the day of the delivery (Lishui date); today if not given"
    )


def _days(schedule: dict[date, int]) -> dict[str, int]:
    return {d.isoformat(): u for d, u in sorted(schedule.items())}


def _any_when_empty(value: object) -> object:
    """``?status=`` (empty) has always meant any status."""
    return None if value == "" else value


OfferStatusFilter = Annotated[OfferStatus | None, BeforeValidator(_any_when_empty)]
JobStatusFilter = Annotated[JobStatus | None, BeforeValidator(_any_when_empty)]
