"""Events of the intake service.

Orders on ``intake.orders`` (keyed by order id); the catalogue on
``intake.categories`` (keyed by code).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.vocabulary import CategoryCode, Market
from shared.events import Payload, registry
from shared.kafka.topics import CATEGORIES, ORDERS


class SuppliedMaterial(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    item: str
    quantity: Decimal
    unit: str


@registry.contract("OrderSubmitted", 1, topic=ORDERS, key="order_id")
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


@registry.contract("OrderAmended", 1, topic=ORDERS, key="order_id")
class OrderAmended(Payload):
    """The new quantity and deadline (both given, changed or not)."""

    order_id: uuid.UUID
    quantity: int = Field(gt=0)
    deadline: date
    previous_quantity: int
    previous_deadline: date


@registry.contract("OrderCancelled", 1, topic=ORDERS, key="order_id")
class OrderCancelled(Payload):
    order_id: uuid.UUID
    reason: str


# v2 of an order's changes carry the order's own sequence number (1 for its
# submission, +1 for each change) so consumers rank them without trusting
# the producers' clocks. v1 is still accepted (ranked by occurred_at).


@registry.contract("OrderAmended", 2, topic=ORDERS, key="order_id")
class OrderAmendedV2(OrderAmended):
    sequence: int = Field(ge=1)


@registry.contract("OrderCancelled", 2, topic=ORDERS, key="order_id")
class OrderCancelledV2(OrderCancelled):
    sequence: int = Field(ge=1)


@registry.contract("CategoryDefined", 1, topic=CATEGORIES, key="code")
class CategoryDefined(Payload):
    """A product category in intake's catalogue; every service accepts every code defined."""

    code: CategoryCode
    name_en: str
    name_zh: str
    machinery: bool = False
