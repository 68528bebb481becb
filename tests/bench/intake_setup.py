"""An office with a client on a running intake, and the order body every request sends."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import httpx

from shared.identity import Role
from shared.region import clock
from tests.support.tokens import admin, bearer


@dataclass(frozen=True)
class Office:
    headers: dict[str, str]
    client_id: uuid.UUID


async def new_office(url: str) -> Office:
    office_id = uuid.uuid4()
    headers = bearer(office_id, Role.OFFICE)
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        office = {
            "id": str(office_id),
            "name": f"Bench Office {office_id.hex[:8]}",
            "county": "suichang",
            "market": "yiwu",
        }
        (await http.post("/v1/offices", json=office, headers=admin())).raise_for_status()
        client = {"name": "Yiwu Jewelry Co", "contact": "Ms Chen", "home_market": "yiwu"}
        r = await http.post("/v1/clients", json=client, headers=headers)
        r.raise_for_status()
    return Office(headers, uuid.UUID(r.json()["id"]))


def order_body(office: Office, quantity: int = 1200) -> dict[str, object]:
    ready = clock.today() + timedelta(days=20)
    return {
        "client_id": str(office.client_id),
        "category": "bead_work",
        "description": "Beaded hair clips YW-2231",
        "quantity": quantity,
        "unit_fee_cny": "0.35",
        "materials_ready": ready.isoformat(),
        "deadline": (ready + timedelta(days=20)).isoformat(),
        "origin_market": "yiwu",
        "splittable": True,
        "min_lot": 200,
        "materials": [{"item": "glass beads 4mm", "quantity": "6", "unit": "kg"}],
    }
