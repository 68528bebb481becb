"""Which providers hold which lots of an order, as matching reports it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum


class LotState(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    IN_PRODUCTION = "in_production"
    PARTLY_DELIVERED = "partly_delivered"  # some deliveries in, units still to come
    DELIVERED = "delivered"
    MOVED = "moved"  # every unit went to another provider through the balancer
    CANCELLED = "cancelled"  # ended with its order; ``units`` are the ones made (owed work)


ACTIVE = frozenset(
    {LotState.ACCEPTED, LotState.IN_PRODUCTION, LotState.PARTLY_DELIVERED, LotState.DELIVERED}
)


@dataclass
class Placement:
    offer_id: uuid.UUID
    provider_id: uuid.UUID
    units: int
    state: LotState
    job_id: uuid.UUID | None = None
    units_done: int = 0
    good_units: int = 0
    defective_units: int = 0  # good and defective: the sums over the lot's deliveries
    over_tolerance: bool = False  # a delivery had more defects than the order tolerates

    @property
    def holds_units(self) -> bool:
        return self.state in ACTIVE and self.units > 0
