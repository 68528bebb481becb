"""An admin acted on another organisation's object (issue 17, finding 6).

Every write records its actor in the acting service's own audit table; when the actor
is an admin and the object belongs to another organisation, the service also publishes
this event on its own topic, so the organisation (and anyone auditing) learns of it.
The (frozen) docstrings below name the first acts; ``action`` tells which: intake's also
cover an office or admin organisation registered (``office.register``,
``admin.register``), matching's a provider registered, its profile, capacity or calendar
changed (``provider.register``, ``provider.update``, ``capacity.set``, ``calendar.add``,
``calendar.remove``). The balancer has none: no admin acts there for another organisation.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from shared.events import Payload, registry
from shared.kafka.topics import ORDERS, PLACEMENTS, PROVIDERS


class AdminAct(Payload):
    """What every admin-acted event says: who, on whose object, what."""

    record_id: uuid.UUID  # the audit record in the acting service
    admin_id: uuid.UUID
    admin_role: str
    owner_id: uuid.UUID  # the organisation whose object it is
    action: str  # e.g. "order.amend", "office.register", "calendar.add", "secret.rotate"
    object_type: str
    object_id: uuid.UUID
    at: datetime


@registry.contract("AdminActed", 1, topic=ORDERS, key="object_id")
class AdminActed(AdminAct):
    """Intake's: an admin amended or cancelled an office's order or rotated its secret.
    Keyed by the object (an order's events stay in its partition)."""


@registry.contract("PlacementAdminActed", 1, topic=PLACEMENTS, key="order_id")
class PlacementAdminActed(AdminAct):
    """Matching's: an admin accepted or declined an offer, or reported progress or a
    delivery, for a broker. Keyed by the order, as every placement event."""

    order_id: uuid.UUID


@registry.contract("ProviderAdminActed", 1, topic=PROVIDERS, key="owner_id")
class ProviderAdminActed(AdminAct):
    """Matching's: an admin rotated a provider's secret. Keyed by the provider."""
