"""Broker (processing enterprise) pages: the offers inbox (accept, decline with a reason)
and jobs (progress and delivery forms), all through matching's API with the broker's token."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import broker_forms
from services.portal.actions import act
from services.portal.client import Conflict, FieldErrors, UserApi
from services.portal.client.categories import category_names
from services.portal.deps import Form, ProviderApi
from services.portal.i18n import N_, gettext
from services.portal.rendering import done_notice, render
from shared.region import clock

router = APIRouter(prefix="/broker")

GONE = N_("This offer is no longer open (accepted, declined or expired).")
JOB_CLOSED = N_("This job no longer takes reports (delivered or cancelled).")
NOTICES = {
    "accepted": N_("Offer accepted: it is in your jobs now."),
    "declined": N_("Offer declined; the units go to other enterprises."),
    "progress": N_("Progress saved."),
    "delivery": N_("Delivery saved."),
}


@router.get("/offers", include_in_schema=False)
async def offers(request: Request, api: ProviderApi) -> Response:
    return await _offers(request, api)


@router.post("/offers/{offer_id}/accept", include_in_schema=False)
async def accept(request: Request, offer_id: uuid.UUID, api: ProviderApi, form: Form) -> Response:
    call = api.matching.post(f"/v1/offers/{offer_id}/accept")
    return await act(call, "/broker/jobs?done=accepted", lambda: _gone(request, api))


@router.post("/offers/{offer_id}/decline", include_in_schema=False)
async def decline(request: Request, offer_id: uuid.UUID, api: ProviderApi, form: Form) -> Response:
    reason = str(form.get("reason", "")).strip()[:500]
    call = api.matching.post(f"/v1/offers/{offer_id}/decline", json={"reason": reason})
    return await act(call, "/broker/offers?done=declined", lambda: _gone(request, api))


async def _gone(request: Request, api: UserApi) -> Response:
    return await _offers(request, api, problem=gettext(GONE), status_code=409)


@router.get("/jobs", include_in_schema=False)
async def jobs(request: Request, api: ProviderApi) -> Response:
    return await _jobs(request, api)


@router.post("/jobs/{job_id}/progress", include_in_schema=False)
async def progress(request: Request, job_id: uuid.UUID, api: ProviderApi, form: Form) -> Response:
    job = await api.matching.get(f"/v1/jobs/{job_id}")
    done, errors = broker_forms.check_progress(form, job)
    if not errors:
        try:
            await api.matching.post(f"/v1/jobs/{job_id}/progress", json={"units_done": done})
            return RedirectResponse(f"/broker/jobs?done=progress#job-{job_id}", status_code=303)
        except FieldErrors as refused:
            errors = broker_forms.service_errors(refused.fields, ("units_done",))
        except Conflict:
            errors = {"units_done": gettext(JOB_CLOSED)}
    return await _jobs(request, api, failed=(str(job_id), form, errors))


@router.post("/jobs/{job_id}/delivery", include_in_schema=False)
async def delivery(request: Request, job_id: uuid.UUID, api: ProviderApi, form: Form) -> Response:
    job = await api.matching.get(f"/v1/jobs/{job_id}")
    body, errors = broker_forms.check_delivery(form, job)
    if not errors:
        try:
            await api.matching.post(f"/v1/jobs/{job_id}/delivery", json=body)
            return RedirectResponse(f"/broker/jobs?done=delivery#job-{job_id}", status_code=303)
        except FieldErrors as refused:
            errors = broker_forms.service_errors(
                refused.fields, ("good_units", "defective_units", "delivered_on")
            )
        except Conflict:
            errors = {"good_units": gettext(JOB_CLOSED)}
    return await _jobs(request, api, failed=(str(job_id), form, errors))


def _left(seconds: int) -> str:
    """The time left as the page first shows it (countdown.js ticks it on)."""
    if seconds <= 0:
        return gettext(N_("Expired"))
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    return gettext(N_("{h} h {m} min {s} s left")).format(h=h, m=f"{m:02d}", s=f"{s:02d}")


async def _offers(
    request: Request, api: UserApi, problem: str = "", status_code: int = 200
) -> Response:
    found = await api.matching.get("/v1/offers")
    now = clock.now()
    for offer in found:
        expires = datetime.fromisoformat(offer["expires_at"])
        offer["seconds_left"] = max(0, int((expires - now).total_seconds()))
    context = {
        "offers": sorted(found, key=lambda o: o["expires_at"]),
        "left": _left,
        "names": await category_names(api),
        "notice": done_notice(request, NOTICES),
        "problem": problem,
    }
    return render(request, "broker/offers.html", context, status_code=status_code)


async def _jobs(
    request: Request,
    api: UserApi,
    failed: tuple[str, dict[str, Any], dict[str, str]] | None = None,
) -> Response:
    found = await api.matching.get("/v1/jobs")
    job_id, typed, errors = failed or ("", {}, {})
    context = {
        "jobs": found,
        "names": await category_names(api),
        "notice": "" if failed else done_notice(request, NOTICES),
        "failed_job": job_id,
        "today": clock.today().isoformat(),
        "v": typed,
        "errors": errors,
    }
    return render(request, "broker/jobs.html", context, status_code=422 if failed else 200)
