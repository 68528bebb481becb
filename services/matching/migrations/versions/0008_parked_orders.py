"""Orders the matcher parks (issue 17): why, in ``orders.parked_reason``

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("parked_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("orders", "parked_reason")
