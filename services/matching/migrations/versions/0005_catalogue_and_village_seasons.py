"""Matching keeps intake's catalogue; seasonal factors may name a village group.

``categories`` holds every code intake has defined (``CategoryDefined``), seeded
with the six the system starts with so they are known before any event.
``seasonal_factors`` gains ``village_group`` ('' for the whole county; else the
balancer's comma-separated village names), part of the key: one season may give
a county and several of its village groups their own factors.

Revision ID: 0005
Revises: 0003 (the coordinator chains it after 0004 at merge; it touches no
table 0004 does)
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INITIAL = [
    ("bead_work", "Bead work", "串珠", False),
    ("pearl_embroidery", "Pearl embroidery", "珠绣", False),
    ("crochet", "Crochet", "钩编", False),
    ("garment_sewing", "Garment sewing", "服装缝制", False),
    ("knitting", "Knitting", "针织", False),
    ("welding_assembly", "Welding and small machinery assembly", "电焊及小机械组装", True),
]


def upgrade() -> None:
    categories = op.create_table(
        "categories",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.Column("machinery", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.bulk_insert(
        categories,
        [dict(zip(("code", "name_en", "name_zh", "machinery"), c, strict=True)) for c in INITIAL],
    )
    op.add_column(
        "seasonal_factors",
        sa.Column("village_group", sa.Text(), nullable=False, server_default=""),
    )
    op.drop_constraint("seasonal_factors_pkey", "seasonal_factors", type_="primary")
    op.create_primary_key(
        "seasonal_factors_pkey", "seasonal_factors", ["season_id", "county", "village_group"]
    )


def downgrade() -> None:
    op.execute("DELETE FROM seasonal_factors WHERE village_group <> ''")
    op.drop_constraint("seasonal_factors_pkey", "seasonal_factors", type_="primary")
    op.drop_column("seasonal_factors", "village_group")
    op.create_primary_key("seasonal_factors_pkey", "seasonal_factors", ["season_id", "county"])
    op.drop_table("categories")
