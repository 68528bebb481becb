"""Request and response bodies of the matching API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from shared.contracts.matching import Workforce
from shared.contracts.vocabulary import CategoryCode, County, ProviderMode

Text = Annotated[str, Field(min_length=1, max_length=200)]
Units = Annotated[int, Field(ge=0, le=1_000_000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Headcount = Annotated[int, Field(ge=0, le=100_000)]


class WorkforceIn(Strict):
    total: Headcount
    low_income: Headcount = 0
    reservoir_migrants: Headcount = 0
    relocated_farmers: Headcount = 0
    disabled: Headcount = 0


class ProviderCreate(Strict):
    id: uuid.UUID | None = None
    name: Text
    broker_name: Text
    contact: Text
    county: County
    township: Text
    village: Text
    mode: ProviderMode
    # Any code the catalogue defines (checked against it: 422 naming the known codes).
    categories: Annotated[dict[CategoryCode, Units], Field(min_length=1, max_length=100)]
    workforce: WorkforceIn
    auto_accept: bool = False

    @field_validator("workforce")
    @classmethod
    def _groups_within_total(cls, w: WorkforceIn, info: ValidationInfo) -> WorkforceIn:
        if any(
            g > w.total
            for g in (w.low_income, w.reservoir_migrants, w.relocated_farmers, w.disabled)
        ):
            raise ValueError("no group of workers can exceed the total")
        return w


class ProviderPublic(BaseModel):
    id: uuid.UUID
    name: str
    broker_name: str
    contact: str
    county: str
    township: str
    village: str
    mode: str
    categories: dict[str, int]
    workforce: Workforce
    auto_accept: bool
    delivered_jobs: int
    late_jobs: int


class ProviderCreated(ProviderPublic):
    secret: str  # shown once; trade it at POST /v1/token for a bearer token


class ProviderSecret(BaseModel):
    id: uuid.UUID
    secret: str


class ProviderUpdate(Strict):
    auto_accept: bool | None = None
    contact: Text | None = None


class CapacitySet(Strict):
    units_per_day: Units


class CalendarExceptionCreate(Strict):
    category: CategoryCode | None = None
    first_day: date
    last_day: date
    percent: Annotated[int | None, Field(ge=0, le=300)] = None
    units: Units | None = None
    reason: Annotated[str, Field(max_length=200)] = ""

    @field_validator("last_day")
    @classmethod
    def _ordered(cls, last: date, info: ValidationInfo) -> date:
        first = info.data.get("first_day")
        if first is not None and last < first:
            raise ValueError("last_day is before first_day")
        return last

    @model_validator(mode="after")
    def _one_kind(self) -> CalendarExceptionCreate:
        if (self.percent is None) == (self.units is None):
            raise ValueError("give exactly one of percent or units")
        return self


class CalendarExceptionPublic(BaseModel):
    id: uuid.UUID
    category: str | None
    first_day: date
    last_day: date
    percent: int | None
    units: int | None
    reason: str


class FreeDay(BaseModel):
    day: date
    capacity: int
    held: int
    booked: int
    free: int


class OfferPublic(BaseModel):
    id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    units: int
    schedule: dict[str, int]
    unit_fee_fen: int
    status: str
    expires_at: datetime


class Decline(Strict):
    reason: Annotated[str, Field(max_length=500)] = ""


class JobPublic(BaseModel):
    id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    units: int
    units_done: int
    schedule: dict[str, int]
    deadline: date
    status: str
    good_units: int | None
    defective_units: int | None
    delivered_on: date | None
    late: bool | None


class Progress(Strict):
    units_done: Units


class Delivery(Strict):
    good_units: Units
    defective_units: Units
