"""Events the balancer domain records; the service layer writes them to its outbox.

The class name is the event name (TransferProposed, TransferAccepted, ...).
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class Event:
    @property
    def name(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class CapacityLoanOffered(Event):
    loan_id: UUID
    provider_id: UUID
    category: str
    start: date
    end: date
    units_per_day: int


@dataclass(frozen=True)
class CapacityLoanWithdrawn(Event):
    loan_id: UUID


@dataclass(frozen=True)
class TransferProposed(Event):
    transfer_id: UUID
    job_id: UUID
    from_provider: UUID
    to_provider: UUID
    units: int
    loan_id: UUID | None


@dataclass(frozen=True)
class TransferAccepted(Event):
    transfer_id: UUID


@dataclass(frozen=True)
class TransferDeclined(Event):
    transfer_id: UUID
    reason: str


@dataclass(frozen=True)
class TransferExpired(Event):
    transfer_id: UUID


@dataclass(frozen=True)
class TransferSplitRequested(Event):
    transfer_id: UUID
    job_id: UUID
    to_provider: UUID
    units: int
    attempt: int


@dataclass(frozen=True)
class TransferCompleted(Event):
    transfer_id: UUID


@dataclass(frozen=True)
class TransferFailed(Event):
    transfer_id: UUID
    reason: str
    retry_count: int


@dataclass(frozen=True)
class TransferCompensated(Event):
    transfer_id: UUID
    loan_id: UUID | None
