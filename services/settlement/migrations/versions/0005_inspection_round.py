"""Which inspection round a kept inspection was (1 the delivery, 2.. its rework).

Freight is charged once per piece per trip: a first inspection is of the pieces the
delivery brought (a delivery claim made receivable before it already charged that trip),
a rework's re-inspection of pieces that went back to the village and came again (a trip
of its own). Settlement needs the round to tell them apart when it settles a kept fact
later. Facts kept before this (claims and inspections alike) are round 1.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "deliveries", sa.Column("round", sa.Integer(), server_default="1", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("deliveries", "round")
