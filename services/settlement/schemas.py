"""Request and answer bodies of settlement's HTTP API (not the domain, not the contracts)."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.settlement.domain.policy.model import BrokerKind
from shared.region.counties import County

MAX_FEN = 10**14  # a trillion yuan: anything above is a typing slip, and fits a BIGINT


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvaluateRequest(_In):
    kind: BrokerKind
    annual_fee_fen: int = Field(
        ge=0, le=MAX_FEN, description="the enterprise's annual processing fee in fen"
    )
    workers: int = Field(ge=0, description="registered workers at the end of the year")


class PaymentCreate(_In):
    amount_fen: int = Field(gt=0, le=MAX_FEN, description="fen paid now; never more than owed")
    paid_on: date


class PaymentRecorded(BaseModel):
    payment_id: uuid.UUID
    delivery_id: uuid.UUID
    paid_fen: int
    outstanding_fen: int
    state: str


class ReceivablePublic(BaseModel):
    delivery_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    office_id: uuid.UUID
    client_id: uuid.UUID
    category: str
    county: str
    market: str
    good_units: int
    defective_units: int
    unit_fee_fen: int
    deduction_fen: int  # taken off at inspection; fee_fen is net of it
    fee_fen: int
    freight_fen: int
    freight_subsidy_fen: int
    due_on: date
    paid_fen: int
    outstanding_fen: int
    state: str
    aging: str
    # what inspection refused of a claim made receivable before it: whole units taken off
    # while unpaid, the rest taken off what was outstanding (fee_fen is net of both), and
    # what was paid beyond what inspection accepted (for the office to recover)
    taken_back_units: int
    reclaimed_fen: int
    overpaid_fen: int


class AwardRunCreate(_In):
    county: County
    year: int = Field(ge=2000, le=2100)


class AwardApprove(_In):
    amount_fen: int | None = Field(
        default=None, ge=0, le=MAX_FEN, description="only for a case-by-case award"
    )


class LoanCreate(_In):
    principal_fen: int = Field(gt=0, le=MAX_FEN)
    start: date
    months: int = Field(gt=0, le=120)


class LoanCheck(_In):
    accept: bool


class RelocationCreate(_In):
    provider_id: uuid.UUID
    year: int = Field(ge=2000, le=2100)
    zone: str = Field(
        min_length=1, max_length=200, description="county industrial park or township zone"
    )
