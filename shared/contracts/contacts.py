"""Organisations' contacts (a phone number or a WeChat id): personal data, so not on the
topics every service reads. Each owner publishes them on its own compacted topic keyed by
the organisation's id, read only by the portal (its notification sinks hand the contact
to an SMS or WeChat gateway). The newest value per organisation is kept for ever; an
empty ``contact`` means the organisation has none.
"""

from __future__ import annotations

import uuid

from shared.events import Payload, registry
from shared.kafka.topics import INTAKE_CONTACTS, MATCHING_CONTACTS


@registry.contract("OfficeContactChanged", 1, topic=INTAKE_CONTACTS, key="office_id")
class OfficeContactChanged(Payload):
    """A liaison office's contact as intake now has it (set at registration or changed)."""

    office_id: uuid.UUID
    contact: str


@registry.contract("ProviderContactChanged", 1, topic=MATCHING_CONTACTS, key="provider_id")
class ProviderContactChanged(Payload):
    """A provider's contact as matching now has it (set at registration or changed)."""

    provider_id: uuid.UUID
    contact: str
