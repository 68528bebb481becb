"""Materials and inspection pages (fulfilment's API with the user's token).

The broker, on a phone: its lots, confirming a consignment's receipt with the counted
quantities, and reporting per material line what was consumed, returned and scrapped.
The office: its lots, recording a consignment out and an inspection (accept, accept with a
deduction, reject for rework). Both open the 来料签收单 and 送货单 PDFs through the portal.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import materials_forms as forms
from services.portal import nav
from services.portal.client import BackendError, Conflict, FieldErrors, UserApi
from services.portal.client.categories import category_names
from services.portal.deps import Form, OfficeApi, ProviderApi, SessionDep
from services.portal.i18n import N_, gettext
from services.portal.proxied import passed_on
from services.portal.rendering import done_notice, render, session_of
from shared.region import clock

router = APIRouter()
nav.add("provider", "/broker/lots", N_("Materials"))
nav.add("office", "/office/lots", N_("Materials and inspection"))

NOTICES = {
    "receipt": N_("Receipt confirmed."),
    "usage": N_("Materials use reported."),
    "back": N_("Goods sent back: the delivery note is ready."),
    "consignment": N_("Consignment recorded."),
    "inspection": N_("Inspection recorded."),
}
CLOSED = N_("This step is already done or no longer possible for this lot.")
ROLE_HOME = {"provider": "/broker/lots", "office": "/office/lots"}


@router.get("/lots/{job_id}", include_in_schema=False)
async def lot_link(job_id: uuid.UUID, session: SessionDep) -> Response:
    """Where the QR code on a 来料签收单 points: the lot's page for whoever signs in."""
    home = ROLE_HOME.get(session.role or "") if session.signed_in else None
    target = f"{home}/{job_id}" if home else f"/login?next=/lots/{job_id}"
    return RedirectResponse(target, status_code=303)


# --- broker --------------------------------------------------------------------------------


@router.get("/broker/lots", include_in_schema=False)
async def broker_lots(request: Request, api: ProviderApi) -> Response:
    return await _list(request, api, "broker")


@router.get("/broker/lots/{job_id}", include_in_schema=False)
async def broker_lot(request: Request, job_id: uuid.UUID, api: ProviderApi) -> Response:
    return await _lot(request, api, job_id, "broker")


@router.post("/broker/lots/{job_id}/receipt/{consignment_id}", include_in_schema=False)
async def receipt(
    request: Request, job_id: uuid.UUID, consignment_id: uuid.UUID, api: ProviderApi, form: Form
) -> Response:
    body, errors, lines = forms.receipt(form, str(job_id), clock.today())
    if not errors:
        try:
            await api.fulfilment.post(f"/v1/consignments/{consignment_id}/receipt", json=body)
            return _done("broker", job_id, "receipt")
        except FieldErrors as refused:
            errors = forms.service_errors(refused.fields, lines, "counted")
        except Conflict:
            errors = {"form": gettext(CLOSED)}
    failed = {"form": f"receipt-{consignment_id}", "lines": lines, "errors": errors,
              "received_on": forms.text(form, "received_on")}  # fmt: skip
    return await _lot(request, api, job_id, "broker", failed)


@router.post("/broker/lots/{job_id}/usage", include_in_schema=False)
async def usage(request: Request, job_id: uuid.UUID, api: ProviderApi, form: Form) -> Response:
    body, errors, lines = forms.usage(form)
    if not errors:
        try:
            await api.fulfilment.post(f"/v1/lots/{job_id}/reconciliation", json=body)
            return _done("broker", job_id, "usage")
        except FieldErrors as refused:
            errors = forms.service_errors(refused.fields, lines, "consumed")
        except Conflict:
            errors = {"form": gettext(CLOSED)}
    failed = {"form": "usage", "lines": lines, "errors": errors}
    return await _lot(request, api, job_id, "broker", failed)


@router.post("/broker/lots/{job_id}/back", include_in_schema=False)
async def send_back(request: Request, job_id: uuid.UUID, api: ProviderApi, form: Form) -> Response:
    body, errors = forms.goods_back(form, clock.today())
    if not errors:
        try:
            await api.fulfilment.post(f"/v1/lots/{job_id}/consignments-back", json=body)
            return _done("broker", job_id, "back")
        except FieldErrors as refused:
            errors = forms.service_errors(refused.fields, [], "units")
        except Conflict:
            errors = {"form": gettext(CLOSED)}
    typed = {k: forms.text(form, k) for k in ("units", "carrier", "shipped_on")}
    failed = {"form": "back", "errors": errors, **typed}
    return await _lot(request, api, job_id, "broker", failed)


# --- office --------------------------------------------------------------------------------


@router.get("/office/lots", include_in_schema=False)
async def office_lots(request: Request, api: OfficeApi) -> Response:
    return await _list(request, api, "office")


@router.get("/office/lots/{job_id}", include_in_schema=False)
async def office_lot(request: Request, job_id: uuid.UUID, api: OfficeApi) -> Response:
    return await _lot(request, api, job_id, "office")


