"""Events of the fulfilment service, on ``fulfilment.lots`` keyed by order id.

Keyed by order so an order's materials, inspections and rework are read in the
order they happened, with the rest of its story. A consignment that serves lots
of several orders is published once per order (same ``consignment_id``, that
order's lines).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shared.events import Payload, registry
from shared.kafka.topics import FULFILMENT


class Direction(StrEnum):
    OUT = "out"  # materials from the market to the lots
    BACK = "back"  # finished goods and returned materials to the market


class Decision(StrEnum):
    ACCEPT = "accept"
    ACCEPT_WITH_DEDUCTION = "accept_with_deduction"
    REJECT_FOR_REWORK = "reject_for_rework"


class ShippedLine(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    job_id: uuid.UUID
    item: str
    unit: str
    quantity: Decimal = Field(ge=0)


class CountedLine(ShippedLine):
    """What was sent (``quantity``) and what the broker counted; ``difference`` < 0 is a
    shortage, > 0 a surplus."""

    counted: Decimal = Field(ge=0)
    difference: Decimal


class ReconciledLine(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    item: str
    unit: str
    owed: Decimal
    received: Decimal
    consumed: Decimal
    returned: Decimal
    scrapped: Decimal
    held: Decimal
    allowed_use: Decimal  # standard use for the units made, plus the category's loss
    over_allowance: Decimal  # consumed + scrapped beyond allowed_use (0 when within)


@registry.contract("ConsignmentDispatched", 1, topic=FULFILMENT, key="order_id")
class ConsignmentDispatched(Payload):
    consignment_id: uuid.UUID
    order_id: uuid.UUID
    office_id: uuid.UUID
    direction: Direction
    carrier: str
    shipped_on: date
    lines: tuple[ShippedLine, ...]
    # finished units per lot (consignments back)
    units: dict[uuid.UUID, int] = Field(default_factory=dict)


@registry.contract("ConsignmentReceived", 1, topic=FULFILMENT, key="order_id")
class ConsignmentReceived(Payload):
    consignment_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    received_on: date
    lines: tuple[CountedLine, ...]
    discrepancy: bool  # a shortage or surplus on any line


@registry.contract("MaterialsReconciled", 1, topic=FULFILMENT, key="order_id")
class MaterialsReconciled(Payload):
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    units_made: int = Field(ge=0)
    loss_allowance_pct: Decimal
    lines: tuple[ReconciledLine, ...]
    over_allowance: bool  # any line used more than its allowance


@registry.contract("InspectionRecorded", 1, topic=FULFILMENT, key="order_id")
class InspectionRecorded(Payload):
    """The office inspected a lot's goods (or its rework).

    ``accepted_units`` are the good units paid for (inspected good units, not the
    broker's claim); ``lot_accepted``: the lot is done; ``order_accepted``: every live
    lot of the order fulfilment knows is done.
    """

    inspection_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    round: int = Field(ge=1)  # 1 the delivery, 2.. its rework
    inspected: int = Field(ge=0)
    defective: int = Field(ge=0)
    decision: Decision
    deduction_fen: int = Field(ge=0, default=0)
    reason: str = ""
    within_tolerance: bool
    # The lot's running total (a comment, not the docstring: that is the published
    # schema's description): a rework's inspection carries the earlier rounds' good
    # units too, 90 then 100 once 10 are reworked. Settlement takes the largest.
    accepted_units: int = Field(ge=0)
    rework_units: int = Field(ge=0)
    inspected_on: date
    late: bool = False  # the delivery (or rework) came after its due date
    lot_accepted: bool
    order_accepted: bool


@registry.contract("ReworkRequested", 1, topic=FULFILMENT, key="order_id")
class ReworkRequested(Payload):
    inspection_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    units: int = Field(gt=0)
    due: date
    reason: str
