"""An inspection's deduction comes off the enterprise's fee.

The office may accept a lot with a deduction (fulfilment's ``InspectionRecorded``
``deduction_fen``). Each inspection fact keeps it, and its receivable's fee is the good
units' fee less the deduction; payments can then never exceed what is really owed.
Receivables made before this have no deduction (0), as they were paid.

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
    for table in ("deliveries", "receivables"):
        op.add_column(
            table, sa.Column("deduction_fen", sa.BigInteger(), server_default="0", nullable=False)
        )
    op.drop_constraint("paid_le_owed", "receivables", type_="check")
    op.create_check_constraint(
        "paid_le_owed",
        "receivables",
        "paid_fen >= 0 AND paid_fen <= good_units * unit_fee_fen - deduction_fen",
    )
    op.create_check_constraint(
        "deduction_le_fee",
        "receivables",
        "deduction_fen >= 0 AND deduction_fen <= good_units * unit_fee_fen",
    )


def downgrade() -> None:
    op.drop_constraint("deduction_le_fee", "receivables", type_="check")
    op.drop_constraint("paid_le_owed", "receivables", type_="check")
    op.create_check_constraint(
        "paid_le_owed", "receivables", "paid_fen >= 0 AND paid_fen <= good_units * unit_fee_fen"
    )
    for table in ("receivables", "deliveries"):
        op.drop_column(table, "deduction_fen")
