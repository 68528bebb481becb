"""An office's contact change is one fact for the portal, and only when it changes."""

from __future__ import annotations

import uuid

from services.intake.domain.directory import Office
from shared.contracts.contacts import OfficeContactChanged


def test_a_changed_contact_is_announced_and_an_unchanged_one_is_not() -> None:
    office = Office(uuid.uuid4(), "Suichang Yiwu Office", "suichang", "yiwu", "13905781111")
    assert office.contact_changed("13905781111") is None
    assert office.contact_changed("wxid_sc") == OfficeContactChanged(
        office_id=office.id, contact="wxid_sc"
    )
    assert office.contact_changed("") == OfficeContactChanged(office_id=office.id, contact="")
