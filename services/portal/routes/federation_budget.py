"""The county freight budget (admin): how much extra transport each county pays so that
work reaches enterprises that employ members of low-income households, and what the
matcher bought with it, batch by batch. Reads and sets matching's ``/v1/budget``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import budget_form, nav
from services.portal.client import FieldErrors, UserApi
from services.portal.client.categories import category_names
from services.portal.deps import AdminApi, Form
from services.portal.i18n import N_, gettext
from services.portal.i18n.labels import COUNTIES
from services.portal.rendering import done_notice, render

router = APIRouter(prefix="/federation")

nav.add("admin", "/federation/budget", N_("Freight budget"))

NOTICES = {"saved": N_("Budget saved: the matcher's next round uses it.")}
SHOWN_BATCHES = 30


@router.get("/budget", include_in_schema=False)
async def budget(request: Request, api: AdminApi) -> Response:
    return await _page(request, api)


@router.post("/budget", include_in_schema=False)
async def set_budget(request: Request, api: AdminApi, form: Form) -> Response:
    body, errors = budget_form.budget(form)
    if not errors:
        try:
            await api.matching.put("/v1/budget", json=body)
            return RedirectResponse("/federation/budget?done=saved", status_code=303)
        except FieldErrors:  # the portal checks what matching checks: only if they drift
            errors = {budget_form.DEFAULT: gettext(budget_form.PERCENT)}
    typed = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    return await _page(request, api, typed, errors)


async def _page(
    request: Request,
    api: UserApi,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    setting = await api.matching.get("/v1/budget")
    batches = await api.matching.get("/v1/budget/batches", limit=SHOWN_BATCHES)
    names = await category_names(api)
    context = {
        "v": typed or budget_form.typed(setting),
        "errors": errors or {},
        "counties": [(str(c), budget_form.county_field(str(c))) for c in COUNTIES],
        "batches": [_bought(b) for b in batches],
        "total": _total(batches),
        "names": names,
        "notice": "" if errors else done_notice(request, NOTICES),
    }
    return render(request, "federation/budget.html", context, status_code=422 if errors else 200)


def _fen(millifen: int) -> int:
    """Transport is costed in millifen (a thousandth of a fen): shown as fen, rounded."""
    return (millifen + 500) // 1000


def _bought(b: dict[str, Any]) -> dict[str, Any]:
    cheapest, chosen = b["cost_only_transport_millifen"], b["plan_transport_millifen"]
    extra = chosen - cheapest
    return {
        **b,
        "cheapest_fen": _fen(cheapest),
        "chosen_fen": _fen(chosen),
        "extra_fen": _fen(extra),
        "extra_pct": round(100 * extra / cheapest, 2) if cheapest else 0.0,
    }


def _total(batches: list[dict[str, Any]]) -> dict[str, int]:
    extra = sum(b["plan_transport_millifen"] - b["cost_only_transport_millifen"] for b in batches)
    gained = sum(b["low_income_fee_gained_fen"] for b in batches)
    return {"extra_fen": _fen(extra), "gained_fen": gained, "batches": len(batches)}
