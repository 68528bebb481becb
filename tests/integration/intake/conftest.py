"""A real intake process on the test stack, and an office with a client to act as."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from shared.identity import Role
from tests.support.services import RunningService
from tests.support.tokens import admin, bearer


@dataclass
class Office:
    id: uuid.UUID
    headers: dict[str, str]
    client_id: uuid.UUID


@pytest.fixture
async def http(intake: RunningService) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as client:
        yield client


async def new_office(http: httpx.AsyncClient) -> Office:
    office_id = uuid.uuid4()
    r = await http.post(
        "/v1/offices",
        json={
            "id": str(office_id),
            "name": f"Suichang Yiwu Office {office_id.hex[:6]}",
            "county": "suichang",
            "market": "yiwu",
        },
        headers=admin(),
    )
    assert r.status_code == 201, r.text
    headers = bearer(office_id, Role.OFFICE)
    r = await http.post(
        "/v1/clients",
        json={"name": "Yiwu Jewelry Co", "contact": "Ms Chen 138-0000-0000", "home_market": "yiwu"},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return Office(office_id, headers, uuid.UUID(r.json()["id"]))


@pytest.fixture
async def office(http: httpx.AsyncClient) -> Office:
    return await new_office(http)


def order_body(office: Office, **over: object) -> dict[str, object]:
    body: dict[str, object] = {
        "client_id": str(office.client_id),
        "category": "bead_work",
        "description": "Beaded hair clips YW-2231",
        "quantity": 1200,
        "unit_fee_cny": "0.35",
        "materials_ready": "2027-03-01",
        "deadline": "2027-03-20",
        "origin_market": "yiwu",
        "splittable": True,
        "min_lot": 200,
        "materials": [{"item": "glass beads 4mm", "quantity": "6", "unit": "kg"}],
    }
    return {**body, **over}
