"""Money pages (settlement's API with the user's token): a broker's monthly statement, its
"next award" meter and what-if; an office's receivables by client with aging, payments and
exports. The files (PDF, xlsx, CSV) are fetched here and passed on."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal import money_forms, nav
from services.portal.client import FieldErrors, PageNotFound, UserApi
from services.portal.client.categories import category_names
from services.portal.deps import Form, OfficeApi, ProviderApi
from services.portal.i18n import N_, gettext
from services.portal.i18n.formatting import money
from services.portal.proxied import FORMATS, passed_on
from services.portal.rendering import render, session_of
from shared.region import clock

router = APIRouter()
nav.add("provider", "/broker/statement", N_("Statement"))
nav.add("provider", "/broker/award", N_("Next award"))
nav.add("office", "/office/receivables", N_("Receivables"))

NO_POLICY = N_("No county policy covers this year yet.")
PAID = N_("Payment recorded.")


# --- broker: the monthly statement and its files ----------------------------------------


@router.get("/broker/statement", include_in_schema=False)
async def statement(request: Request, api: ProviderApi, month: str = "") -> Response:
    me = session_of(request).org_id
    chosen = money_forms.month(month.strip(), clock.today())
    if chosen is None:
        errors = {"month": gettext(money_forms.MONTH_WRONG)}
        context = {"month": month, "s": None, "errors": errors, "names": {}}
        return render(request, "money/statement.html", context, status_code=422)
    try:
        found = await api.settlement.get(f"/v1/providers/{me}/statements/{chosen}")
    except PageNotFound:  # settlement has not heard of this enterprise yet: nothing earned
        found = None
    context = {"month": chosen, "s": found, "errors": {}, "names": await category_names(api)}
    return render(request, "money/statement.html", context)


@router.get("/broker/statement/{month}.{fmt}", include_in_schema=False)
async def statement_file(request: Request, month: str, fmt: str, api: ProviderApi) -> Response:
    if fmt not in FORMATS or money_forms.month(month, clock.today()) != month:
        raise PageNotFound(404, "no such file")
    me = session_of(request).org_id
    path = f"/v1/providers/{me}/statements/{month}"
    return passed_on(await api.settlement.document(path, format=fmt))


# --- broker: how far from the next award, and what-if --------------------------------------


@router.get("/broker/award", include_in_schema=False)
async def award(request: Request, api: ProviderApi) -> Response:
    return await _award(request, api, {}, {}, None)


@router.post("/broker/award", include_in_schema=False)
async def what_if(request: Request, api: ProviderApi, form: Form) -> Response:
    body, errors = money_forms.what_if(form)
    typed = {k: money_forms.text(form, k) for k in ("kind", "annual_fee_yuan", "workers")}
    result = None
    if not errors:
        policy = money_forms.text(form, "policy_id") or await _policy_id(api)
        try:
            result = await api.settlement.post(f"/v1/policies/{policy}/evaluate", json=body)
        except FieldErrors as refused:
            errors = _what_if_errors(refused.fields)
    return await _award(request, api, typed, errors, result)


async def _award(
    request: Request,
    api: UserApi,
    typed: dict[str, str],
    errors: dict[str, str],
    result: dict[str, Any] | None,
) -> Response:
    me = session_of(request).org_id
    meter, problem = None, ""
    try:
        meter = await api.settlement.get(f"/v1/providers/{me}/award-meter")
    except PageNotFound:
        problem = gettext(N_("Settlement has no record of your enterprise yet."))
    except FieldErrors:
        problem = gettext(NO_POLICY)
    context = {
        "meter": meter,
        "bars": meter_bars(meter["assessment"], meter["annual_fee_fen"]) if meter else [],
        "problem": problem,
        "policy_id": meter["policy_id"] if meter else await _policy_id(api),
        "v": typed or _typed_from(meter),
        "errors": errors,
        "result": result,
        "result_bars": meter_bars(result, result["line"]["figures"]["annual_fee_fen"])
        if result
        else [],
    }
    return render(request, "money/award.html", context, status_code=422 if errors else 200)


def meter_bars(assessment: dict[str, Any], fee_fen: int) -> list[dict[str, Any]]:
    """The next tier's two conditions as progress bars: where the enterprise is, what the
    tier needs (one fen / one worker past its "more than"), and what is still missing."""
    nxt = assessment.get("next")
    if not nxt:
        return []
    workers = int(assessment["line"]["figures"]["workers"])
    bars = [
        _bar("fee", N_("Annual processing fee"), fee_fen, nxt["fee_needed_fen"], money),
    ]
    if nxt["tier"] != "case_by_case":
        bars.append(
            _bar("workers", N_("Workers"), workers, nxt["workers_needed"], lambda n: f"{n:,}")
        )
    return bars


def _bar(name: str, what: str, have: int, needed: int, shown: Any) -> dict[str, Any]:
    target = have + needed
    pct = 100 if needed == 0 or target == 0 else min(100, int(100 * have / target))
    return {"name": name, "label": gettext(what), "have": shown(have), "target": shown(target),
            "needed": shown(needed), "missing": needed, "pct": pct}  # fmt: skip


def _typed_from(meter: dict[str, Any] | None) -> dict[str, str]:
    if not meter:
        return {"kind": "general", "annual_fee_yuan": "", "workers": ""}
    figures = meter["assessment"]["line"]["figures"]
    return {
        "kind": meter["assessment"]["kind"],
        "annual_fee_yuan": f"{meter['annual_fee_fen'] / 100:.2f}",
        "workers": str(figures["workers"]),
    }


def _what_if_errors(fields: dict[str, str]) -> dict[str, str]:
    found = {}
    for name in fields:
        if "kind" in name:
            found["kind"] = gettext(money_forms.KIND)
        elif "workers" in name:
            found["workers"] = gettext(money_forms.WORKERS)
        else:
            found["annual_fee_yuan"] = gettext(money_forms.FEE)
    return found


async def _policy_id(api: UserApi) -> str:
    policies = await api.settlement.get("/v1/policies")
    return str(policies[0]["policy_id"]) if policies else ""


# --- office: receivables by client, aging, payments, exports --------------------------------


@router.get("/office/receivables", include_in_schema=False)
async def receivables(request: Request, api: OfficeApi) -> Response:
    done = request.query_params.get("done") == "paid"
    return await _receivables(request, api, notice=gettext(PAID) if done else "")


@router.post("/office/receivables/{delivery_id}/payments", include_in_schema=False)
async def pay(request: Request, delivery_id: uuid.UUID, api: OfficeApi, form: Form) -> Response:
    body, errors = money_forms.payment(form, clock.today())
    if not errors:
        try:
            await api.settlement.post(f"/v1/receivables/{delivery_id}/payments", json=body)
            target = f"/office/receivables?done=paid#delivery-{delivery_id}"
            return RedirectResponse(target, status_code=303)
        except FieldErrors as refused:
            errors = await _payment_errors(api, delivery_id, refused.fields)
    typed = {k: money_forms.text(form, k) for k in ("amount_yuan", "paid_on")}
    return await _receivables(request, api, failed=(str(delivery_id), typed, errors))


@router.get("/office/exports/{table}.{fmt}", include_in_schema=False)
async def office_file(table: str, fmt: str, api: OfficeApi) -> Response:
    if table not in ("receivables", "aging") or fmt not in ("xlsx", "csv"):
        raise PageNotFound(404, "no such file")
    return passed_on(await api.settlement.document(f"/v1/{table}", format=fmt))


async def _payment_errors(
    api: UserApi, delivery_id: uuid.UUID, fields: dict[str, str]
) -> dict[str, str]:
    found = {}
    if "amount_fen" in fields:
        rows = await api.settlement.get("/v1/receivables")
        owed = next((r["outstanding_fen"] for r in rows if r["delivery_id"] == str(delivery_id)), 0)
        found["amount_yuan"] = gettext(money_forms.OVERPAID).format(owed=money(owed))
    if "paid_on" in fields or not found:
        found["paid_on"] = gettext(money_forms.PAID_ON)
    return found


async def _receivables(
    request: Request,
    api: UserApi,
    notice: str = "",
    failed: tuple[str, dict[str, str], dict[str, str]] | None = None,
) -> Response:
    me = session_of(request).org_id
    rows = await api.settlement.get("/v1/receivables")
    aging = {str(a["client_id"]): a for a in await api.settlement.get("/v1/aging")}
    totals = await api.settlement.get(f"/v1/offices/{me}/receivables")
    clients = {c["id"]: c["name"] for c in await api.intake.get("/v1/clients")}
    delivery_id, typed, errors = failed or ("", {}, {})
    context = {
        "clients": [
            {
                **t,
                "name": clients.get(str(t["client_id"]), str(t["client_id"])[:8]),
                "aging": aging.get(str(t["client_id"]), {}),
            }
            for t in totals
        ],
        "open": sorted(
            (r for r in rows if r["outstanding_fen"] > 0),
            key=lambda r: (r["due_on"], r["delivery_id"]),
        ),
        "overpaid": [r for r in rows if r.get("overpaid_fen")],
        "client_names": clients,
        "names": await category_names(api),
        "buckets": ("not_yet_due", "0_30", "31_60", "over_60"),
        "notice": notice,
        "failed": delivery_id,
        "v": typed,
        "errors": errors,
        "today": clock.today().isoformat(),
    }
    status = 422 if failed else 200
    return render(request, "money/receivables.html", context, status_code=status)
