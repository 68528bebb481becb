"""Order terms from intake (materials ready, origin market): the earliest day units can move

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_terms",
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("materials_ready", sa.Date(), nullable=False),
        sa.Column("origin_market", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("order_id"),
    )


def downgrade() -> None:
    op.drop_table("order_terms")
