"""The low-income priority's freight budget, in the county's terms (admin only).

``PUT /v1/budget`` sets how much extra freight (percent of the cost-only plan's) the
region accepts by default and what each county that set its own accepts; a county's
budget applies to work placed with providers in that county (domain/budget_policy.py).
``GET /v1/budget/batches`` is what each solved batch bought.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, cast

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, PlainSerializer

from services.matching.adapters.budget_repo import BatchRecord
from services.matching.api.deps import Admin, MatchingUoW
from services.matching.config import MatchingSettings
from services.matching.domain.budget_policy import BASIS_POINTS, CountyBudgets, FreightBudget
from services.matching.domain.vocabulary import County
from services.matching.handlers import budget as handlers
from shared.region import LISHUI
from shared.region.window import WindowDate
from shared.service.deps import Infra

router = APIRouter(prefix="/v1/budget", tags=["freight budget"])
Percent = Annotated[
    Decimal,
    Field(
        ge=0,
        le=100,
        decimal_places=2,
        description="extra transport accepted, percent of the cost-only plan's (2 = 2 %)",
    ),
    PlainSerializer(float, return_type=float, when_used="json"),
]


class BudgetSetting(BaseModel):
    default_percent: Percent = Field(description="the region's default, for every other county")
    counties: dict[County, Percent] = Field(
        default_factory=dict, description="counties with a budget of their own"
    )

    def to_domain(self) -> CountyBudgets:
        return CountyBudgets(
            default=_budget(self.default_percent),
            counties={c: _budget(p) for c, p in self.counties.items()},
        )

    @classmethod
    def of(cls, b: CountyBudgets) -> BudgetSetting:
        return cls(
            default_percent=_percent(b.default),
            counties={c: _percent(x) for c, x in sorted(b.counties.items())},
        )


class BatchBought(BaseModel):
    """One solved batch: the budget, the cost-only and the plan's transport (millifen),
    the low-income fee the plan gained over the cost-only plan (fen)."""

    id: int
    recorded_at: datetime
    category: str
    budget_percent: Percent
    transport_limit_millifen: int
    cost_only_transport_millifen: int
    plan_transport_millifen: int
    cost_only_low_income_fee_fen: int
    low_income_fee_gained_fen: int
    units_placed: int
    weight: int
    solves: int

    @classmethod
    def of(cls, r: BatchRecord) -> BatchBought:
        values = vars(r) | {"budget_percent": _percent(FreightBudget(r.basis_points))}
        values.pop("basis_points")
        return cls(**values)


def _budget(percent: Decimal) -> FreightBudget:
    return FreightBudget(int(percent * 100))


def _percent(b: FreightBudget) -> Decimal:
    return Decimal(b.basis_points) / (BASIS_POINTS // 100)


def _fallback(infra: Infra) -> FreightBudget:
    """The service's setting, used until an admin stores one."""
    settings = cast(MatchingSettings, infra.settings)
    return FreightBudget(settings.matcher_freight_budget_basis_points)


@router.get("", response_model=BudgetSetting)
async def get_budget(who: Admin, uow: MatchingUoW, infra: Infra) -> BudgetSetting:
    """The budget in force: the region's default and the counties' own."""
    return BudgetSetting.of(await handlers.current(uow, _fallback(infra)))


@router.put("", response_model=BudgetSetting)
async def put_budget(body: BudgetSetting, who: Admin, uow: MatchingUoW) -> BudgetSetting:
    """Replace the whole setting (a county left out falls back to the default); the
    matcher's next round uses it."""
    return BudgetSetting.of(await handlers.replace(uow, body.to_domain()))


@router.get("/batches", response_model=list[BatchBought])
async def list_batches(
    who: Admin,
    uow: MatchingUoW,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    since: Annotated[WindowDate | None, Query(description="batches on or after this day")] = None,
) -> list[BatchBought]:
    """What the priority bought, per solved batch, newest first."""
    start = datetime.combine(since, datetime.min.time(), tzinfo=LISHUI) if since else None
    return [BatchBought.of(r) for r in await handlers.batches(uow, limit, start)]
