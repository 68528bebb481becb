"""Factory pages (role provider): capacity loans (offer, withdraw), transfers proposed to
the factory (accept, decline with a reason) and receiver opt-ins, all through the
balancer's API with the factory's own token (so its permission checks stay there)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import balancer_forms, nav
from services.portal.actions import act
from services.portal.client import UserApi
from services.portal.client.categories import category_names
from services.portal.deps import Form, ProviderApi
from services.portal.i18n import N_, gettext
from services.portal.rendering import done_notice, render, session_of
from shared.region import clock

router = APIRouter(prefix="/factory")

nav.add("provider", "/factory/transfers", N_("Transfers"))
nav.add("provider", "/factory/loans", N_("Capacity loans"))
nav.add("provider", "/factory/receivers", N_("Receive work"))

NOTICES = {
    "accepted": N_("Transfer accepted: the units become a job of yours."),
    "declined": N_("Transfer declined; the units stay with the first enterprise."),
    "offered": N_("Loan offered: the balancer may now move late work to you."),
    "withdrawn": N_("Loan withdrawn."),
    "opted_in": N_("You now receive work in this category."),
    "opted_out": N_("You no longer receive work under this opt-in."),
}
TRANSFER_GONE = N_("This transfer is no longer open (answered or expired).")
LOAN_HELD = N_("This loan cannot be withdrawn now: a transfer holds some of its units.")


@router.get("/transfers", include_in_schema=False)
async def transfers(request: Request, api: ProviderApi) -> Response:
    return await _transfers(request, api)


@router.post("/transfers/{transfer_id}/accept", include_in_schema=False)
async def accept(
    request: Request, transfer_id: uuid.UUID, api: ProviderApi, form: Form
) -> Response:
    call = api.balancer.post(f"/v1/transfers/{transfer_id}/accept")
    return await act(call, "/factory/transfers?done=accepted", lambda: _gone(request, api))


@router.post("/transfers/{transfer_id}/decline", include_in_schema=False)
async def decline(
    request: Request, transfer_id: uuid.UUID, api: ProviderApi, form: Form
) -> Response:
    reason = balancer_forms.text(form, "reason")
    if len(reason) > 500:
        errors = {"reason": balancer_forms.message("reason")}
        return await _transfers(request, api, failed=(str(transfer_id), form, errors))
    call = api.balancer.post(f"/v1/transfers/{transfer_id}/decline", json={"reason": reason})
    return await act(call, "/factory/transfers?done=declined", lambda: _gone(request, api))


async def _gone(request: Request, api: UserApi) -> Response:
    return await _transfers(request, api, problem=gettext(TRANSFER_GONE), status_code=409)


@router.get("/loans", include_in_schema=False)
async def loans(request: Request, api: ProviderApi) -> Response:
    return await _loans(request, api)


@router.post("/loans", include_in_schema=False)
async def offer_loan(request: Request, api: ProviderApi, form: Form) -> Response:
    done, errors = await balancer_forms.send(
        api.balancer,
        "/v1/loans",
        balancer_forms.loan(form),
        balancer_forms.LOAN_FIELDS,
        "/factory/loans?done=offered",
    )
    return done or await _loans(request, api, form, errors)


@router.post("/loans/{loan_id}/withdraw", include_in_schema=False)
async def withdraw_loan(
    request: Request, loan_id: uuid.UUID, api: ProviderApi, form: Form
) -> Response:
    async def held() -> Response:
        return await _loans(request, api, problem=gettext(LOAN_HELD), status_code=409)

    call = api.balancer.post(f"/v1/loans/{loan_id}/withdraw")
    return await act(call, "/factory/loans?done=withdrawn", held)


@router.get("/receivers", include_in_schema=False)
async def receivers(request: Request, api: ProviderApi) -> Response:
    return await _receivers(request, api)


@router.post("/receivers", include_in_schema=False)
async def opt_in(request: Request, api: ProviderApi, form: Form) -> Response:
    done, errors = await balancer_forms.send(
        api.balancer,
        "/v1/receivers",
        balancer_forms.opt_in(form),
        balancer_forms.OPT_IN_FIELDS,
        "/factory/receivers?done=opted_in",
    )
    return done or await _receivers(request, api, form, errors)


@router.post("/receivers/{opt_in_id}/out", include_in_schema=False)
async def opt_out(request: Request, opt_in_id: uuid.UUID, api: ProviderApi, form: Form) -> Response:
    await api.balancer.delete(f"/v1/receivers/{opt_in_id}")
    return RedirectResponse("/factory/receivers?done=opted_out", status_code=303)


async def _transfers(
    request: Request,
    api: UserApi,
    problem: str = "",
    status_code: int = 200,
    failed: tuple[str, dict[str, Any], dict[str, str]] | None = None,
) -> Response:
    me = session_of(request).org_id
    found = await api.balancer.get("/v1/transfers")
    incoming = [t for t in found if t["to_provider_id"] == me]
    for t in incoming:
        days = sorted(d["day"] for d in t["schedule"])
        t["first_day"], t["last_day"] = (days[0], days[-1]) if days else ("", "")
    transfer_id, typed, errors = failed or ("", {}, {})
    context = {
        "proposed": [t for t in incoming if t["state"] == "proposed"],
        "answered": [t for t in incoming if t["state"] != "proposed"],
        "names": await category_names(api),
        "notice": "" if failed or problem else done_notice(request, NOTICES),
        "problem": problem,
        "failed_transfer": transfer_id,
        "v": typed,
        "errors": errors,
    }
    code = 422 if failed else status_code
    return render(request, "factory/transfers.html", context, status_code=code)


def _blank_range() -> dict[str, str]:
    today = clock.today().isoformat()
    return {"start": today, "end": today}


async def _loans(
    request: Request,
    api: UserApi,
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    problem: str = "",
    status_code: int = 200,
) -> Response:
    context = {
        "loans": await api.balancer.get("/v1/loans"),
        "names": await category_names(api),
        "notice": "" if errors or problem else done_notice(request, NOTICES),
        "problem": problem,
        "v": typed or _blank_range(),
        "errors": errors or {},
    }
    code = 422 if errors else status_code
    return render(request, "factory/loans.html", context, status_code=code)


async def _receivers(
    request: Request,
    api: UserApi,
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    context = {
        "opt_ins": await api.balancer.get("/v1/receivers"),
        "names": await category_names(api),
        "notice": "" if errors else done_notice(request, NOTICES),
        "v": typed or _blank_range(),
        "errors": errors or {},
    }
    return render(request, "factory/receivers.html", context, status_code=422 if errors else 200)
