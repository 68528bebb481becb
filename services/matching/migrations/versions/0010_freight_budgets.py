"""The freight budget per county (or the region's default) and what it bought per batch

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "freight_budgets",
        sa.Column("scope", sa.Text, primary_key=True),
        sa.Column(
            "basis_points",
            sa.Integer,
            sa.CheckConstraint("basis_points BETWEEN 0 AND 10000", name="budget_range"),
            nullable=False,
        ),
        sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "budget_batches",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("recorded_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("basis_points", sa.Integer, nullable=False),
        sa.Column("transport_limit_millifen", sa.BigInteger, nullable=False),
        sa.Column("cost_only_transport_millifen", sa.BigInteger, nullable=False),
        sa.Column("plan_transport_millifen", sa.BigInteger, nullable=False),
        sa.Column("cost_only_low_income_fee_fen", sa.BigInteger, nullable=False),
        sa.Column("low_income_fee_gained_fen", sa.BigInteger, nullable=False),
        sa.Column("units_placed", sa.Integer, nullable=False),
        sa.Column("weight", sa.Integer, nullable=False),
        sa.Column("solves", sa.Integer, nullable=False),
    )
    op.create_index("ix_budget_batches_recorded_at", "budget_batches", ["recorded_at"])


def downgrade() -> None:
    op.drop_table("budget_batches")
    op.drop_table("freight_budgets")
