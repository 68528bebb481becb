"""Audit records (issue 17): who made each write, and for whose object

Revision ID: 0005
Revises: 0004
"""

from shared.audit.tables import create_audit_table, drop_audit_table

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table()


def downgrade() -> None:
    drop_audit_table()
