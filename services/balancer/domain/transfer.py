"""The transfer saga: moving units of a job to a lender, step by named step.

PROPOSED -> ACCEPTED (receiving factory) -> SPLIT_REQUESTED (to matching) ->
COMPLETED; or DECLINED / EXPIRED / FAILED (matching refused: the job
progressed or the capacity is gone), each ending in COMPENSATED once the
lender's reserved loan capacity is released. A failed split may be retried a
few times first. Any other step raises IllegalTransition.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from services.balancer.domain.errors import IllegalTransition
from services.balancer.domain.events import (
    Event,
    TransferAccepted,
    TransferCompensated,
    TransferCompleted,
    TransferDeclined,
    TransferExpired,
    TransferFailed,
    TransferProposed,
    TransferSplitRequested,
)
from services.balancer.domain.plan import PlannedTransfer

MAX_RETRIES = 3


class TransferState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    SPLIT_REQUESTED = "split_requested"
    COMPLETED = "completed"
    DECLINED = "declined"
    EXPIRED = "expired"
    FAILED = "failed"
    COMPENSATED = "compensated"


S = TransferState
NEXT: dict[TransferState, frozenset[TransferState]] = {
    S.PROPOSED: frozenset({S.ACCEPTED, S.DECLINED, S.EXPIRED}),
    S.ACCEPTED: frozenset({S.SPLIT_REQUESTED}),
    S.SPLIT_REQUESTED: frozenset({S.COMPLETED, S.FAILED}),
    S.FAILED: frozenset({S.SPLIT_REQUESTED, S.COMPENSATED}),
    S.DECLINED: frozenset({S.COMPENSATED}),
    S.EXPIRED: frozenset({S.COMPENSATED}),
    S.COMPLETED: frozenset(),
    S.COMPENSATED: frozenset(),
}


@dataclass
class Transfer:
    transfer_id: str
    plan: PlannedTransfer
    expires_at: datetime
    state: TransferState = S.PROPOSED
    retry_count: int = 0
    max_retries: int = MAX_RETRIES
    events: list[Event] = field(default_factory=list)

    @classmethod
    def propose(cls, transfer_id: str, plan: PlannedTransfer, expires_at: datetime) -> "Transfer":
        transfer = cls(transfer_id, plan, expires_at)
        p = plan
        transfer.events.append(
            TransferProposed(
                transfer_id, p.job_id, p.from_provider, p.to_provider, p.units, p.loan_id
            )
        )
        return transfer

    @property
    def schedule(self) -> dict[date, int]:
        return dict(self.plan.schedule)

    def accept(self) -> None:
        self._move(S.ACCEPTED, TransferAccepted(self.transfer_id))

    def decline(self, reason: str) -> None:
        self._move(S.DECLINED, TransferDeclined(self.transfer_id, reason))

    def expire(self, now: datetime) -> None:
        if now < self.expires_at:
            raise IllegalTransition(f"transfer {self.transfer_id} expires at {self.expires_at}")
        self._move(S.EXPIRED, TransferExpired(self.transfer_id))

    def request_split(self) -> None:
        self._move(S.SPLIT_REQUESTED, self._split_requested())

    def complete(self) -> None:
        self._move(S.COMPLETED, TransferCompleted(self.transfer_id))

    def fail(self, reason: str) -> None:
        self._move(S.FAILED, TransferFailed(self.transfer_id, reason, self.retry_count))

    def retry(self) -> None:
        """Asks matching again after a refusal, at most `max_retries` times."""
        if self.state is S.FAILED and self.retry_count >= self.max_retries:
            raise IllegalTransition(f"transfer {self.transfer_id} used all its retries")
        self._check(S.SPLIT_REQUESTED)
        self.retry_count += 1
        self._move(S.SPLIT_REQUESTED, self._split_requested())

    def compensate(self) -> None:
        self._move(S.COMPENSATED, TransferCompensated(self.transfer_id, self.plan.loan_id))

    @property
    def finished(self) -> bool:
        return not NEXT[self.state]

    def _split_requested(self) -> TransferSplitRequested:
        p = self.plan
        attempt = self.retry_count + 1
        return TransferSplitRequested(self.transfer_id, p.job_id, p.to_provider, p.units, attempt)

    def _check(self, target: TransferState) -> None:
        if target not in NEXT[self.state]:
            raise IllegalTransition(
                f"transfer {self.transfer_id}: {self.state.value} -> {target.value} not allowed"
            )

    def _move(self, target: TransferState, event: Event) -> None:
        self._check(target)
        self.state = target
        self.events.append(event)
