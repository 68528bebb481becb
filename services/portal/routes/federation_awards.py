"""Federation (admin) page: the county's yearly awards. Run a county's year, then take each
award from assessed to approved to paid; every amount is shown with the rule that produced
it and the figures it used, so a clerk can check it by hand."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import money_forms, nav
from services.portal.client import Conflict, FieldErrors, PageNotFound, UserApi
from services.portal.deps import AdminApi, Form
from services.portal.i18n import N_, gettext
from services.portal.i18n.labels import options
from services.portal.proxied import passed_on
from services.portal.rendering import done_notice, render
from shared.region import clock

router = APIRouter(prefix="/federation")
nav.add("admin", "/federation/awards", N_("Awards"))

NOTICES = {
    "approved": N_("Award approved."),
    "paid": N_("Award recorded as paid."),
}
CASE_AMOUNT = N_("A case-by-case award needs the amount the county decided, in yuan")
STEP_GONE = N_("This award has moved on meanwhile (approved or paid elsewhere).")


@router.get("/awards", include_in_schema=False)
async def awards(
    request: Request, api: AdminApi, county: str = "suichang", year: str = ""
) -> Response:
    return await _page(request, api, county, year or str(clock.today().year))


@router.post("/awards/runs", include_in_schema=False)
async def run(request: Request, api: AdminApi, form: Form) -> Response:
    county, year = money_forms.text(form, "county"), money_forms.text(form, "year")
    errors: dict[str, str] = {}
    if not (year.isdigit() and len(year) == 4):
        errors["year"] = gettext(money_forms.YEAR_WRONG)
    if county not in dict(options("county")):
        errors["county"] = gettext(N_("Choose a county"))
    result = None
    if not errors:
        try:
            result = await api.settlement.post(
                "/v1/awards/runs", json={"county": county, "year": int(year)}
            )
        except FieldErrors as refused:
            errors = {
                ("county" if "county" in k else "year"): gettext(money_forms.YEAR_WRONG)
                for k in refused.fields
            }
    return await _page(request, api, county, year, run=result, errors=errors)


@router.post("/awards/{award_id}/approve", include_in_schema=False)
async def approve(request: Request, award_id: uuid.UUID, api: AdminApi, form: Form) -> Response:
    county, year = money_forms.text(form, "county"), money_forms.text(form, "year")
    raw = money_forms.text(form, "amount_yuan")
    amount = money_forms.fen(raw) if raw else None
    errors: dict[str, str] = {}
    if raw and amount is None:
        errors["amount_yuan"] = gettext(CASE_AMOUNT)
    else:
        try:
            await api.settlement.post(f"/v1/awards/{award_id}/approve", json={"amount_fen": amount})
            return _back(county, year, "approved", award_id)
        except FieldErrors:
            errors["amount_yuan"] = gettext(CASE_AMOUNT)
        except Conflict:
            errors["amount_yuan"] = gettext(STEP_GONE)
    return await _page(request, api, county, year, errors=errors, failed=str(award_id))


@router.post("/awards/{award_id}/pay", include_in_schema=False)
async def pay(request: Request, award_id: uuid.UUID, api: AdminApi, form: Form) -> Response:
    county, year = money_forms.text(form, "county"), money_forms.text(form, "year")
    try:
        await api.settlement.post(f"/v1/awards/{award_id}/pay")
    except Conflict:
        errors = {"pay": gettext(STEP_GONE)}
        return await _page(request, api, county, year, errors=errors, failed=str(award_id))
    return _back(county, year, "paid", award_id)


@router.get("/awards.{fmt}", include_in_schema=False)
async def awards_file(fmt: str, api: AdminApi, county: str = "", year: str = "") -> Response:
    if fmt not in ("xlsx", "csv"):
        raise PageNotFound(404, "no such file")
    params = {"county": county, "year": year if year.isdigit() else ""}
    return passed_on(await api.settlement.document("/v1/awards", format=fmt, **params))


def _back(county: str, year: str, done: str, award_id: uuid.UUID) -> Response:
    target = f"/federation/awards?county={county}&year={year}&done={done}#award-{award_id}"
    return RedirectResponse(target, status_code=303)


async def _page(
    request: Request,
    api: UserApi,
    county: str,
    year: str,
    *,
    run: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    failed: str = "",
) -> Response:
    errors = errors or {}
    found: list[dict[str, Any]] = []
    if county in dict(options("county")) and year.isdigit() and len(year) == 4:
        found = await api.settlement.get("/v1/awards", county=county, year=year)
    notice = done_notice(request, NOTICES)
    context = {
        "awards": sorted(found, key=lambda a: (a["kind"], -(a["amount_fen"] or 0), a["subject"])),
        "total_fen": sum(a["amount_fen"] or 0 for a in found),
        "county": county,
        "year": year,
        "run": run,
        "errors": errors,
        "failed": failed,
        "notice": notice,
    }
    status = 422 if errors else 200
    return render(request, "federation/awards.html", context, status_code=status)
