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
    DELIVERED = "delivered"
    MOVED = "moved"  # every unit went to another provider through the balancer


ACTIVE = frozenset({LotState.ACCEPTED, LotState.IN_PRODUCTION, LotState.DELIVERED})


@dataclass
class Placement:
    offer_id: uuid.UUID
    provider_id: uuid.UUID
    units: int
    state: LotState
    job_id: uuid.UUID | None = None
    units_done: int = 0
    good_units: int = 0
    defective_units: int = 0

    @property
    def holds_units(self) -> bool:
        return self.state in ACTIVE and self.units > 0
