"""Orders keep their product description, so a broker's offer says what is to be made.

Orders submitted before this have none (an empty description, also the default for rows
written other than by a submission); the portal then shows the category alone, as it did.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("description", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("orders", "description")
