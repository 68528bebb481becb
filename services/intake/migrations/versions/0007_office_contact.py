"""Offices get a contact (phone or WeChat id) the portal's notification sinks send to;
"" for the offices registered before (they set it with PATCH /v1/offices/{id}).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "offices", sa.Column("contact", sa.Text(), nullable=False, server_default=sa.text("''"))
    )


def downgrade() -> None:
    op.drop_column("offices", "contact")
