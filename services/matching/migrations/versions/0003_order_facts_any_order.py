"""Orders remember the amendment they hold; facts that overtake their submission wait.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("amended_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("orders", sa.Column("amended_by", sa.UUID(), nullable=True))
    op.create_table(
        "early_order_facts",
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "kind = 'cancelled' OR (quantity IS NOT NULL AND deadline IS NOT NULL)",
            name="amendment_has_terms",
        ),
        sa.PrimaryKeyConstraint("order_id", "event_id"),
    )


def downgrade() -> None:
    op.drop_table("early_order_facts")
    op.drop_column("orders", "amended_by")
    op.drop_column("orders", "amended_at")
