"""Request and response bodies of the intake API (separate from domain and events)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from shared.contracts.vocabulary import County, Market
from shared.region.window import WindowDate
from shared.service.input_messages import explained

Text = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MaterialIn(Strict):
    item: Text
    quantity: Annotated[
        Decimal,
        Field(gt=0, max_digits=12, decimal_places=3),
        explained("material quantity must be a positive number with at most 3 decimals, like 60"),
    ]
    unit: Annotated[str, Field(min_length=1, max_length=20)]


class OrderCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "client_id": "6f1c8a52-3f57-4a5e-9a43-1f3a1f0b9a10",
                    "category": "bead_work",
                    "description": "Beaded hair clips, model YW-2231, two colours",
                    "quantity": 12000,
                    "unit_fee_cny": "0.35",
                    "materials_ready": "2027-03-01",
                    "deadline": "2027-03-20",
                    "origin_market": "yiwu",
                    "splittable": True,
                    "min_lot": 2000,
                    "quality_requirements": "No loose beads; colours as sample",
                    "defect_tolerance_pct": "1.5",
                    "materials": [{"item": "glass beads 4mm", "quantity": "60", "unit": "kg"}],
                }
            ]
        },
    )

    client_id: uuid.UUID
    category: Annotated[str, Field(min_length=2, max_length=40)]
    description: Annotated[str, Field(min_length=1, max_length=2000)]
    quantity: Annotated[int, Field(gt=0, le=10_000_000)]
    unit_fee_cny: Annotated[
        Decimal,
        Field(gt=0, max_digits=10, decimal_places=2),
        explained("unit fee must be a positive amount of yuan with at most 2 decimals, like 0.35"),
    ]
    materials_ready: WindowDate
    deadline: WindowDate
    origin_market: Market
    splittable: bool = True
    min_lot: Annotated[int, Field(gt=0, le=10_000_000)] = 1
    quality_requirements: LongText = ""
    defect_tolerance_pct: Annotated[
        Decimal,
        Field(ge=0, le=100, decimal_places=2),
        explained("defect tolerance must be a percentage from 0 to 100, like 1.5"),
    ] = Decimal(0)
    materials: Annotated[list[MaterialIn], Field(max_length=50)] = []

    @field_validator("deadline")
    @classmethod
    def _after_materials(cls, deadline: date, info: ValidationInfo) -> date:
        ready = info.data.get("materials_ready")
        if ready is not None and deadline <= ready:
            raise ValueError("deadline must be after the materials-ready date")
        return deadline

    @property
    def unit_fee_fen(self) -> int:
        return int(self.unit_fee_cny * 100)


class OrderAmend(Strict):
    quantity: Annotated[int | None, Field(gt=0, le=10_000_000)] = None
    deadline: WindowDate | None = None


class OrderCancel(Strict):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class PlacementPublic(BaseModel):
    offer_id: uuid.UUID
    provider_id: uuid.UUID
    job_id: uuid.UUID | None
    units: int
    state: str
    units_done: int
    good_units: int
    defective_units: int
    over_tolerance: bool = False  # a delivery had more defects than the order tolerates


class HistoryPublic(BaseModel):
    at: datetime
    from_status: str | None
    to_status: str
    reason: str
    cause_event_id: uuid.UUID | None
    cause_type: str | None


class OrderSummary(BaseModel):
    id: uuid.UUID
    office_id: uuid.UUID
    client_id: uuid.UUID
    category: str
    quantity: int
    unit_fee_cny: Decimal
    materials_ready: date
    deadline: date
    origin_market: str
    status: str
    created_at: datetime


class OrderPublic(OrderSummary):
    description: str
    splittable: bool
    min_lot: int
    quality_requirements: str
    defect_tolerance_pct: Decimal
    materials: list[MaterialIn]
    placed_units: int
    placements: list[PlacementPublic]
    history: list[HistoryPublic]


class OrderPage(BaseModel):
    items: list[OrderSummary]
    next_cursor: str | None


# A phone number or a WeChat id, what an SMS or WeChat gateway sends to; "" for none.
Contact = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class OfficeCreate(Strict):
    id: uuid.UUID | None = None
    name: Text
    county: County
    market: Market
    contact: Contact = ""


class OfficeUpdate(Strict):
    contact: Contact


class OfficePublic(BaseModel):
    id: uuid.UUID
    name: str
    county: str
    market: str
    contact: str


class OfficeSecret(BaseModel):
    """Shown once: only its hash is kept. Trade it at POST /v1/token for a bearer token."""

    id: uuid.UUID
    secret: str


class OfficeCreated(OfficePublic):
    secret: str


class ClientCreate(Strict):
    name: Text
    contact: Text
    home_market: Market


class ClientPublic(BaseModel):
    id: uuid.UUID
    office_id: uuid.UUID
    name: str
    contact: str
    home_market: str


class CategoryCreate(Strict):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z_]{1,39}$")]
    name_en: Text
    name_zh: Text
    machinery: bool = Field(
        default=False, description="machinery work (e.g. welding_assembly), as the awards count it"
    )


class CategoryPublic(BaseModel):
    code: str
    name_en: str
    name_zh: str
    machinery: bool = False
