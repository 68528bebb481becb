"""The fulfilment schema. Only this service reads or writes it.

Orders and lots are fulfilment's copies of intake's and matching's facts (materials,
units, owners); the ledger, consignments and inspections are its own. The ledger's
balance is also a constraint: no row can hold received != consumed + returned +
scrapped + held, or hold less than nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.db.messaging_tables import add_messaging_tables

metadata = sa.MetaData()
messaging = add_messaging_tables(metadata)  # outbox, relay shards, inbox
TZ = sa.DateTime(timezone=True)
ID = UUID(as_uuid=True)
QTY = sa.Numeric(14, 3)


def _created() -> sa.Column[object]:
    return sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now())


orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("office_id", ID, nullable=False, index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("basis_units", sa.Integer, nullable=False),
    sa.Column("materials", JSONB, nullable=False),
    sa.Column("defect_tolerance_pct", sa.Numeric(5, 2), nullable=False),
    sa.Column("origin_market", sa.Text, nullable=False),
    sa.Column("deadline", sa.Date, nullable=False),
    sa.Column("materials_ready", sa.Date, nullable=True),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("cancelled", sa.Boolean, nullable=False),
    _created(),
)

lots = sa.Table(
    "lots",
    metadata,
    sa.Column("job_id", ID, primary_key=True),
    sa.Column("order_id", ID, nullable=False, index=True),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("units", sa.Integer, nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("round_units", sa.Integer, nullable=False),
    sa.Column("accepted_units", sa.Integer, nullable=False),
    sa.Column("rework_due", sa.Date, nullable=True),
    sa.Column("delivered_late", sa.Boolean, nullable=False),
    sa.Column("reconciled", sa.Boolean, nullable=False),
    sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
    sa.CheckConstraint("units >= 0", name="lot_units"),
)

accounts = sa.Table(
    "material_accounts",
    metadata,
    sa.Column("job_id", ID, sa.ForeignKey("lots.job_id"), primary_key=True),
    sa.Column("item", sa.Text, primary_key=True),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("owed", QTY, nullable=False),
    sa.Column("received", QTY, nullable=False),
    sa.Column("consumed", QTY, nullable=False),
    sa.Column("returned", QTY, nullable=False),
    sa.Column("scrapped", QTY, nullable=False),
    sa.Column("held", QTY, nullable=False),
    sa.CheckConstraint(
        "held >= 0 AND received = consumed + returned + scrapped + held", name="ledger_balances"
    ),
)

# Where each provider is (matching's ProviderRegistered): its county, for freight.
providers = sa.Table(
    "providers",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("county", sa.Text, nullable=False),
)

consignments = sa.Table(
    "consignments",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("office_id", ID, nullable=False, index=True),
    sa.Column("direction", sa.Text, nullable=False),
    sa.Column("carrier", sa.Text, nullable=False),
    sa.Column("shipped_on", sa.Date, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("orders", JSONB, nullable=False),  # job id -> order id
    sa.Column("units", JSONB, nullable=False),  # job id -> finished units (back)
    _created(),
)

consignment_lines = sa.Table(
    "consignment_lines",
    metadata,
    sa.Column("consignment_id", ID, sa.ForeignKey("consignments.id"), primary_key=True),
    sa.Column("job_id", ID, primary_key=True, index=True),
    sa.Column("item", sa.Text, primary_key=True),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("quantity", QTY, nullable=False),
    sa.Column("counted", QTY, nullable=True),  # null until the lot's broker confirms
    sa.Column("received_on", sa.Date, nullable=True),
)

# Lots a consignment serves, so a lot with no material lines on it (goods back) is found too.
consignment_lots = sa.Table(
    "consignment_lots",
    metadata,
    sa.Column("consignment_id", ID, sa.ForeignKey("consignments.id"), primary_key=True),
    sa.Column("job_id", ID, primary_key=True, index=True),
    sa.Column("received_on", sa.Date, nullable=True),
)

inspections = sa.Table(
    "inspections",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("job_id", ID, sa.ForeignKey("lots.job_id"), nullable=False, index=True),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("inspected", sa.Integer, nullable=False),
    sa.Column("defective", sa.Integer, nullable=False),
    sa.Column("decision", sa.Text, nullable=False),
    sa.Column("deduction_fen", sa.BigInteger, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("within_tolerance", sa.Boolean, nullable=False),
    sa.Column("rework_units", sa.Integer, nullable=False),
    sa.Column("rework_due", sa.Date, nullable=True),
    sa.Column("inspected_on", sa.Date, nullable=False),
    sa.Column("late", sa.Boolean, nullable=False),
    _created(),
)
