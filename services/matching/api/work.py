"""Offers and jobs as a broker sees them: accept, decline, report progress and delivery."""

from __future__ import annotations

import uuid
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query

from services.matching import jobs as job_handlers
from services.matching import offers as offer_handlers
from services.matching.adapters.tables import jobs, offers
from services.matching.api.deps import acting_provider
from services.matching.schemas import Decline, Delivery, JobPublic, OfferPublic, Progress
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.service.deps import Infra, UoW
from shared.service.errors import NotFound

router = APIRouter(prefix="/v1")
Acting = Annotated[uuid.UUID | None, Depends(acting_provider)]


@router.get("/offers", response_model=list[OfferPublic], tags=["offers"])
async def list_offers(
    who: CurrentPrincipal,
    infra: Infra,
    status: str | None = "open",
    order_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[OfferPublic]:
    """Offers to you (open ones by default); an admin sees all."""
    query = sa.select(offers).order_by(offers.c.created_at.desc()).limit(limit)
    if not who.is_admin:
        query = query.where(offers.c.provider_id == who.org_id)
    if status:
        query = query.where(offers.c.status == status)
    if order_id:
        query = query.where(offers.c.order_id == order_id)
    async with infra.sessions() as s:
        return [OfferPublic(**r._mapping) for r in await s.execute(query)]


@router.post("/offers/{offer_id}/accept", response_model=JobPublic, tags=["offers"])
async def accept_offer(offer_id: uuid.UUID, provider: Acting, uow: UoW, infra: Infra) -> JobPublic:
    """Accept an open offer: its held capacity becomes a job."""
    async with uow:
        job_id = await offer_handlers.accept(uow, offer_id, provider)
        await uow.commit()
    return await _job(infra, job_id, None)


@router.post("/offers/{offer_id}/decline", status_code=204, tags=["offers"])
async def decline_offer(offer_id: uuid.UUID, body: Decline, provider: Acting, uow: UoW) -> None:
    """Decline an open offer; the units go to other providers."""
    async with uow:
        await offer_handlers.decline(uow, offer_id, provider, body.reason)
        await uow.commit()


@router.get("/jobs", response_model=list[JobPublic], tags=["jobs"])
async def list_jobs(
    who: CurrentPrincipal,
    infra: Infra,
    status: str | None = None,
    order_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[JobPublic]:
    """Your jobs; an admin sees all."""
    query = sa.select(jobs).order_by(jobs.c.created_at.desc()).limit(limit)
    if not who.is_admin:
        query = query.where(jobs.c.provider_id == who.org_id)
    if status:
        query = query.where(jobs.c.status == status)
    if order_id:
        query = query.where(jobs.c.order_id == order_id)
    async with infra.sessions() as s:
        return [JobPublic(**r._mapping) for r in await s.execute(query)]


@router.get("/jobs/{job_id}", response_model=JobPublic, tags=["jobs"])
async def get_job(job_id: uuid.UUID, who: CurrentPrincipal, infra: Infra) -> JobPublic:
    """One job."""
    return await _job(infra, job_id, None if who.is_admin else who.org_id)


@router.post("/jobs/{job_id}/progress", response_model=JobPublic, tags=["jobs"])
async def report_progress(
    job_id: uuid.UUID, body: Progress, provider: Acting, uow: UoW, infra: Infra
) -> JobPublic:
    """Report units done so far (cumulative)."""
    async with uow:
        await job_handlers.report_progress(uow, job_id, provider, body.units_done)
        await uow.commit()
    return await _job(infra, job_id, None)


@router.post("/jobs/{job_id}/delivery", response_model=JobPublic, tags=["jobs"])
async def report_delivery(
    job_id: uuid.UUID, body: Delivery, provider: Acting, uow: UoW, infra: Infra
) -> JobPublic:
    """Report delivery at the market: good and defective units."""
    async with uow:
        await job_handlers.deliver(uow, job_id, provider, body.good_units, body.defective_units)
        await uow.commit()
    return await _job(infra, job_id, None)


async def _job(infra: Infra, job_id: uuid.UUID, provider_id: uuid.UUID | None) -> JobPublic:
    async with infra.sessions() as s:
        row = (await s.execute(sa.select(jobs).where(jobs.c.id == job_id))).one_or_none()
    if row is None or (provider_id is not None and row.provider_id != provider_id):
        raise NotFound("job not found")
    return JobPublic(**row._mapping)
