"""Audit records (issue 17): who made each write, and for whose object

Revision ID: 0006
Revises: 0005
"""

from shared.audit.tables import create_audit_table, drop_audit_table

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table()


def downgrade() -> None:
    drop_audit_table()
