"""Liaison office pages: orders (list, new, detail, cancel) and clients."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import history, order_form
from services.portal.client import FieldErrors, UserApi
from services.portal.client.categories import category_names
from services.portal.deps import Form, OfficeApi
from services.portal.i18n import N_, gettext
from services.portal.rendering import render

router = APIRouter(prefix="/office")


@router.get("/orders", include_in_schema=False)
async def orders(
    request: Request,
    api: OfficeApi,
    status: Annotated[str, Query(max_length=40)] = "",
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    page = await api.intake.get("/v1/orders", status=status, cursor=cursor, limit=30)
    names = await category_names(api)
    context = {
        "orders": page["items"],
        "next_cursor": page["next_cursor"],
        "status": status,
        "names": names,
    }
    return render(request, "office/orders.html", context)


@router.get("/orders/new", include_in_schema=False)
async def new_order(request: Request, api: OfficeApi) -> Response:
    blank = {"splittable": True, "materials": [], "min_lot": "1", "defect_tolerance_pct": "0"}
    return await _form(request, api, blank, {}, str(uuid.uuid4()))


@router.post("/orders/new", include_in_schema=False)
async def submit_order(request: Request, api: OfficeApi, form: Form) -> Response:
    # One key per rendered form: a double tap (or a resend after a lost answer) sends the
    # same key, and intake answers with the first order instead of making a second.
    key = str(form.get("idempotency_key") or uuid.uuid4())
    typed = order_form.values(form)
    errors = order_form.check(typed)
    if not errors:
        try:
            made = await api.intake.post(
                "/v1/orders", json=order_form.body(typed), headers={"Idempotency-Key": key}
            )
            return RedirectResponse(f"/office/orders/{made['id']}?new=1", status_code=303)
        except FieldErrors as refused:
            errors = order_form.service_errors(refused.fields)
    return await _form(request, api, typed, errors, key, status_code=422)


@router.get("/orders/{order_id}", include_in_schema=False)
async def order_detail(request: Request, order_id: uuid.UUID, api: OfficeApi) -> Response:
    order = await api.intake.get(f"/v1/orders/{order_id}")
    names = await category_names(api)
    enterprises = await enterprise_names(api, order)
    for line in order["history"]:
        line["said"] = history.say(line["reason"], enterprises)
    context = {"order": order, "names": names, "new": request.query_params.get("new") == "1"}
    context["enterprises"] = enterprises
    context["amended"] = request.query_params.get("amended") == "1"
    return render(request, "office/order.html", context)


@router.post("/orders/{order_id}/cancel", include_in_schema=False)
async def cancel_order(
    request: Request, order_id: uuid.UUID, api: OfficeApi, form: Form
) -> Response:
    reason = str(form.get("reason", "")).strip() or gettext(N_("Cancelled by the office"))
    await api.intake.post(f"/v1/orders/{order_id}/cancel", json={"reason": reason})
    return RedirectResponse(f"/office/orders/{order_id}", status_code=303)


@router.get("/clients", include_in_schema=False)
async def clients(request: Request, api: OfficeApi) -> Response:
    found = await api.intake.get("/v1/clients")
    return render(request, "office/clients.html", {"clients": found})


async def _form(
    request: Request,
    api: UserApi,
    typed: dict[str, Any],
    errors: dict[str, str],
    key: str,
    status_code: int = 200,
) -> Response:
    context = {
        "v": typed,
        "errors": errors,
        "idempotency_key": key,
        "clients": await api.intake.get("/v1/clients"),
        "categories": await category_names(api),
    }
    return render(request, "office/new_order.html", context, status_code=status_code)


async def enterprise_names(api: UserApi, order: dict[str, Any]) -> dict[str, str]:
    """Provider id -> enterprise name for every provider the order's lots and history name
    (matching's public directory: the names are public, the rest of a profile is not)."""
    ids = history.provider_ids(order["history"]) | {p["provider_id"] for p in order["placements"]}
    if not ids:
        return {}
    found = await api.matching.get("/v1/public/brokers/names", id=sorted(ids)[:50])
    return {str(b["id"]): b["name"] for b in found}
