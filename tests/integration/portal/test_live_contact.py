"""The notification sinks hand the organisation's contact to the gateway (issue 14): a
provider registered with a contact gets an offer, and the file sink's line for it carries
that contact; an office changes its contact through PATCH /v1/offices/{id}, and the line
for its order's status change carries the new one. Each note still goes out once.
(Before, no line had a ``contact``: no event carried one.) No browser: the file sink of
the real portal process, fed by the real services through Kafka."""

from __future__ import annotations

from random import Random
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from services.portal.live.routing import Kind
from tests.integration.portal.conftest import provider_alone, register_office
from tests.integration.portal.test_broker_pages import submit_order
from tests.integration.portal.test_federation_pages import AdminLogin, federation
from tests.integration.portal.test_live import sink_lines
from tests.support.browser import sign_in, wait_until
from tests.support.services import RunningService
from tests.support.tokens import admin

__all__ = ["federation"]  # the fixture, from the federation pages' tests


def registered_provider(
    intake: RunningService, matching: RunningService, contact: str
) -> tuple[str, str]:
    """(provider id, category): a provider alone in a new category, with ``contact``."""
    names = ("Contact test beads", "联系方式测试串珠")
    found, code = provider_alone(intake, matching, "contact", names, contact=contact)
    return found["id"], code


def lines_of(order_id: str) -> list[dict[str, Any]]:
    return [line for line in sink_lines() if line.get("order_id") == order_id]


def test_the_sink_line_carries_the_providers_and_the_offices_contact(
    portal: RunningService, intake: RunningService, matching: RunningService
) -> None:
    rng = Random()
    provider_contact = f"139{rng.randrange(10**8):08d}"
    office_contact = f"wxid_lishui_{rng.randrange(10**6):06d}"
    provider_id, category = registered_provider(intake, matching, provider_contact)
    office = register_office(intake)
    changed = httpx.patch(
        f"{intake.url}/v1/offices/{office.id}",
        json={"contact": office_contact},
        headers=office.headers,
        timeout=30,
    )
    assert changed.status_code == 200, changed.text

    order_id = submit_order(intake, office, category)

    def both_told() -> bool:
        kinds = {(line["org_id"], line["kind"]) for line in lines_of(order_id)}
        return {(provider_id, Kind.OFFER.value), (str(office.id), Kind.ORDER.value)} <= kinds

    wait_until(both_told, timeout=60, what="the offer's lines in the file sink")
    lines = lines_of(order_id)
    contacts = {(line["org_id"], line["event_type"]): line["contact"] for line in lines}
    assert contacts[(provider_id, "JobOffered")] == provider_contact
    assert contacts[(str(office.id), "JobOffered")] == office_contact
    sent = [(line["event_id"], line["org_id"]) for line in lines]
    assert len(sent) == len(set(sent)), "a note went out twice"


def test_the_federation_sees_an_offices_contact(
    page: Page, federation: AdminLogin, intake: RunningService, lang: str
) -> None:
    office = register_office(intake)
    with httpx.Client(base_url=intake.url, timeout=30) as http:
        set_by_admin = http.patch(
            f"/v1/offices/{office.id}", json={"contact": "0578-2654321"}, headers=admin()
        )
        assert set_by_admin.status_code == 200, set_by_admin.text
    sign_in(page, str(federation.id), federation.secret)
    page.goto("/federation/organisations")
    shown = page.locator(f"[data-org-id='{office.id}']").get_by_test_id("contact")
    expect(shown).to_have_text(
        {"zh": "联系方式: 0578-2654321", "en": "Contact: 0578-2654321"}[lang]
    )
