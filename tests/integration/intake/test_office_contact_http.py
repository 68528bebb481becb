"""An office's contact (for the portal's SMS/WeChat notifications): given at registration
or not, changed by PATCH /v1/offices/{id} by the office itself or an admin, shown in
GET /v1/offices, never on the public list; bad input is a 422 naming ``contact``, another
office's a 404. Each change that really changes it is one OfficeContactChanged on
intake.contacts, keyed by the office id."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from shared.kafka.topics import INTAKE_CONTACTS
from tests.integration.intake.conftest import new_office
from tests.support.kafka_io import read_all
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def published(bootstrap: str, office_id: uuid.UUID) -> list[str]:
    records = await read_all(bootstrap, INTAKE_CONTACTS.name)
    found = [json.loads(r.value) for r in records if r.key == str(office_id).encode()]
    return [v["payload"]["contact"] for v in found if v["type"] == "OfficeContactChanged"]


async def test_an_office_sets_its_contact_and_it_is_published_once_per_change(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    office = await new_office(http)
    listed = (await http.get("/v1/offices", headers=office.headers)).json()
    assert [o["contact"] for o in listed] == [""]
    for contact in ("13905781111", "13905781111", "  wxid_suichang01 "):  # the 2nd: no change
        r = await http.patch(
            f"/v1/offices/{office.id}", json={"contact": contact}, headers=office.headers
        )
        assert r.status_code == 200, r.text
    assert r.json()["contact"] == "wxid_suichang01"
    listed = (await http.get("/v1/offices", headers=office.headers)).json()
    assert [o["contact"] for o in listed] == ["wxid_suichang01"]
    by_admin = await http.patch(
        f"/v1/offices/{office.id}", json={"contact": "0578-2000001"}, headers=admin()
    )
    assert by_admin.status_code == 200, by_admin.text
    want = ["13905781111", "wxid_suichang01", "0578-2000001"]
    got = await eventually(
        lambda: published(bootstrap, office.id), lambda c: c == want, what="the contacts on Kafka"
    )
    assert got == want
    public = (await http.get("/v1/public/offices")).json()
    assert all("contact" not in o for o in public)


async def test_a_contact_at_registration_is_published(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    office_id = uuid.uuid4()
    body = {"id": str(office_id), "name": f"Jinyun Yiwu Office {office_id.hex[:6]}",
            "county": "jinyun", "market": "yiwu", "contact": "0578-3123456"}  # fmt: skip
    made = await http.post("/v1/offices", json=body, headers=admin())
    assert made.status_code == 201 and made.json()["contact"] == "0578-3123456", made.text
    got = await eventually(lambda: published(bootstrap, office_id), what="the contact on Kafka")
    assert got == ["0578-3123456"]


async def test_bad_contacts_and_other_offices_are_refused(http: httpx.AsyncClient) -> None:
    office, other = await new_office(http), await new_office(http)
    long = await http.patch(
        f"/v1/offices/{office.id}", json={"contact": "1" * 101}, headers=office.headers
    )
    assert long.status_code == 422 and long.json()["detail"][0]["field"] == "contact", long.text
    missing = await http.patch(f"/v1/offices/{office.id}", json={}, headers=office.headers)
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "contact"
    foreign = await http.patch(
        f"/v1/offices/{other.id}", json={"contact": "13900000000"}, headers=office.headers
    )
    assert foreign.status_code == 404, foreign.text
    listed = (await http.get("/v1/offices", headers=other.headers)).json()
    assert [o["contact"] for o in listed] == [""]  # unchanged
    nobody = await http.patch(
        f"/v1/offices/{uuid.uuid4()}", json={"contact": "13900000000"}, headers=admin()
    )
    assert nobody.status_code == 404, nobody.text
