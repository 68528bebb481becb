"""Audit records (issue 17): who made each loan, opt-in, transfer answer and season

Revision ID: 0003
Revises: 0002
"""

from shared.audit.tables import create_audit_table, drop_audit_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table()


def downgrade() -> None:
    drop_audit_table()
