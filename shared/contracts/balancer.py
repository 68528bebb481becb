"""Events of the seasonal load balancer.

Topics: ``balancer.seasons`` (keyed by season id), ``balancer.loans`` (keyed by
provider id) and ``balancer.transfers`` (keyed by job id).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.vocabulary import CategoryCode, County
from shared.events import Payload, registry
from shared.kafka.topics import LOANS, SEASONS, TRANSFERS


class SeasonFactor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    county: County
    village_group: str | None = None
    factor: float = Field(ge=0, le=2)


@registry.contract("SeasonDefined", 1, topic=SEASONS, key="season_id")
class SeasonDefined(Payload):
    season_id: uuid.UUID
    name: str
    start: date
    end: date
    factors: tuple[SeasonFactor, ...]


@registry.contract("CapacityLoanOffered", 1, topic=LOANS, key="provider_id")
class CapacityLoanOffered(Payload):
    loan_id: uuid.UUID
    provider_id: uuid.UUID
    category: CategoryCode
    start: date
    end: date
    units_per_day: int = Field(gt=0)


@registry.contract("CapacityLoanWithdrawn", 1, topic=LOANS, key="provider_id")
class CapacityLoanWithdrawn(Payload):
    loan_id: uuid.UUID
    provider_id: uuid.UUID


@registry.contract("JobAtRisk", 1, topic=TRANSFERS, key="job_id")
class JobAtRisk(Payload):
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    deadline: date
    projected_finish: date
    late_units: int


@registry.contract("TransferProposed", 1, topic=TRANSFERS, key="job_id")
class TransferProposed(Payload):
    transfer_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    from_provider_id: uuid.UUID
    to_provider_id: uuid.UUID
    units: int = Field(gt=0)
    expires_at: datetime


@registry.contract("TransferAccepted", 1, topic=TRANSFERS, key="job_id")
class TransferAccepted(Payload):
    transfer_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    from_provider_id: uuid.UUID
    to_provider_id: uuid.UUID
    units: int


@registry.contract("TransferAccepted", 2, topic=TRANSFERS, key="job_id")
class TransferAcceptedV2(TransferAccepted):
    """v1 plus the lender's days and units the transfer reserved: the split books exactly these."""

    days: dict[date, int]


@registry.contract("TransferDeclined", 1, topic=TRANSFERS, key="job_id")
class TransferDeclined(Payload):
    transfer_id: uuid.UUID
    job_id: uuid.UUID
    reason: str = ""


@registry.contract("TransferCompleted", 1, topic=TRANSFERS, key="job_id")
class TransferCompleted(Payload):
    transfer_id: uuid.UUID
    job_id: uuid.UUID
    new_job_id: uuid.UUID
    order_id: uuid.UUID
    units: int


@registry.contract("TransferFailed", 1, topic=TRANSFERS, key="job_id")
class TransferFailed(Payload):
    transfer_id: uuid.UUID
    job_id: uuid.UUID
    reason: str
    will_retry: bool


@registry.contract("TransferExpired", 1, topic=TRANSFERS, key="job_id")
class TransferExpired(Payload):
    """A proposal nobody answered before ``expires_at``; the lender's reservation is released."""

    transfer_id: uuid.UUID
    job_id: uuid.UUID
    expired_at: datetime
