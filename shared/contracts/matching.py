"""Events of the matching service.

Topics: ``matching.providers`` (keyed by provider id) and
``matching.placements`` (offers and jobs, keyed by order id so that an order's
story is read in the order it happened).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.vocabulary import CategoryCode, County, ProviderMode
from shared.events import Payload, registry
from shared.kafka.topics import PLACEMENTS, PROVIDERS


class Workforce(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    total: int = Field(ge=0)
    low_income: int = Field(ge=0, default=0)
    reservoir_migrants: int = Field(ge=0, default=0)
    relocated_farmers: int = Field(ge=0, default=0)
    disabled: int = Field(ge=0, default=0)


@registry.contract("ProviderRegistered", 1, topic=PROVIDERS, key="provider_id")
class ProviderRegistered(Payload):
    provider_id: uuid.UUID
    name: str
    county: County
    township: str
    village: str
    mode: ProviderMode
    categories: dict[CategoryCode, int]  # base units per day
    workforce: Workforce
    auto_accept: bool


@registry.contract("CapacityChanged", 1, topic=PROVIDERS, key="provider_id")
class CapacityChanged(Payload):
    provider_id: uuid.UUID
    category: CategoryCode
    units_per_day: int = Field(ge=0)


@registry.contract("CalendarChanged", 1, topic=PROVIDERS, key="provider_id")
class CalendarChanged(Payload):
    """A date-range exception: either a factor of base capacity or absolute units."""

    provider_id: uuid.UUID
    exception_id: uuid.UUID
    category: CategoryCode | None  # None: every category
    start: date
    end: date
    factor: float | None = None
    units_per_day: int | None = None
    reason: str = ""
    removed: bool = False


@registry.contract("JobOffered", 1, topic=PLACEMENTS, key="order_id")
class JobOffered(Payload):
    offer_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: CategoryCode
    units: int = Field(gt=0)
    start: date
    end: date
    unit_fee_fen: int
    expires_at: datetime


@registry.contract("OfferAccepted", 1, topic=PLACEMENTS, key="order_id")
class OfferAccepted(Payload):
    offer_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: CategoryCode
    units: int
    start: date
    end: date
    deadline: date


@registry.contract("OfferDeclined", 1, topic=PLACEMENTS, key="order_id")
class OfferDeclined(Payload):
    offer_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    units: int
    reason: str = ""


@registry.contract("OfferExpired", 1, topic=PLACEMENTS, key="order_id")
class OfferExpired(Payload):
    offer_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    units: int


@registry.contract("OfferWithdrawn", 1, topic=PLACEMENTS, key="order_id")
class OfferWithdrawn(Payload):
    """Matching took an open offer back: the order was amended or cancelled."""

    offer_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    units: int
    reason: str


@registry.contract("OrderUnmatched", 1, topic=PLACEMENTS, key="order_id")
class OrderUnmatched(Payload):
    order_id: uuid.UUID
    shortfall_units: int = Field(gt=0)
    reason: str


@registry.contract("JobProgressReported", 1, topic=PLACEMENTS, key="order_id")
class JobProgressReported(Payload):
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    units_done: int = Field(ge=0)
    units_total: int
    reported_on: date


@registry.contract("JobDelivered", 1, topic=PLACEMENTS, key="order_id")
class JobDelivered(Payload):
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    good_units: int = Field(ge=0)
    defective_units: int = Field(ge=0)
    delivered_on: date
    late: bool


@registry.contract("JobDelivered", 2, topic=PLACEMENTS, key="order_id")
class JobDeliveredV2(JobDelivered):
    """One of possibly several deliveries of a job (v1 was one delivery of the whole job).

    The v1 fields describe THIS delivery (``good_units``, ``defective_units``,
    ``delivered_on``, ``late``: delivered after the job's deadline). Added:
    ``delivery_id``; ``final``: the job's units are now all accounted for (good +
    defective across its deliveries = ``units_total``), else the job stays open,
    partly delivered; ``over_tolerance``: this delivery's defective share exceeds
    the order's ``defect_tolerance_pct``; ``total_good_units`` and
    ``total_defective_units``: the job's deliveries so far, this one included.
    """

    delivery_id: uuid.UUID
    final: bool
    over_tolerance: bool
    total_good_units: int = Field(ge=0)
    total_defective_units: int = Field(ge=0)
    units_total: int = Field(ge=0)


@registry.contract("JobSplit", 1, topic=PLACEMENTS, key="order_id")
class JobSplit(Payload):
    """Units of a job moved to another provider on the balancer's request."""

    transfer_id: uuid.UUID
    job_id: uuid.UUID
    new_job_id: uuid.UUID
    order_id: uuid.UUID
    from_provider_id: uuid.UUID
    to_provider_id: uuid.UUID
    units: int = Field(gt=0)


# v1 carried no order id; it is still decoded but no longer published.
@registry.contract("JobSplitRefused", 1, topic=PLACEMENTS, key="job_id")
class JobSplitRefused(Payload):
    transfer_id: uuid.UUID
    job_id: uuid.UUID
    reason: str


@registry.contract("JobSplitRefused", 2, topic=PLACEMENTS, key="order_id")
class JobSplitRefusedV2(JobSplitRefused):
    """v1 plus the order, so the refusal is keyed (and read in order) with its order's story."""

    order_id: uuid.UUID


@registry.contract("JobCancelled", 1, topic=PLACEMENTS, key="order_id")
class JobCancelled(Payload):
    """An accepted job ended because its order was cancelled.

    ``units_kept`` were already made (reported done): owed work the client pays
    for; ``units_released`` go back to the broker's free capacity.
    """

    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    units_kept: int = Field(ge=0)
    units_released: int = Field(ge=0)
    reason: str
