"""Events of the intake service, on topic ``intake.orders`` keyed by order id."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.vocabulary import CategoryCode, Market
from shared.events import Payload, registry


class SuppliedMaterial(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    item: str
    quantity: Decimal
    unit: str


@registry.contract("OrderSubmitted", 1)
class OrderSubmitted(Payload):
    order_id: uuid.UUID
    office_id: uuid.UUID
    client_id: uuid.UUID
    category: CategoryCode
    description: str
    quantity: int = Field(gt=0)
    unit_fee_fen: int = Field(gt=0)
    materials_ready: date
    deadline: date
    origin_market: Market
    splittable: bool
    min_lot: int = Field(gt=0)
    quality_requirements: str = ""
    defect_tolerance_pct: Decimal = Decimal("0")
    materials: tuple[SuppliedMaterial, ...] = ()


@registry.contract("OrderAmended", 1)
class OrderAmended(Payload):
    """The new quantity and deadline (both given, changed or not)."""

    order_id: uuid.UUID
    quantity: int = Field(gt=0)
    deadline: date
    previous_quantity: int
    previous_deadline: date


@registry.contract("OrderCancelled", 1)
class OrderCancelled(Payload):
    order_id: uuid.UUID
    reason: str
