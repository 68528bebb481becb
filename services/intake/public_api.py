"""Public reads, no token: the catalogue and the liaison offices with their markets, as the
portal's public pages show them. Nothing here names a client, a fee or a secret."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from services.intake.api import UoW, _category
from services.intake.handlers.directory import list_categories, list_public_offices
from services.intake.schemas import CategoryPublic

router = APIRouter(prefix="/v1/public", tags=["public"])


class OfficeListing(BaseModel):
    name: str
    county: str
    market: str


@router.get("/categories", response_model=list[CategoryPublic])
async def public_categories(uow: UoW) -> list[CategoryPublic]:
    """The product catalogue, for everyone."""
    return [_category(c) for c in await list_categories(uow)]


@router.get("/offices", response_model=list[OfficeListing])
async def public_offices(uow: UoW) -> list[OfficeListing]:
    """The county liaison offices and the markets they work in, for everyone."""
    found = await list_public_offices(uow)
    return [OfficeListing(name=o.name, county=o.county, market=o.market) for o in found]
