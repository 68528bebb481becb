"""The audit table every service that records writes keeps in its own schema; created by
that service's own alembic revision (``create_audit_table``)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

ID = UUID(as_uuid=True)


def _columns() -> list[sa.Column]:
    return [
        sa.Column("id", ID, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", ID, nullable=False),
        sa.Column("actor_role", sa.Text, nullable=False),
        sa.Column("owner_id", ID, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("object_type", sa.Text, nullable=False),
        sa.Column("object_id", ID, nullable=False),
    ]


def add_audit_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "audit_records",
        metadata,
        *_columns(),
        sa.Index("audit_records_by_owner", "owner_id", "at"),
    )


def create_audit_table() -> None:
    """For a service's migration: the same table and index as ``add_audit_table``."""
    from alembic import op

    op.create_table("audit_records", *_columns())
    op.create_index("audit_records_by_owner", "audit_records", ["owner_id", "at"])


def drop_audit_table() -> None:
    from alembic import op

    op.drop_index("audit_records_by_owner", table_name="audit_records")
    op.drop_table("audit_records")
