"""The office's amend page: a new quantity or deadline for one of its orders, through
intake's ``PATCH /v1/orders/{id}`` with the office's token (another office's order is 404)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import amend_form
from services.portal.client import Conflict, FieldErrors, UserApi
from services.portal.client.categories import category_names
from services.portal.deps import Form, OfficeApi
from services.portal.rendering import render

router = APIRouter(prefix="/office")
AMENDABLE = ("SUBMITTED", "MATCHING", "PARTIALLY_PLACED", "PLACED", "UNMATCHED")


@router.get("/orders/{order_id}/amend", include_in_schema=False)
async def amend_page(request: Request, order_id: uuid.UUID, api: OfficeApi) -> Response:
    order = await api.intake.get(f"/v1/orders/{order_id}")
    typed = {"quantity": order["quantity"], "deadline": order["deadline"]}
    return await _page(request, api, order, typed, {})


@router.post("/orders/{order_id}/amend", include_in_schema=False)
async def amend(request: Request, order_id: uuid.UUID, api: OfficeApi, form: Form) -> Response:
    order = await api.intake.get(f"/v1/orders/{order_id}")
    body, errors = amend_form.check(form, order)
    problem = ""
    if not errors:
        try:
            await api.intake.patch(f"/v1/orders/{order_id}", json=body)
            return RedirectResponse(f"/office/orders/{order_id}?amended=1", status_code=303)
        except FieldErrors as refused:
            errors = amend_form.service_errors(refused.fields)
        except Conflict as refused:
            problem, errors = amend_form.conflict(refused.message)
            if problem:
                return await _page(request, api, order, form, errors, problem, 409)
    return await _page(request, api, order, form, errors, problem, 422)


async def _page(
    request: Request,
    api: UserApi,
    order: dict[str, Any],
    typed: dict[str, Any],
    errors: dict[str, str],
    problem: str = "",
    status_code: int = 200,
) -> Response:
    names = await category_names(api)
    context = {
        "order": order,
        "names": names,
        "v": typed,
        "errors": errors,
        "problem": problem,
        "amendable": order["status"] in AMENDABLE,
    }
    return render(request, "amend/order.html", context, status_code=status_code)
