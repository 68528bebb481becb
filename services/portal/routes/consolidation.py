"""The office's page of lots that can ship together (fulfilment's consolidation proposals).

Lots of one market and county whose materials are ready within a few days of each other
travel as one consignment: one van trip instead of one per lot. The page lists each
proposal with the freight it saves and, under it, the lots' material lines filled in with
what each lot is owed; one button records them as one consignment to all of its lots.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import materials_forms as forms
from services.portal.client import Conflict, FieldErrors, UserApi
from services.portal.client.categories import category_names
from services.portal.deps import Form, OfficeApi
from services.portal.i18n import N_, gettext
from services.portal.rendering import done_notice, render
from shared.region import clock

router = APIRouter()

WINDOWS = (0, 1, 2, 3, 5, 7, 14)  # days; fulfilment takes 0-14, 1 by default
NOTICES = {"consignment": N_("Consignment recorded for the lots shipped together.")}
TAKEN = N_("One of these lots has had materials sent since the page was opened: look again.")


@router.get("/office/consolidation", include_in_schema=False)
async def consolidation(request: Request, api: OfficeApi, window: int = 1) -> Response:
    return await _page(request, api, _window(window))


@router.post("/office/consolidation", include_in_schema=False)
async def consign_together(request: Request, api: OfficeApi, form: Form) -> Response:
    window = _window(_int(forms.text(form, "window")))
    body, errors, lines = forms.consignment(form, clock.today())
    if not errors:
        try:
            await api.fulfilment.post("/v1/consignments", json=body)
            return RedirectResponse(
                f"/office/consolidation?window={window}&done=consignment", status_code=303
            )
        except FieldErrors as refused:
            errors = forms.service_errors(refused.fields, lines, "quantity")
        except Conflict:
            errors = {"form": gettext(TAKEN)}
    failed = {
        "key": forms.text(form, "proposal"),
        "lines": lines,
        "errors": errors,
        **{k: forms.text(form, k) for k in ("carrier", "shipped_on")},
    }
    return await _page(request, api, window, failed)


async def _page(
    request: Request, api: UserApi, window: int, failed: dict[str, Any] | None = None
) -> Response:
    found = await api.fulfilment.get("/v1/consolidation", window_days=window)
    lots = {lot["job_id"]: lot for lot in await api.fulfilment.get("/v1/lots")}
    proposals = [_with_lots(p, lots) for p in found]
    context = {
        "proposals": proposals,
        "window": window,
        "windows": WINDOWS,
        "names": await category_names(api),
        "saved_fen": sum(p["saved_fen"] for p in proposals),
        "notice": "" if failed else done_notice(request, NOTICES),
        "failed": failed or {"key": "", "errors": {}},
        "today": clock.today().isoformat(),
    }
    return render(
        request, "materials/consolidation.html", context, status_code=422 if failed else 200
    )


def _with_lots(proposal: dict[str, Any], lots: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The proposal with its lots' cards and one form line per lot and material, owed
    quantity first (nothing has been sent to these lots yet: that is why they are here)."""
    its = [lots[j] for j in proposal["job_ids"] if j in lots]
    lines = [
        {"job": lot["job_id"], "lot": n, "item": m["item"], "unit": m["unit"]}
        | {"owed": m["shortfall"]}
        for n, lot in enumerate(its, start=1)
        for m in lot["materials"]
    ]
    key = f"{proposal['market']}-{proposal['county']}-{proposal['ship_on']}"
    return {**proposal, "lots": its, "lines": lines, "key": key}


def _window(days: int) -> int:
    return days if days in WINDOWS else 1


def _int(raw: str) -> int:
    return int(raw) if raw.isdigit() else 1
