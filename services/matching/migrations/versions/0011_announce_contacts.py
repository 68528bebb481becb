"""Providers registered before contacts had a topic announce theirs once.

``matching.contacts`` (``ProviderContactChanged``) is published at registration and when a
contact changes; the providers already here would otherwise never reach the portal's
notifications. Each with a contact is published once through the outbox.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

import shared.contracts  # noqa: F401  (registers every contract)
from shared.contracts.contacts import ProviderContactChanged
from shared.events import new_envelope
from shared.outbox.writer import outbox_row

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    providers = sa.table("providers", sa.column("id"), sa.column("contact"))
    rows = bind.execute(
        sa.select(providers).where(providers.c.contact != "").order_by(providers.c.id)
    ).all()
    outbox = sa.table(
        "outbox",
        *(sa.column(c) for c in ("event_id", "topic", "key", "shard", "type", "value")),
        sa.column("headers", sa.JSON()),
    )
    events = []
    for r in rows:
        payload = ProviderContactChanged(provider_id=r.id, contact=r.contact)
        envelope = new_envelope(payload, key=payload.event_key())
        events.append(outbox_row(payload.event_topic, envelope))
    if events:
        bind.execute(sa.insert(outbox), events)


def downgrade() -> None:
    """Nothing to undo: the events are history."""
