"""The settlement schema. Only this service reads or writes it.

Orders' terms, categories, providers, jobs and deliveries are a projection of intake's
and matching's events; receivables, payments, loans and awards are settlement's own.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.db.messaging_tables import add_messaging_tables

metadata = sa.MetaData()
messaging = add_messaging_tables(metadata)  # outbox, relay shards, inbox
TZ = sa.DateTime(timezone=True)
ID = UUID(as_uuid=True)


def _created() -> sa.Column[object]:
    return sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now())


categories = sa.Table(
    "categories",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("machinery", sa.Boolean, nullable=False),
)

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("order_id", ID, primary_key=True),
    sa.Column("office_id", ID, nullable=False, index=True),
    sa.Column("client_id", ID, nullable=False),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("unit_fee_fen", sa.BigInteger, nullable=False),
    sa.Column("market", sa.Text, nullable=False),
)

providers = sa.Table(
    "providers",
    metadata,
    sa.Column("provider_id", ID, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("county", sa.Text, nullable=False, index=True),
    sa.Column("township", sa.Text, nullable=False),
    sa.Column("village", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, nullable=False),
    sa.Column("workers", sa.Integer, nullable=False),
    sa.Column("low_income", sa.Integer, nullable=False),
    sa.Column("reservoir_migrants", sa.Integer, nullable=False),
    sa.Column("relocated_farmers", sa.Integer, nullable=False),
    sa.Column("disabled", sa.Integer, nullable=False),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("job_id", ID, primary_key=True),
    sa.Column("order_id", ID, nullable=False),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("units", sa.Integer, nullable=False),
)

# Every delivery matching reports, kept once per delivery id (a replay changes nothing).
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("delivery_id", ID, primary_key=True),
    sa.Column("job_id", ID, nullable=False),
    sa.Column("order_id", ID, nullable=False, index=True),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("good_units", sa.Integer, nullable=False),
    sa.Column("defective_units", sa.Integer, nullable=False),
    sa.Column("delivered_on", sa.Date, nullable=False),
    sa.Column("final", sa.Boolean, nullable=False),
    sa.Column("settled", sa.Boolean, nullable=False, server_default=sa.false()),
    # "delivered" (matching's report) or "inspected" (fulfilment's inspection, id = its id)
    sa.Column("source", sa.Text, nullable=False, server_default="delivered"),
    sa.Column("deduction_fen", sa.BigInteger, nullable=False, server_default="0"),
    # an inspection's round (1 the delivery, 2.. its rework); a claim is of the first trip
    sa.Column("round", sa.Integer, nullable=False, server_default="1"),
)

# Orders fulfilment reports on (materials shipped through it, or goods inspected): they are
# paid on inspected good units, not on the broker's delivery report (domain/fees/facts.py).
inspected_orders = sa.Table(
    "inspected_orders",
    metadata,
    sa.Column("order_id", ID, primary_key=True),
)

receivables = sa.Table(
    "receivables",
    metadata,
    sa.Column("delivery_id", ID, sa.ForeignKey("deliveries.delivery_id"), primary_key=True),
    sa.Column("job_id", ID, nullable=False),
    sa.Column("order_id", ID, nullable=False),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("office_id", ID, nullable=False, index=True),
    sa.Column("client_id", ID, nullable=False),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("county", sa.Text, nullable=False),
    sa.Column("market", sa.Text, nullable=False),
    sa.Column("good_units", sa.Integer, nullable=False),
    sa.Column("defective_units", sa.Integer, nullable=False),
    sa.Column("unit_fee_fen", sa.BigInteger, nullable=False),
    sa.Column("freight_fen", sa.BigInteger, nullable=False),
    sa.Column("freight_subsidy_fen", sa.BigInteger, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("deduction_fen", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("paid_fen", sa.BigInteger, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("taken_back_units", sa.Integer, nullable=False, server_default="0"),
    sa.Column("reclaimed_fen", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("overpaid_fen", sa.BigInteger, nullable=False, server_default="0"),
    _created(),
    sa.CheckConstraint(
        "paid_fen >= 0 AND paid_fen <= good_units * unit_fee_fen - deduction_fen - reclaimed_fen",
        name="paid_le_owed",
    ),
    sa.CheckConstraint(
        "deduction_fen >= 0 AND reclaimed_fen >= 0 "
        "AND deduction_fen + reclaimed_fen <= good_units * unit_fee_fen",
        name="deduction_le_fee",
    ),
    sa.CheckConstraint("overpaid_fen >= 0 AND overpaid_fen <= paid_fen", name="overpaid_le_paid"),
)

# What a receivable earns the enterprise (domain/fees/receivable.py ``earned_fen``), for sums
# in SQL: the fee less what inspection took off and what was paid for refused pieces.
RECEIVABLE_EARNED = (
    receivables.c.good_units * receivables.c.unit_fee_fen
    - receivables.c.deduction_fen
    - receivables.c.reclaimed_fen
    - receivables.c.overpaid_fen
)

payments = sa.Table(
    "payments",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column(
        "delivery_id", ID, sa.ForeignKey("receivables.delivery_id"), nullable=False, index=True
    ),
    sa.Column("amount_fen", sa.BigInteger, nullable=False),
    sa.Column("paid_on", sa.Date, nullable=False),
    sa.Column("recorded_by", ID, nullable=False),
    _created(),
    sa.CheckConstraint("amount_fen > 0", name="payment_positive"),
)

loans = sa.Table(
    "loans",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("principal_fen", sa.BigInteger, nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("months", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("checked_by", ID, nullable=True),
    _created(),
)

# Enterprises an admin recorded as relocated to an industrial park or zone (once each).
relocations = sa.Table(
    "relocations",
    metadata,
    sa.Column("provider_id", ID, primary_key=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("zone", sa.Text, nullable=False),
)

award_runs = sa.Table(
    "award_runs",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("county", sa.Text, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("policy_id", sa.Text, nullable=False),
    sa.Column("changes", JSONB, nullable=False),
    sa.Column("run_by", ID, nullable=False),
    _created(),
)

# One award per (county, year, rule family, subject): a rerun updates it in place.
awards = sa.Table(
    "awards",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("county", sa.Text, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("provider_id", ID, nullable=True, index=True),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("amount_fen", sa.BigInteger, nullable=True),
    sa.Column("explanation", sa.Text, nullable=False),
    sa.Column("figures", JSONB, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
    sa.UniqueConstraint("county", "year", "kind", "subject", name="one_award_per_subject"),
)
