"""Events the balancer domain records; the service layer writes them to its outbox.

The class name is the event name (TransferProposed, TransferAccepted, ...).
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Event:
    @property
    def name(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class CapacityLoanOffered(Event):
    loan_id: str
    provider_id: str
    category: str
    start: date
    end: date
    units_per_day: int


@dataclass(frozen=True)
class CapacityLoanWithdrawn(Event):
    loan_id: str


@dataclass(frozen=True)
class TransferProposed(Event):
    transfer_id: str
    job_id: str
    from_provider: str
    to_provider: str
    units: int
    loan_id: str | None


@dataclass(frozen=True)
class TransferAccepted(Event):
    transfer_id: str


@dataclass(frozen=True)
class TransferDeclined(Event):
    transfer_id: str
    reason: str


@dataclass(frozen=True)
class TransferExpired(Event):
    transfer_id: str


@dataclass(frozen=True)
class TransferSplitRequested(Event):
    transfer_id: str
    job_id: str
    to_provider: str
    units: int
    attempt: int


@dataclass(frozen=True)
class TransferCompleted(Event):
    transfer_id: str


@dataclass(frozen=True)
class TransferFailed(Event):
    transfer_id: str
    reason: str
    retry_count: int


@dataclass(frozen=True)
class TransferCompensated(Event):
    transfer_id: str
    loan_id: str | None
