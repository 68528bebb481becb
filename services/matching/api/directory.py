"""``GET /v1/public/brokers``, no token: the broker directory the portal's public page shows
(county, township, mode, specialities, workforce size). No contact, no broker's name, no
delivery record: those stay behind the provider's own or an admin's token.
``GET /v1/public/brokers/names?id=…``: the enterprise names of given ids, so a page that
knows a provider by id (an order's lots and history) can say who it is."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.matching.api.deps import MatchingUoW

router = APIRouter(prefix="/v1/public", tags=["public"])


class BrokerListing(BaseModel):
    name: str
    county: str
    township: str
    mode: str
    categories: list[str]
    workforce: int


@router.get("/brokers", response_model=list[BrokerListing])
async def brokers(
    uow: MatchingUoW,
    county: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> list[BrokerListing]:
    """Processing enterprises that make something (capacity above zero), for everyone."""
    async with uow:
        found = await uow.providers.listed(county=county, only=None, limit=limit)
    return [
        BrokerListing(
            name=p.name,
            county=p.county.value,
            township=p.township,
            mode=p.mode.value,
            categories=sorted(c for c, units in p.categories.items() if units > 0),
            workforce=p.workforce.total,
        )
        for p in found
        if any(units > 0 for units in p.categories.values())
    ]


class BrokerName(BaseModel):
    id: uuid.UUID
    name: str


@router.get("/brokers/names", response_model=list[BrokerName])
async def broker_names(
    uow: MatchingUoW,
    ids: Annotated[list[uuid.UUID], Query(alias="id", max_length=50)] = [],  # noqa: B006
) -> list[BrokerName]:
    """The names of these enterprises (unknown ids are left out), in the order asked."""
    asked = list(dict.fromkeys(ids))
    async with uow:
        names = await uow.providers.names(asked)
    return [BrokerName(id=i, name=names[i]) for i in asked if i in names]
