"""The offer aggregate: a lot of an order proposed to one provider, on hold until answered.

An offer is open until it is accepted (it becomes a job), declined, expired or
withdrawn; each move records the event that tells intake and the balancer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from services.matching.domain.errors import IllegalTransition, WorkRuleBroken
from services.matching.domain.job import Job, JobTerms
from shared.contracts import matching as m
from shared.events import Payload


class OfferStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass
class Offer:
    id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    schedule: dict[date, int]
    unit_fee_fen: int
    expires_at: datetime
    status: OfferStatus = OfferStatus.OPEN
    events: list[Payload] = field(default_factory=list, compare=False, repr=False)

    @property
    def units(self) -> int:
        return sum(self.schedule.values())

    @classmethod
    def make(
        cls,
        order_id: uuid.UUID,
        provider_id: uuid.UUID,
        category: str,
        schedule: dict[date, int],
        unit_fee_fen: int,
        expires_at: datetime,
    ) -> Offer:
        """A new open offer (its capacity already held) and its JobOffered."""
        offer = cls(
            uuid.uuid4(), order_id, provider_id, category, dict(schedule), unit_fee_fen, expires_at
        )
        offer.events.append(
            m.JobOffered(
                offer_id=offer.id,
                order_id=order_id,
                provider_id=provider_id,
                category=category,
                units=offer.units,
                start=min(schedule),
                end=max(schedule),
                unit_fee_fen=unit_fee_fen,
                expires_at=expires_at,
            )
        )
        return offer

    def accept(self, now: datetime, deadline: date, terms: JobTerms) -> Job:
        """The provider takes the lot: the offer becomes a job with the order's deadline."""
        self._answerable(now)
        self.status = OfferStatus.ACCEPTED
        job = Job(
            id=uuid.uuid4(),
            order_id=self.order_id,
            provider_id=self.provider_id,
            category=self.category,
            units=self.units,
            schedule=dict(self.schedule),
            deadline=deadline,
            terms=terms,
            offer_id=self.id,
        )
        self.events.append(
            m.OfferAccepted(
                offer_id=self.id,
                job_id=job.id,
                order_id=self.order_id,
                provider_id=self.provider_id,
                category=self.category,
                units=self.units,
                start=min(self.schedule),
                end=max(self.schedule),
                deadline=deadline,
            )
        )
        return job

    def decline(self, now: datetime, reason: str) -> None:
        self._answerable(now)
        self.status = OfferStatus.DECLINED
        self.events.append(
            m.OfferDeclined(
                offer_id=self.id,
                order_id=self.order_id,
                provider_id=self.provider_id,
                units=self.units,
                reason=reason,
            )
        )

    def expire(self, now: datetime) -> None:
        """Nobody answered in time; an offer not yet due cannot expire."""
        self._open()
        if now < self.expires_at:
            raise IllegalTransition(f"the offer is open until {self.expires_at.isoformat()}")
        self.status = OfferStatus.EXPIRED
        self.events.append(
            m.OfferExpired(
                offer_id=self.id,
                order_id=self.order_id,
                provider_id=self.provider_id,
                units=self.units,
            )
        )

    def withdraw(self, reason: str) -> None:
        """Matching takes the offer back (the order was amended or cancelled)."""
        self._open()
        self.status = OfferStatus.WITHDRAWN
        self.events.append(
            m.OfferWithdrawn(
                offer_id=self.id,
                order_id=self.order_id,
                provider_id=self.provider_id,
                units=self.units,
                reason=reason,
            )
        )

    def _open(self) -> None:
        if self.status is not OfferStatus.OPEN:
            raise IllegalTransition(f"the offer is already {self.status}")

    def _answerable(self, now: datetime) -> None:
        self._open()
        if now >= self.expires_at:
            raise WorkRuleBroken("the offer has expired")
