"""The money and materials pages against canned service answers (no servers): each page
renders in both languages, forms send the body the service takes (fen from yuan, counted
lines), a service's 422 is said beside the field in the page's language, and files pass
through the portal with the user's token."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from services.portal.bootstrap import bootstrap
from services.portal.config import PortalSettings
from services.portal.session import COOKIE, Session, SessionCodec
from shared.identity import Role

SETTINGS = PortalSettings(
    intake_url="http://intake", matching_url="http://matching", balancer_url="http://balancer",
    settlement_url="http://settlement", fulfilment_url="http://fulfilment", portal_live=False,
)  # fmt: skip
ME, CLIENT, JOB, ORDER = (str(uuid.uuid4()) for _ in range(4))
DELIVERY, CONSIGNMENT, AWARD = (str(uuid.uuid4()) for _ in range(3))
FIGURES = {"kind": "general", "annual_fee_fen": 6650, "workers": 40, "tier": 0}
LINE = {"rule": "suichang-2009/broker_awards.general.tier_0", "amount_fen": 0,
        "explanation": "x", "figures": FIGURES}  # fmt: skip
ASSESSMENT = {"kind": "general", "tier": 0, "case_by_case": False, "line": LINE,
              "next": {"tier": 1, "award_fen": 200000, "fee_needed_fen": 19993351,
                       "workers_needed": 61}}  # fmt: skip
STATEMENT = {"provider_id": ME, "month": "2026-12", "jobs_delivered": 1, "good_units": 190,
             "defective_units": 10, "fees_fen": 6650, "freight_fen": 300,
             "freight_subsidy_fen": 67, "payments_received_fen": 0, "opening_balance_fen": 0,
             "balance_fen": 6650, "lines": [{"delivery_id": DELIVERY, "job_id": JOB,
             "order_id": ORDER, "delivered_on": "2026-12-01", "category": "beads",
             "good_units": 190, "defective_units": 10, "unit_fee_fen": 35, "fee_fen": 6650,
             "freight_fen": 300, "freight_subsidy_fen": 67, "paid_fen": 0}]}  # fmt: skip
RECEIVABLE = {"delivery_id": DELIVERY, "job_id": JOB, "order_id": ORDER, "provider_id": ME,
              "office_id": ME, "client_id": CLIENT, "category": "beads", "county": "suichang",
              "market": "yiwu", "good_units": 190, "defective_units": 10, "unit_fee_fen": 35,
              "fee_fen": 6650, "freight_fen": 300, "freight_subsidy_fen": 67,
              "due_on": "2026-12-01", "paid_fen": 2000, "outstanding_fen": 4650,
              "state": "open", "aging": "0_30"}  # fmt: skip
ACCOUNT = {"item": "glass beads", "unit": "kg", "owed": "6", "received": "5.8", "consumed": "0",
           "returned": "0", "scrapped": "0", "held": "5.8", "shortfall": "0.2",
           "allowed_use": "6.12", "over_allowance": "0"}  # fmt: skip
OUT = {"id": CONSIGNMENT, "office_id": ME, "direction": "out", "carrier": "顺达", "shipped_on":
       "2026-12-01", "state": "dispatched", "lines": [{"job_id": JOB, "item": "glass beads",
       "unit": "kg", "quantity": "6", "counted": None, "difference": None}], "units": {},
       "received_on": {}}  # fmt: skip
LOT = {"job_id": JOB, "order_id": ORDER, "provider_id": ME, "category": "beads", "units": 300,
       "due": "2026-12-20", "state": "rework", "accepted_units": 270, "rework_units": 30,
       "rework_due": "2026-12-05", "reconciled": False, "loss_allowance_pct": "2",
       "over_allowance": False, "materials": [ACCOUNT], "inspections": [],
       "consignments": [OUT]}  # fmt: skip
AWARD_ROW = {"award_id": AWARD, "county": "suichang", "year": 2026, "kind": "broker_award",
             "subject": "叶师傅加工点", "provider_id": ME, "rule": LINE["rule"],
             "amount_fen": 200000, "case_by_case": False, "explanation": "tier 1",
             "figures": {"annual_fee_fen": 25000000, "workers": 120},
             "state": "assessed"}  # fmt: skip


def canned(sent: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        path, host = request.url.path, request.url.host
        if path.endswith(".pdf") or request.url.params.get("format") == "pdf":
            return httpx.Response(
                200, content=b"%PDF-1.4 x", headers={"content-type": "application/pdf"}
            )
        if request.method == "POST" and path.endswith("/payments"):
            detail = [{"field": "amount_fen", "reason": "100.00 yuan is more than 46.50 owed"}]
            return httpx.Response(422, json={"detail": detail})
        if request.method == "POST" and path.endswith("/receipt"):
            return httpx.Response(200, json=OUT)
        if request.method == "POST" and path.endswith("/consignments-back"):
            return httpx.Response(201, json={**OUT, "direction": "back"})
        if request.method == "POST" and path.endswith("/inspections"):
            detail = [{"field": "reason", "reason": "give a reason"}]
            return httpx.Response(422, json={"detail": detail})
        table: dict[str, Any] = {
            "/v1/categories": [{"code": "beads", "name_zh": "串珠", "name_en": "Beads"}],
            "/v1/clients": [{"id": CLIENT, "name": "义乌饰品"}],
            f"/v1/providers/{ME}/statements/2026-12": STATEMENT,
            f"/v1/providers/{ME}/award-meter": {"provider_id": ME, "year": 2026,
                "policy_id": "suichang-2009", "annual_fee_fen": 6650, "machinery_fee_fen": 0,
                "assessment": ASSESSMENT},
            "/v1/policies/suichang-2009/evaluate": ASSESSMENT,
            "/v1/receivables": [RECEIVABLE],
            "/v1/aging": [{"office_id": ME, "client_id": CLIENT, "not_yet_due": 0, "0_30": 4650,
                           "31_60": 0, "over_60": 0, "total_fen": 4650}],
            f"/v1/offices/{ME}/receivables": [{"client_id": CLIENT, "fee_fen": 6650,
                "paid_fen": 2000, "deliveries": 1, "outstanding_fen": 4650}],
            "/v1/awards": [AWARD_ROW],
            "/v1/lots": [LOT],
            f"/v1/lots/{JOB}": LOT,
            f"/v1/orders/{ORDER}": {"defect_tolerance_pct": "2"},
        }  # fmt: skip
        found = table.get(path)
        return httpx.Response(200 if found is not None else 404, json=found or {"detail": host})

    return answer


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def app(sent: list[httpx.Request]) -> Iterator[TestClient]:
    portal = bootstrap(SETTINGS, run_workers=False)
    for client in portal.state.backends.clients.values():
        base = client.http.base_url
        client.http = httpx.AsyncClient(base_url=base, transport=httpx.MockTransport(canned(sent)))
    with TestClient(portal, follow_redirects=False) as c:
        yield c


def as_(app: TestClient, role: Role, lang: str) -> None:
    session = Session()
    session.sign_in("the-users-token", ME, role, "测试", time.time() + 3600)
    app.cookies.set(COOKIE, SessionCodec(SETTINGS.session_key).dumps(session))
    app.cookies.set("procnet_lang", lang)


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


PAGES = [
    (Role.PROVIDER, "/broker/statement?month=2026-12", {"zh": "月度对账单", "en": "Monthly"}),
    (Role.PROVIDER, "/broker/award", {"zh": "还差", "en": "Still needed"}),
    (Role.PROVIDER, "/broker/lots", {"zh": "返工", "en": "Rework"}),
    (Role.PROVIDER, f"/broker/lots/{JOB}", {"zh": "确认签收", "en": "Confirm the receipt"}),
    (Role.OFFICE, "/office/receivables", {"zh": "0–30 天", "en": "0–30 days"}),
    (Role.OFFICE, "/office/lots", {"zh": "物料与检验", "en": "Materials and inspection"}),
    (Role.OFFICE, f"/office/lots/{JOB}", {"zh": "登记检验", "en": "Record an inspection"}),
    (Role.ADMIN, "/federation/awards?county=suichang&year=2026", {"zh": "已核定", "en": "Assess"}),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("role", "path", "words"), PAGES)
def test_each_page_renders_in_both_languages(
    app: TestClient, role: Role, path: str, words: dict[str, str], lang: str
) -> None:
    as_(app, role, lang)
    page = app.get(path)
    assert page.status_code == 200, page.text[:2000]
    assert words[lang] in page.text


def test_the_award_meter_shows_what_the_next_tier_still_needs(app: TestClient) -> None:
    as_(app, Role.PROVIDER, "en")
    page = app.get("/broker/award").text
    assert 'data-testid="bar-fee" data-missing="19993351"' in page and "¥199,933.51" in page
    assert 'data-testid="bar-workers" data-missing="61"' in page


def test_overpaying_is_said_beside_the_amount(app: TestClient, sent: list[httpx.Request]) -> None:
    as_(app, Role.OFFICE, "zh")
    token = csrf(app.get("/office/receivables").text)
    form = {"csrf_token": token, "amount_yuan": "100", "paid_on": "2026-12-01"}
    answer = app.post(f"/office/receivables/{DELIVERY}/payments", data=form)
    assert answer.status_code == 422
    assert 'data-field="amount_yuan">超过这批交货尚欠的金额（¥46.50）' in answer.text
    posted = next(r for r in sent if r.method == "POST")
    assert json.loads(posted.content) == {"amount_fen": 10000, "paid_on": "2026-12-01"}
    assert posted.headers["authorization"] == "Bearer the-users-token"


def test_a_receipt_sends_the_counted_lines(app: TestClient, sent: list[httpx.Request]) -> None:
    as_(app, Role.PROVIDER, "en")
    token = csrf(app.get(f"/broker/lots/{JOB}").text)
    form = {"csrf_token": token, "item[]": ["glass beads"], "counted[]": ["5.8"],
            "received_on": "2026-12-01"}  # fmt: skip
    answer = app.post(f"/broker/lots/{JOB}/receipt/{CONSIGNMENT}", data=form)
    assert answer.status_code == 303 and answer.headers["location"].endswith("?done=receipt")
    posted = next(r for r in sent if r.method == "POST")
    assert json.loads(posted.content) == {
        "job_id": JOB, "received_on": "2026-12-01",
        "lines": [{"item": "glass beads", "counted": "5.8"}],
    }  # fmt: skip


def test_an_inspection_refused_for_its_reason_says_so_beside_the_reason(app: TestClient) -> None:
    as_(app, Role.OFFICE, "en")
    token = csrf(app.get(f"/office/lots/{JOB}").text)
    form = {"csrf_token": token, "inspected": "30", "defective": "3", "decision": "accept"}
    answer = app.post(f"/office/lots/{JOB}/inspections", data=form)
    assert answer.status_code == 422
    assert "give a reason" in answer.text and 'data-field="reason"' in answer.text


def test_files_pass_through_with_the_users_token(
    app: TestClient, sent: list[httpx.Request]
) -> None:
    as_(app, Role.PROVIDER, "zh")
    pdf = app.get("/broker/statement/2026-12.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert sent[-1].headers["authorization"] == "Bearer the-users-token"
    assert app.get(f"/broker/lots/{JOB}/receipt.pdf").content.startswith(b"%PDF")
    assert app.get("/broker/statement/2026-12.exe").status_code == 404
    as_(app, Role.OFFICE, "zh")
    assert app.get("/broker/statement/2026-12.pdf").status_code == 403


def test_quantities_are_written_as_by_hand() -> None:
    from services.portal.i18n.formatting import quantity

    assert [quantity(x) for x in ("0.200", "6.000", "-0.200", "110", "5.8", None)] == [
        "0.2", "6", "-0.2", "110", "5.8", "",
    ]  # fmt: skip


def test_goods_go_back_with_the_units_and_carrier(
    app: TestClient, sent: list[httpx.Request]
) -> None:
    as_(app, Role.PROVIDER, "zh")
    token = csrf(app.get(f"/broker/lots/{JOB}").text)
    form = {"csrf_token": token, "units": "300", "carrier": "顺达", "shipped_on": "2026-12-01"}
    answer = app.post(f"/broker/lots/{JOB}/back", data=form)
    assert answer.status_code == 303 and answer.headers["location"].endswith("?done=back")
    posted = next(r for r in sent if r.method == "POST")
    assert json.loads(posted.content) == {
        "units": 300,
        "carrier": "顺达",
        "shipped_on": "2026-12-01",
    }
    refused = app.post(f"/broker/lots/{JOB}/back", data={**form, "units": "x", "carrier": ""})
    assert refused.status_code == 422
    assert 'data-field="units">请输入发回的成品件数' in refused.text
    assert 'data-field="carrier">请填写承运方' in refused.text
