"""The transfer saga: moving units of a job to a lender, step by named step.

PROPOSED -> ACCEPTED (receiving factory) -> SPLIT_REQUESTED (to matching) ->
COMPLETED; or DECLINED / EXPIRED / FAILED (matching refused: the job
progressed or the capacity is gone), each ending in COMPENSATED once the
lender's reserved loan capacity is released. A proposal whose job ended before
anyone answered (cancelled or delivered) is withdrawn: it expires early. A failed
split may be retried a few times first. Any other step raises IllegalTransition.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

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
from services.balancer.domain.rebalance.plan import PlannedTransfer

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
STEPS: dict[str, tuple[frozenset[TransferState], TransferState]] = {
    "accept": (frozenset({S.PROPOSED}), S.ACCEPTED),
    "decline": (frozenset({S.PROPOSED}), S.DECLINED),
    "expire": (frozenset({S.PROPOSED}), S.EXPIRED),
    "withdraw": (frozenset({S.PROPOSED}), S.EXPIRED),  # its job ended first
    "request_split": (frozenset({S.ACCEPTED}), S.SPLIT_REQUESTED),
    "complete": (frozenset({S.SPLIT_REQUESTED}), S.COMPLETED),
    "fail": (frozenset({S.SPLIT_REQUESTED}), S.FAILED),
    "retry": (frozenset({S.FAILED}), S.SPLIT_REQUESTED),
    "compensate": (frozenset({S.DECLINED, S.EXPIRED, S.FAILED}), S.COMPENSATED),
}
FINAL = frozenset({S.COMPLETED, S.COMPENSATED})
# A transfer in flight: its units are on their way and its loan days are held.
OPEN = frozenset({S.PROPOSED, S.ACCEPTED, S.SPLIT_REQUESTED})


EXPIRED_REASON = "no answer before expiry"


@dataclass
class Transfer:
    """The saga's aggregate. `outcome` keeps how it ended (declined, expired, failed or
    completed) after compensation; `attempt` counts the proposals made for its job so far."""

    transfer_id: UUID
    plan: PlannedTransfer
    expires_at: datetime
    state: TransferState = S.PROPOSED
    retry_count: int = 0
    max_retries: int = MAX_RETRIES
    events: list[Event] = field(default_factory=list)
    order_id: UUID | None = None
    attempt: int = 1
    outcome: TransferState | None = None
    reason: str | None = None
    new_job_id: UUID | None = None

    @classmethod
    def propose(
        cls,
        transfer_id: UUID,
        plan: PlannedTransfer,
        expires_at: datetime,
        order_id: UUID | None = None,
        attempt: int = 1,
    ) -> "Transfer":
        transfer = cls(transfer_id, plan, expires_at, order_id=order_id, attempt=attempt)
        transfer.events.append(
            TransferProposed(
                transfer_id,
                plan.job_id,
                plan.from_provider,
                plan.to_provider,
                plan.units,
                plan.loan_id,
            )
        )
        return transfer

    @property
    def schedule(self) -> dict[date, int]:
        return dict(self.plan.schedule)

    @property
    def finished(self) -> bool:
        return self.state in FINAL

    def accept(self) -> None:
        self._step("accept", TransferAccepted(self.transfer_id))

    def decline(self, reason: str) -> None:
        self._step("decline", TransferDeclined(self.transfer_id, reason))
        self._ended(reason)

    def expire(self, now: datetime) -> None:
        self._check("expire")
        if now < self.expires_at:
            raise IllegalTransition(f"transfer {self.transfer_id} expires at {self.expires_at}")
        self._step("expire", TransferExpired(self.transfer_id))
        self._ended(EXPIRED_REASON)

    def withdraw(self, reason: str) -> None:
        """The job ended (cancelled, delivered) before the receiver answered: the proposal
        expires now, whatever its expiry; once accepted, matching answers the split instead."""
        self._step("withdraw", TransferExpired(self.transfer_id))
        self._ended(reason)

    def request_split(self) -> None:
        self._step("request_split", self._split_requested())

    def complete(self, new_job_id: UUID | None = None) -> None:
        """Matching split the job; the loan stays reserved (its units are the new job's)."""
        self._step("complete", TransferCompleted(self.transfer_id))
        self.outcome, self.new_job_id = self.state, new_job_id

    def fail(self, reason: str) -> None:
        self._step("fail", TransferFailed(self.transfer_id, reason, self.retry_count))
        self._ended(reason)

    def retry(self) -> None:
        """Asks matching again after a refusal, at most `max_retries` times."""
        self._check("retry")
        if self.retry_count >= self.max_retries:
            raise IllegalTransition(f"transfer {self.transfer_id} used all its retries")
        self.retry_count += 1
        self._step("retry", self._split_requested())

    def compensate(self) -> None:
        self._step("compensate", TransferCompensated(self.transfer_id, self.plan.loan_id))

    def _split_requested(self) -> TransferSplitRequested:
        p = self.plan
        attempt = self.retry_count + 1
        return TransferSplitRequested(self.transfer_id, p.job_id, p.to_provider, p.units, attempt)

    def _ended(self, reason: str) -> None:
        self.outcome, self.reason = self.state, reason

    def _check(self, step: str) -> None:
        allowed_from, _ = STEPS[step]
        if self.state not in allowed_from:
            raise IllegalTransition(f"transfer {self.transfer_id}: no {step} when {self.state}")

    def _step(self, step: str, event: Event) -> None:
        self._check(step)
        self.state = STEPS[step][1]
        self.events.append(event)
