"""What inspection refused of a delivery claim made receivable before it.

Until now a delivery paid on the broker's claim before fulfilment reported on its order
kept every claimed unit, even those inspection then refused, and an inspection's
deduction was lost when the claim already covered its units. Each inspection now
restates the job's receivables against what it accepted: whole unpaid units come off
(``taken_back_units``), the rest of the difference off what is outstanding
(``reclaimed_fen``), and what was paid beyond it is counted (``overpaid_fen``) for the
office to recover. Receivables made before this changed nothing (0).

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
    op.add_column(
        "receivables",
        sa.Column("taken_back_units", sa.Integer(), server_default="0", nullable=False),
    )
    for column in ("reclaimed_fen", "overpaid_fen"):
        op.add_column(
            "receivables", sa.Column(column, sa.BigInteger(), server_default="0", nullable=False)
        )
    _constraints(
        "paid_fen >= 0 AND paid_fen <= good_units * unit_fee_fen - deduction_fen - reclaimed_fen",
        "deduction_fen >= 0 AND reclaimed_fen >= 0 "
        "AND deduction_fen + reclaimed_fen <= good_units * unit_fee_fen",
    )
    op.create_check_constraint(
        "overpaid_le_paid", "receivables", "overpaid_fen >= 0 AND overpaid_fen <= paid_fen"
    )


def downgrade() -> None:
    op.drop_constraint("overpaid_le_paid", "receivables", type_="check")
    _constraints(
        "paid_fen >= 0 AND paid_fen <= good_units * unit_fee_fen - deduction_fen",
        "deduction_fen >= 0 AND deduction_fen <= good_units * unit_fee_fen",
    )
    for column in ("overpaid_fen", "reclaimed_fen", "taken_back_units"):
        op.drop_column("receivables", column)


def _constraints(paid_le_owed: str, deduction_le_fee: str) -> None:
    for name, rule in (("paid_le_owed", paid_le_owed), ("deduction_le_fee", deduction_le_fee)):
        op.drop_constraint(name, "receivables", type_="check")
        op.create_check_constraint(name, "receivables", rule)
