"""Keep the order's own sequence of an amendment, so the newest wins without trusting clocks.

Revision ID: 0006
Revises: 0003 (on branch h/intake; at merge it follows the other new matching revisions)
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("amended_seq", sa.Integer(), nullable=True))
    op.add_column("early_order_facts", sa.Column("sequence", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("early_order_facts", "sequence")
    op.drop_column("orders", "amended_seq")
