"""Public reads, no token: the catalogue and the liaison offices with their markets, as the
portal's public pages show them. Nothing here names a client, a fee or a secret."""

from __future__ import annotations

import base64
import uuid
from datetime import date
from typing import Annotated

import orjson
from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.intake.api import UoW, _category
from services.intake.domain.open_work import MAX_PAGE, OpenWork, QuantityBand
from services.intake.handlers.directory import (
    list_categories,
    list_open_work,
    list_public_offices,
)
from services.intake.schemas import CategoryPublic
from shared.service.errors import InvalidInput

router = APIRouter(prefix="/v1/public", tags=["public"])


class OfficeListing(BaseModel):
    name: str
    county: str
    market: str


class OpenWorkItem(BaseModel):
    """One open order as the public sees it: no client, office, exact quantity or fee."""

    category: str
    quantity_band: QuantityBand
    market: str
    deadline: date


class OpenWorkPage(BaseModel):
    items: list[OpenWorkItem]
    next_cursor: str | None


@router.get("/categories", response_model=list[CategoryPublic])
async def public_categories(uow: UoW) -> list[CategoryPublic]:
    """The product catalogue, for everyone."""
    return [_category(c) for c in await list_categories(uow)]


@router.get("/offices", response_model=list[OfficeListing])
async def public_offices(uow: UoW) -> list[OfficeListing]:
    """The county liaison offices and the markets they work in, for everyone."""
    found = await list_public_offices(uow)
    return [OfficeListing(name=o.name, county=o.county, market=o.market) for o in found]


@router.get("/open-work", response_model=OpenWorkPage)
async def public_open_work(
    uow: UoW,
    category: Annotated[str | None, Query(max_length=60)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> OpenWorkPage:
    """Orders still looking for enterprises, soonest deadline first, for everyone (one
    product with `category`); pass `next_cursor` back as `cursor` for the next page."""
    after = _decode(cursor) if cursor else None
    rows = await list_open_work(uow, category, after, limit + 1)
    items = [_item(work) for _, work in rows[:limit]]
    more = len(rows) > limit
    return OpenWorkPage(items=items, next_cursor=_encode(*rows[limit - 1]) if more else None)


def _item(work: OpenWork) -> OpenWorkItem:
    return OpenWorkItem(
        category=work.category, quantity_band=work.band, market=work.market, deadline=work.deadline
    )


def _encode(last_id: uuid.UUID, last: OpenWork) -> str:
    raw = orjson.dumps([last.deadline.isoformat(), str(last_id)])
    return base64.urlsafe_b64encode(raw).decode()


def _decode(cursor: str) -> tuple[date, uuid.UUID]:
    try:
        deadline, last_id = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        return date.fromisoformat(deadline), uuid.UUID(last_id)
    except Exception as exc:
        raise InvalidInput("not a cursor this API issued", field="query.cursor") from exc
