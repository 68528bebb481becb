"""A provider's contact reaches the portal on matching.contacts (keyed by provider id):
once at registration and once per PATCH that really changes it; a PATCH of auto-accept
alone or of the same contact publishes nothing. matching.providers never carries it."""

from __future__ import annotations

import importlib
import json
import uuid

import httpx
import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy.ext.asyncio import create_async_engine

from shared.kafka.topics import MATCHING_CONTACTS, PROVIDERS
from tests.integration.matching.conftest import broker, register
from tests.support.kafka_io import read_all
from tests.support.stack import admin_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
BACKFILL = "services.matching.migrations.versions.0011_announce_contacts"


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


async def test_the_backfill_migration_announces_every_provider_that_has_a_contact(
    http: httpx.AsyncClient,
) -> None:
    """Migration 0011 (providers registered before the topic existed), run again here in a
    transaction that is rolled back: it stages one ProviderContactChanged per provider, with
    the contact each has now."""
    pid, other = await register(http), await register(http)
    r = await http.patch(f"/v1/providers/{pid}", json={"contact": "wxid_old"}, headers=broker(pid))
    assert r.status_code == 200, r.text
    engine = create_async_engine(
        admin_url(), connect_args={"server_settings": {"search_path": "matching"}}
    )
    try:
        async with engine.connect() as conn:
            staged = await conn.run_sync(_run_backfill, (pid, other))
            await conn.rollback()
    finally:
        await engine.dispose()
    contact = (await http.get(f"/v1/providers/{other}", headers=broker(other))).json()["contact"]
    assert staged == {str(pid): ["wxid_old"], str(other): [contact]}


def _run_backfill(conn: sa.Connection, ids: tuple[uuid.UUID, ...]) -> dict[str, list[str]]:
    backfill = importlib.import_module(BACKFILL)
    before = _staged(conn, ids)
    with Operations.context(MigrationContext.configure(conn)):
        backfill.upgrade()
    after = _staged(conn, ids)
    return {k: after[k][len(before[k]) :] for k in after}


def _staged(conn: sa.Connection, ids: tuple[uuid.UUID, ...]) -> dict[str, list[str]]:
    rows = conn.execute(
        sa.text("SELECT key, value FROM outbox WHERE type = 'ProviderContactChanged' ORDER BY id")
    ).all()
    out: dict[str, list[str]] = {str(i): [] for i in ids}
    for key, value in rows:
        k = key.decode() if isinstance(key, bytes) else str(key)
        if k in out:
            out[k].append(json.loads(value)["payload"]["contact"])
    return out
