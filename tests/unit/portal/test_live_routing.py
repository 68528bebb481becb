"""Which organisation an event concerns (services/portal/live/routing.py)."""

from __future__ import annotations

import uuid

from services.portal.live import routing
from services.portal.live.routing import Kind, Note

ORDER, OFFICE, BROKER, FACTORY = (str(uuid.uuid4()) for _ in range(4))


def _notes(event_type: str, payload: dict[str, object], offices: dict[str, str] | None = None):
    return routing.notes("e1", event_type, "2026-12-01T03:00:00+00:00", payload, offices or {})


def test_an_offer_goes_to_its_broker_and_to_the_office_of_its_order() -> None:
    payload = {"offer_id": "o", "order_id": ORDER, "provider_id": BROKER, "units": 200,
               "category": "beads", "unit_fee_fen": 35}  # fmt: skip
    found = {n.org_id: n for n in _notes("JobOffered", payload, {ORDER: OFFICE})}
    assert set(found) == {BROKER, OFFICE}
    assert found[BROKER].kind is Kind.OFFER and "/broker/offers" in found[BROKER].pages
    assert found[OFFICE].kind is Kind.ORDER
    assert found[OFFICE].pages[:2] == ["/office/orders", f"/office/orders/{ORDER}"]
    # Fees stay out of the text's fields: a note may leave by SMS.
    assert found[BROKER].params == {"units": 200, "category": "beads"}


def test_the_office_is_told_only_once_its_order_is_known() -> None:
    assert _notes("OfferAccepted", {"order_id": ORDER, "provider_id": BROKER, "units": 5}) == []
    known = _notes("OfferAccepted", {"order_id": ORDER, "provider_id": BROKER, "units": 5},
                   {ORDER: OFFICE})  # fmt: skip
    assert [n.org_id for n in known] == [OFFICE]


def test_order_submitted_names_the_office_and_notifies_nobody() -> None:
    payload: dict[str, object] = {"order_id": ORDER, "office_id": OFFICE}
    assert routing.office_of_submitted("OrderSubmitted", payload) == (ORDER, OFFICE)
    assert routing.office_of_submitted("OfferAccepted", payload) is None
    assert _notes("OrderSubmitted", payload, {ORDER: OFFICE}) == []


def test_a_transfer_is_proposed_to_the_receiving_factory_only() -> None:
    payload = {"transfer_id": "t", "job_id": "j", "order_id": ORDER, "units": 40,
               "from_provider_id": BROKER, "to_provider_id": FACTORY}  # fmt: skip
    (note,) = _notes("TransferProposed", payload, {ORDER: OFFICE})
    assert (note.org_id, note.kind) == (FACTORY, Kind.TRANSFER)
    assert routing.page_matches(note.pages, "/factory/transfers")
    assert not routing.page_matches(note.pages, "/broker/offers")


def test_unknown_and_foreign_events_concern_nobody() -> None:
    assert _notes("SeasonDefined", {"season_id": "s"}) == []
    assert _notes("CapacityChanged", {"provider_id": BROKER}) == []


def test_one_note_per_organisation_even_if_two_rules_name_it() -> None:
    payload = {"job_id": "j", "new_job_id": "k", "order_id": ORDER, "transfer_id": "t",
               "from_provider_id": BROKER, "to_provider_id": BROKER, "units": 3}  # fmt: skip
    notes = _notes("JobSplit", payload)
    assert [n.org_id for n in notes] == [BROKER]


def test_pages_match_exactly_or_by_prefix() -> None:
    pages = ["/office/orders", f"/office/orders/{ORDER}", "/factory/*"]
    assert routing.page_matches(pages, "/office/orders")
    assert routing.page_matches(pages, f"/office/orders/{ORDER}")
    assert not routing.page_matches(pages, "/office/orders/new")  # a form being filled
    assert not routing.page_matches(pages, f"/office/orders/{uuid.uuid4()}")
    assert routing.page_matches(pages, "/factory/loans")


def test_a_note_survives_its_json_and_fills_missing_fields_empty() -> None:
    (note,) = _notes("OfferWithdrawn", {"order_id": ORDER, "provider_id": BROKER, "units": 1})
    assert Note.from_dict(note.as_dict()) == note
    assert routing.fill(note.message, note.params) == "An offer was withdrawn: "


def test_the_contact_topics_tell_an_organisations_contact_and_notify_nobody() -> None:
    office, provider = str(uuid.uuid4()), str(uuid.uuid4())
    changed = {"office_id": office, "contact": "0578-2123456"}
    assert routing.contact_of("OfficeContactChanged", changed) == (office, "0578-2123456")
    assert routing.contact_of(
        "ProviderContactChanged", {"provider_id": provider, "contact": ""}
    ) == (
        provider,
        "",
    )
    assert routing.contact_of("ProviderRegistered", {"provider_id": provider}) is None
    assert routing.notes("e", "OfficeContactChanged", "", changed, {}) == []
