"""Request and response bodies of the balancer API (separate from domain and events)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from shared.contracts.vocabulary import CategoryCode, County
from shared.region.window import WindowDate, check_range


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _not_before_start(end: date, info: ValidationInfo) -> date:
    start = info.data.get("start")
    if start is not None:
        check_range(start, end, first_name="start", last_name="end")
    return end


class SeasonFactorIn(Strict):
    county: County
    village_group: Annotated[
        str | None, Field(max_length=500, description="Comma-separated villages; none: county")
    ] = None
    factor: Annotated[Decimal, Field(ge=0, le=2, max_digits=4, decimal_places=3)]


class SeasonCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "tea_picking_2027",
                    "start": "2027-04-01",
                    "end": "2027-04-20",
                    "factors": [{"county": "jinyun", "factor": "0.6"}],
                }
            ]
        },
    )
    name: Annotated[str, Field(min_length=1, max_length=100)]
    start: WindowDate
    end: WindowDate
    factors: Annotated[list[SeasonFactorIn], Field(min_length=1, max_length=100)]

    _end = field_validator("end")(_not_before_start)

    @field_validator("factors")
    @classmethod
    def _one_factor_per_place(cls, factors: list[SeasonFactorIn]) -> list[SeasonFactorIn]:
        places = [(f.county, (f.village_group or "").strip()) for f in factors]
        if len(set(places)) != len(places):
            raise ValueError("each county (or village group) may appear once")
        return factors


class SeasonPublic(BaseModel):
    id: uuid.UUID
    name: str
    start: date
    end: date
    factors: list[SeasonFactorIn]
    created_at: datetime


class LoanCreate(Strict):
    category: CategoryCode
    start: WindowDate
    end: WindowDate
    units_per_day: Annotated[int, Field(gt=0, le=1_000_000)]

    _end = field_validator("end")(_not_before_start)


class ReservationPublic(BaseModel):
    transfer_id: uuid.UUID
    units: int


class LoanPublic(BaseModel):
    id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    start: date
    end: date
    units_per_day: int
    state: str
    reservations: list[ReservationPublic]


class OptInCreate(Strict):
    category: CategoryCode
    start: WindowDate
    end: WindowDate

    _end = field_validator("end")(_not_before_start)


class OptInPublic(BaseModel):
    id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    start: date
    end: date
    active: bool


class TransferDecline(Strict):
    reason: Annotated[str, Field(max_length=500)] = ""


class ScheduleDay(BaseModel):
    day: date
    units: int


class TransferPublic(BaseModel):
    id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    from_provider_id: uuid.UUID
    to_provider_id: uuid.UUID
    category: str
    loan_id: uuid.UUID | None
    units: int
    schedule: list[ScheduleDay]
    transport_cost_fen: int
    state: str
    outcome: str | None
    reason: str | None
    attempt: int
    expires_at: datetime
    new_job_id: uuid.UUID | None
    created_at: datetime


class ProviderWeekLoad(BaseModel):
    provider_id: uuid.UUID
    category: str
    iso_year: int
    iso_week: int
    planned_units: int
    capacity_units: int
    load_percent: int | None
    overloaded: bool


class CountyWeekLoadPublic(BaseModel):
    county: str
    iso_year: int
    iso_week: int
    planned_units: int
    capacity_units: int
    overloaded_providers: int
    overloaded: bool
