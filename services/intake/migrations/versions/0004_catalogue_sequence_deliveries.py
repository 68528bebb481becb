"""Catalogue says which categories are machinery work and announces itself; orders count their
own changes (the sequence their events carry); a lot remembers a delivery over tolerance.

The whole catalogue as it stands (the six initial categories and any an admin added)
is published once as ``CategoryDefined`` through the outbox, so the other services
learn it without reading intake's tables; categories defined later publish their own.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import shared.contracts  # noqa: F401  (registers every contract)
from shared.contracts.orders import CategoryDefined
from shared.events import new_envelope
from shared.outbox.writer import outbox_row

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MACHINERY = ("welding_assembly",)


def upgrade() -> None:
    op.add_column(
        "categories",
        sa.Column("machinery", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    categories = sa.table(
        "categories",
        sa.column("code"),
        sa.column("name_en"),
        sa.column("name_zh"),
        sa.column("machinery"),
    )
    op.execute(categories.update().where(categories.c.code.in_(MACHINERY)).values(machinery=True))
    op.add_column("orders", sa.Column("sequence", sa.Integer(), server_default="1", nullable=False))
    op.add_column(
        "placements",
        sa.Column("over_tolerance", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    _announce_catalogue(categories)


def _announce_catalogue(categories: sa.TableClause) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(categories).order_by(categories.c.code)).all()
    outbox = sa.table(
        "outbox",
        *(sa.column(c) for c in ("event_id", "topic", "key", "shard", "type", "value")),
        sa.column("headers", sa.JSON()),
    )
    events = []
    for r in rows:
        payload = CategoryDefined(
            code=r.code, name_en=r.name_en, name_zh=r.name_zh, machinery=r.machinery
        )
        events.append(
            outbox_row(payload.event_topic, new_envelope(payload, key=payload.event_key()))
        )
    if events:
        bind.execute(sa.insert(outbox), events)


def downgrade() -> None:
    op.drop_column("placements", "over_tolerance")
    op.drop_column("orders", "sequence")
    op.drop_column("categories", "machinery")
