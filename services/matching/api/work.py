"""Offers and jobs as a broker sees them: accept, decline, report progress and delivery."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.api.deps import acting_provider
from services.matching.domain.offer import OfferStatus
from services.matching.handlers import jobs as job_handlers
from services.matching.handlers import offers as offer_handlers
from services.matching.schemas import (
    Decline,
    Delivery,
    JobPublic,
    JobStatusFilter,
    OfferPublic,
    OfferStatusFilter,
    Progress,
)
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.service.deps import Infra

router = APIRouter(prefix="/v1")
Acting = Annotated[uuid.UUID | None, Depends(acting_provider)]
Limit = Annotated[int, Query(ge=1, le=1000)]


def _uow(infra: Infra) -> MatchingUnitOfWork:
    return MatchingUnitOfWork(infra.sessions, infra.tables.outbox)


UoW = Annotated[MatchingUnitOfWork, Depends(_uow)]


@router.get("/offers", response_model=list[OfferPublic], tags=["offers"])
async def list_offers(
    who: CurrentPrincipal,
    uow: UoW,
    status: Annotated[
        OfferStatusFilter, Query(description="one status (open by default); empty for any")
    ] = OfferStatus.OPEN,
    order_id: uuid.UUID | None = None,
    limit: Limit = 200,
) -> list[OfferPublic]:
    """Offers to you (open ones by default); an admin sees all."""
    async with uow:
        found = await uow.offers.listed(_own(who), status, order_id, limit)
        said = await uow.order_terms.descriptions(list({o.order_id for o in found}))
    return [OfferPublic.of(o, said.get(o.order_id, "")) for o in found]


@router.post("/offers/{offer_id}/accept", response_model=JobPublic, tags=["offers"])
async def accept_offer(
    offer_id: uuid.UUID, provider: Acting, who: CurrentPrincipal, uow: UoW
) -> JobPublic:
    """Accept an open offer: its held capacity becomes a job."""
    return JobPublic.of(await offer_handlers.accept_offer(uow, offer_id, provider, who))


@router.post("/offers/{offer_id}/decline", status_code=204, tags=["offers"])
async def decline_offer(
    offer_id: uuid.UUID, body: Decline, provider: Acting, who: CurrentPrincipal, uow: UoW
) -> None:
    """Decline an open offer; the units go to other providers."""
    await offer_handlers.decline_offer(uow, offer_id, provider, body.reason, who)


@router.get("/jobs", response_model=list[JobPublic], tags=["jobs"])
async def list_jobs(
    who: CurrentPrincipal,
    uow: UoW,
    status: Annotated[JobStatusFilter, Query(description="one status; any if not given")] = None,
    order_id: uuid.UUID | None = None,
    limit: Limit = 200,
) -> list[JobPublic]:
    """Your jobs; an admin sees all."""
    async with uow:
        await uow.read_one_snapshot()  # a job's status agrees with its deliveries
        found = await uow.jobs.listed(_own(who), status, order_id, limit)
    return [JobPublic.of(j) for j in found]


@router.get("/jobs/{job_id}", response_model=JobPublic, tags=["jobs"])
async def get_job(job_id: uuid.UUID, who: CurrentPrincipal, uow: UoW) -> JobPublic:
    """One job."""
    return JobPublic.of(await job_handlers.visible_job(uow, job_id, _own(who)))


@router.post("/jobs/{job_id}/progress", response_model=JobPublic, tags=["jobs"])
async def report_progress(
    job_id: uuid.UUID, body: Progress, provider: Acting, who: CurrentPrincipal, uow: UoW
) -> JobPublic:
    """Report units done so far (cumulative). A cancelled job answers 409 with the reason."""
    done = await job_handlers.report_progress(uow, job_id, provider, body.units_done, who)
    return JobPublic.of(done)


@router.post("/jobs/{job_id}/delivery", response_model=JobPublic, tags=["jobs"])
async def report_delivery(
    job_id: uuid.UUID, body: Delivery, provider: Acting, who: CurrentPrincipal, uow: UoW
) -> JobPublic:
    """Report a delivery at the market: good and defective units. Several deliveries may
    follow until they add up to the job's units (the job is partly delivered until then);
    a delivery beyond that, dated before the materials were ready or in the future is a
    422. A delivery whose defective share exceeds the order's tolerance is flagged."""
    job = await job_handlers.deliver(
        uow, job_id, provider, body.good_units, body.defective_units, body.delivered_on, who
    )
    return JobPublic.of(job)


def _own(who: CurrentPrincipal) -> uuid.UUID | None:
    """A broker sees its own offers and jobs; an admin all."""
    return None if who.is_admin else who.org_id
