"""Request and response bodies of the fulfilment API (separate from domain and events)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.fulfilment import Decision, Direction

Quantity = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=3)]
Item = Annotated[str, Field(min_length=1, max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LineOut(Strict):
    job_id: uuid.UUID
    item: Item
    quantity: Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=3)]


class ConsignmentCreate(Strict):
    """Materials shipped from the market to one or more of your orders' lots."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "lines": [
                        {
                            "job_id": "6f1c8a52-1d7e-4c38-9a55-0b1f2f4f6a10",
                            "item": "glass beads 4mm",
                            "quantity": "30",
                        }
                    ],
                    "carrier": "丽水顺达物流",
                    "shipped_on": "2027-03-01",
                }
            ]
        },
    )
    lines: Annotated[list[LineOut], Field(min_length=1, max_length=500)]
    carrier: Annotated[str, Field(min_length=1, max_length=200)]
    shipped_on: date


class CountIn(Strict):
    item: Item
    counted: Quantity


class ReceiptCreate(Strict):
    """The broker's count of its lot's lines (a line left out was not there: 0)."""

    job_id: uuid.UUID
    received_on: date
    lines: Annotated[list[CountIn], Field(max_length=200)]


class UsageIn(Strict):
    item: Item
    consumed: Quantity = Decimal(0)
    returned: Quantity = Decimal(0)
    scrapped: Quantity = Decimal(0)


class ReconciliationCreate(Strict):
    """What became of each material line at delivery."""

    lines: Annotated[list[UsageIn], Field(min_length=1, max_length=200)]


class ConsignmentBackCreate(Strict):
    """Finished units (and the returned materials reported) sent back to the market."""

    units: Annotated[int, Field(ge=0)]
    carrier: Annotated[str, Field(min_length=1, max_length=200)]
    shipped_on: date


class InspectionCreate(Strict):
    inspected: Annotated[int, Field(ge=1, le=10_000_000)]
    defective: Annotated[int, Field(ge=0, le=10_000_000)]
    decision: Decision
    reason: Annotated[str, Field(max_length=2000)] = ""
    deduction_fen: Annotated[int, Field(ge=0, le=10**12)] = 0
    rework_due: date | None = None
    inspected_on: date | None = None  # today (Lishui) when not given


class AccountPublic(BaseModel):
    item: str
    unit: str
    owed: Decimal
    received: Decimal
    consumed: Decimal
    returned: Decimal
    scrapped: Decimal
    held: Decimal
    shortfall: Decimal
    allowed_use: Decimal
    over_allowance: Decimal


class InspectionPublic(BaseModel):
    id: uuid.UUID
    round: int
    inspected: int
    defective: int
    decision: Decision
    deduction_fen: int
    reason: str
    within_tolerance: bool
    rework_units: int
    rework_due: date | None
    inspected_on: date
    late: bool


class CountedPublic(BaseModel):
    job_id: uuid.UUID
    item: str
    unit: str
    quantity: Decimal
    counted: Decimal | None
    difference: Decimal | None  # < 0 shortage, > 0 surplus; None until counted


class ConsignmentPublic(BaseModel):
    id: uuid.UUID
    office_id: uuid.UUID
    direction: Direction
    carrier: str
    shipped_on: date
    state: str
    lines: list[CountedPublic]
    units: dict[uuid.UUID, int]
    received_on: dict[uuid.UUID, date]


class LotPublic(BaseModel):
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    units: int
    due: date
    state: str
    accepted_units: int
    rework_units: int
    rework_due: date | None
    reconciled: bool
    loss_allowance_pct: Decimal
    over_allowance: bool
    materials: list[AccountPublic]
    inspections: list[InspectionPublic] = []
    consignments: list[ConsignmentPublic] = []


class ProposalPublic(BaseModel):
    market: str
    county: str
    ship_on: date
    job_ids: list[uuid.UUID]
    units: int
    separate_fen: int  # freight with one consignment per lot
    consolidated_fen: int
    saved_fen: int


class FigurePublic(BaseModel):
    # smoothed toward the market's rate (a Beta prior worth 2 lots); None while no lot in
    # the market has been inspected
    rate_pct: Decimal | None
    own_pct: Decimal | None  # the provider's own rate; None before its first inspected lot
    lots: int  # inspected lots the figure rests on


class ReliabilityPublic(BaseModel):
    provider_id: uuid.UUID
    on_time: FigurePublic
    quality: FigurePublic
