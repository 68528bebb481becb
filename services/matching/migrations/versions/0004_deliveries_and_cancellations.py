"""Several deliveries per job, the order's defect tolerance, cancelled jobs' owed units.

``job_deliveries`` holds each shipment; a job delivered before this revision
gets its one delivery copied in. ``orders.defect_tolerance_pct`` comes from
OrderSubmitted (0 for orders stored before). ``jobs`` gains ``over_tolerance``,
``cancel_reason`` and ``units_kept``.

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
        "orders",
        sa.Column("defect_tolerance_pct", sa.Numeric(), nullable=False, server_default="0"),
    )
    op.alter_column("orders", "defect_tolerance_pct", server_default=None)
    op.add_column(
        "jobs",
        sa.Column("over_tolerance", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("jobs", sa.Column("cancel_reason", sa.Text(), nullable=True))
    op.add_column("jobs", sa.Column("units_kept", sa.Integer(), nullable=True))
    op.create_table(
        "job_deliveries",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("job_id", sa.UUID(), nullable=False),
        sa.Column("good_units", sa.Integer(), nullable=False),
        sa.Column("defective_units", sa.Integer(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("over_tolerance", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("good_units >= 0"),
        sa.CheckConstraint("defective_units >= 0"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_job_deliveries_job_id"), "job_deliveries", ["job_id"], unique=False)
    # The one delivery of each job delivered so far (gen_random_uuid: PostgreSQL 13+).
    op.execute(
        "INSERT INTO job_deliveries (id, job_id, good_units, defective_units, delivered_on,"
        " late, over_tolerance) SELECT gen_random_uuid(), id, good_units, defective_units,"
        " delivered_on, coalesce(late, false), false FROM jobs WHERE status = 'delivered'"
        " AND good_units IS NOT NULL AND delivered_on IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_job_deliveries_job_id"), table_name="job_deliveries")
    op.drop_table("job_deliveries")
    op.drop_column("jobs", "units_kept")
    op.drop_column("jobs", "cancel_reason")
    op.drop_column("jobs", "over_tolerance")
    op.drop_column("orders", "defect_tolerance_pct")
