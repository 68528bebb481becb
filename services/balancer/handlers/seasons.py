"""An admin defines a season: stored, published (SeasonDefined) and a rebalance requested."""

from __future__ import annotations

import uuid

from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.domain.capacity.facts import FactorFact, to_season
from services.balancer.handlers.audit import record
from services.balancer.handlers.refusals import answered
from services.balancer.schemas import SeasonCreate
from shared.contracts import balancer as b
from shared.identity import Principal
from shared.service.errors import DomainError


async def define_season(uow: BalancerUnitOfWork, who: Principal, body: SeasonCreate) -> uuid.UUID:
    facts = [FactorFact(f.county.value, f.village_group, f.factor) for f in body.factors]
    answered(lambda: to_season(body.name, body.start, body.end, facts))
    season_id = uuid.uuid4()
    async with uow:
        added = await uow.seasons.add(
            season_id, body.name, body.start, body.end, facts, defined_by=who.org_id
        )
        if not added:
            raise DomainError(f"a season called {body.name!r} exists")
        await record(uow, who, "season.define", "season", season_id)
        uow.publish(_season_defined(season_id, body))
        await uow.requests.add(f"season {body.name} defined")
        await uow.commit()
    return season_id


def _season_defined(season_id: uuid.UUID, body: SeasonCreate) -> b.SeasonDefined:
    factors = tuple(
        b.SeasonFactor(county=f.county, village_group=f.village_group, factor=float(f.factor))
        for f in body.factors
    )
    return b.SeasonDefined(
        season_id=season_id, name=body.name, start=body.start, end=body.end, factors=factors
    )