@router.post("/office/lots/{job_id}/consignments", include_in_schema=False)
async def consign(request: Request, job_id: uuid.UUID, api: OfficeApi, form: Form) -> Response:
    body, errors, lines = forms.consignment(form, clock.today(), str(job_id))
    if not errors:
        try:
            await api.fulfilment.post("/v1/consignments", json=body)
            return _done("office", job_id, "consignment")
        except FieldErrors as refused:
            errors = forms.service_errors(refused.fields, lines, "quantity")
        except Conflict:
            errors = {"form": gettext(CLOSED)}
    typed = {k: forms.text(form, k) for k in ("carrier", "shipped_on")}
    failed = {"form": "consignment", "lines": lines, "errors": errors, **typed}
    return await _lot(request, api, job_id, "office", failed)


@router.post("/office/lots/{job_id}/inspections", include_in_schema=False)
async def inspect(request: Request, job_id: uuid.UUID, api: OfficeApi, form: Form) -> Response:
    body, errors = forms.inspection(form, clock.today())
    if not errors:
        try:
            await api.fulfilment.post(f"/v1/lots/{job_id}/inspections", json=body)
            return _done("office", job_id, "inspection")
        except FieldErrors as refused:
            errors = forms.service_errors(refused.fields, [], "inspected")
        except Conflict:
            errors = {"form": gettext(CLOSED)}
    keys = ("inspected", "defective", "decision", "reason", "deduction_yuan", "rework_due")
    failed = {"form": "inspection", "errors": errors, **{k: forms.text(form, k) for k in keys}}
    return await _lot(request, api, job_id, "office", failed)


# --- documents: fulfilment decides who may see which ---------------------------------------


@router.get("/broker/lots/{job_id}/receipt.pdf", include_in_schema=False)
async def broker_receipt_pdf(job_id: uuid.UUID, api: ProviderApi) -> Response:
    return await _receipt_pdf(api, job_id)


@router.get("/office/lots/{job_id}/receipt.pdf", include_in_schema=False)
async def office_receipt_pdf(job_id: uuid.UUID, api: OfficeApi) -> Response:
    return await _receipt_pdf(api, job_id)


@router.get("/broker/consignments/{consignment_id}/delivery-note.pdf", include_in_schema=False)
async def broker_note_pdf(consignment_id: uuid.UUID, api: ProviderApi) -> Response:
    return await _note_pdf(api, consignment_id)


@router.get("/office/consignments/{consignment_id}/delivery-note.pdf", include_in_schema=False)
async def office_note_pdf(consignment_id: uuid.UUID, api: OfficeApi) -> Response:
    return await _note_pdf(api, consignment_id)


async def _receipt_pdf(api: UserApi, job_id: uuid.UUID) -> Response:
    return passed_on(await api.fulfilment.document(f"/v1/lots/{job_id}/receipt.pdf"))


async def _note_pdf(api: UserApi, consignment_id: uuid.UUID) -> Response:
    path = f"/v1/consignments/{consignment_id}/delivery-note.pdf"
    return passed_on(await api.fulfilment.document(path))


def _done(side: str, job_id: uuid.UUID, what: str) -> Response:
    return RedirectResponse(f"/{side}/lots/{job_id}?done={what}", status_code=303)


async def _list(request: Request, api: UserApi, side: str) -> Response:
    lots = await api.fulfilment.get("/v1/lots")
    context = {"lots": lots, "side": side, "names": await category_names(api)}
    if side == "broker":
        context["record"] = await _record(api, session_of(request).org_id)
    return render(request, "materials/lots.html", context)


async def _lot(
    request: Request,
    api: UserApi,
    job_id: uuid.UUID,
    side: str,
    failed: dict[str, Any] | None = None,
) -> Response:
    lot = await api.fulfilment.get(f"/v1/lots/{job_id}")
    notice = done_notice(request, NOTICES)
    jid = str(job_id)
    incoming = [c for c in lot["consignments"] if c["direction"] == "out"]
    context = {
        "lot": lot,
        "side": side,
        "names": await category_names(api),
        "incoming": incoming,
        "to_confirm": [c for c in incoming if jid not in c["received_on"]],
        "back": [c for c in lot["consignments"] if c["direction"] == "back"],
        "order": await _order(api, lot["order_id"]) if side == "office" else None,
        "record": await _record(api, lot["provider_id"]) if side == "office" else None,
        "notice": "" if failed else notice,
        "failed": failed or {"form": "", "errors": {}},
        "today": clock.today().isoformat(),
    }
    status = 422 if failed else 200
    return render(request, "materials/lot.html", context, status_code=status)


async def _record(api: UserApi, provider_id: str | None) -> dict[str, Any] | None:
    """The provider's on-time and quality record from its inspected lots (a hint beside the
    lots: when fulfilment cannot say, the page goes on without it)."""
    if provider_id is None:
        return None
    try:
        found: dict[str, Any] = await api.fulfilment.get(f"/v1/providers/{provider_id}/reliability")
        return found
    except BackendError:
        return None


async def _order(api: UserApi, order_id: str) -> dict[str, Any] | None:
    try:
        found: dict[str, Any] = await api.intake.get(f"/v1/orders/{order_id}")
        return found
    except BackendError:  # the tolerance is a hint beside the form; its absence is no error
        return None
