"""Pay inspected good units: orders fulfilment reports on, and each fact's source

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "deliveries",
        sa.Column("source", sa.Text(), server_default="delivered", nullable=False),
    )
    op.create_table(
        "inspected_orders",
        sa.Column("order_id", postgresql.UUID(as_uuid=True), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("inspected_orders")
    op.drop_column("deliveries", "source")
