"""A delivery claimed more good units than inspection accepted.

Until now a delivery paid on the broker's claim before fulfilment reported on its order
kept every claimed unit, even those inspection then refused. Its receivable now gives
back the units inspection did not accept as far as they are unpaid
(``taken_back_units``), and counts those already paid (``overpaid_units``) for the
office to recover. Receivables made before this took nothing back (0).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("taken_back_units", "overpaid_units"):
        op.add_column(
            "receivables", sa.Column(column, sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    for column in ("overpaid_units", "taken_back_units"):
        op.drop_column("receivables", column)
