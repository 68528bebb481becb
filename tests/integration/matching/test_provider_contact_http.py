"""A provider's contact reaches the portal on matching.contacts (keyed by provider id):
once at registration and once per PATCH that really changes it; a PATCH of auto-accept
alone or of the same contact publishes nothing. matching.providers never carries it."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from shared.kafka.topics import MATCHING_CONTACTS, PROVIDERS
from tests.integration.matching.conftest import broker, register
from tests.support.kafka_io import read_all
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def contacts(bootstrap: str, provider_id: uuid.UUID) -> list[str]:
    records = await read_all(bootstrap, MATCHING_CONTACTS.name)
    found = [json.loads(r.value) for r in records if r.key == str(provider_id).encode()]
    return [v["payload"]["contact"] for v in found if v["type"] == "ProviderContactChanged"]


async def test_registration_and_each_real_change_publish_the_contact(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    pid = await register(http)
    for body in ({"auto_accept": True}, {"contact": "139-0000-0000"}, {"contact": "wxid_b1"}):
        r = await http.patch(f"/v1/providers/{pid}", json=body, headers=broker(pid))
        assert r.status_code == 200, r.text
    assert r.json()["contact"] == "wxid_b1"
    want = ["139-0000-0000", "wxid_b1"]  # registration, then the one real change
    got = await eventually(lambda: contacts(bootstrap, pid), lambda c: c == want,
                           what="the provider's contacts on Kafka")  # fmt: skip
    assert got == want
    providers = await read_all(bootstrap, PROVIDERS.name)
    mine = [json.loads(r.value)["payload"] for r in providers if str(pid).encode() == r.key]
    assert mine and all("contact" not in p for p in mine)
