"""Providers' quality record from fulfilment's inspections: lots inspected and rejected

Revision ID: 0007
Revises: 0006 (on branch h/fulfilment; at merge it follows the other new matching revisions)
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("inspected_lots", "rejected_lots"):
        op.add_column(
            "providers", sa.Column(column, sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    for column in ("rejected_lots", "inspected_lots"):
        op.drop_column("providers", column)
