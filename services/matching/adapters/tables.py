"""The matching schema. Only this service reads or writes it.

``capacity_days`` is the truth about capacity: one row per provider, category
and day with what the calendar allows and what is held (open offers) or booked
(accepted jobs). Its CHECK constraint makes double booking impossible whatever
the code above it does; every hold is a conditional UPDATE of those rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from services.matching.domain.offer import OfferStatus
from services.matching.domain.order import QueueState
from services.matching.domain.order_facts import FactKind
from shared.audit.tables import add_audit_table
from shared.db.messaging_tables import add_messaging_tables

metadata = sa.MetaData()
messaging = add_messaging_tables(metadata)
audit_records = add_audit_table(metadata)  # who made each write (shared/audit)
TZ = sa.DateTime(timezone=True)
ID = UUID(as_uuid=True)

providers = sa.Table(
    "providers",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("broker_name", sa.Text, nullable=False),
    sa.Column("contact", sa.Text, nullable=False),
    sa.Column("county", sa.Text, nullable=False),
    sa.Column("township", sa.Text, nullable=False),
    sa.Column("village", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, nullable=False),
    sa.Column("workforce", JSONB, nullable=False),
    sa.Column("auto_accept", sa.Boolean, nullable=False),
    sa.Column("delivered_jobs", sa.Integer, nullable=False, server_default="0"),
    sa.Column("late_jobs", sa.Integer, nullable=False, server_default="0"),
    # fulfilment's inspections: first inspection of each lot, and of them rejected
    sa.Column("inspected_lots", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rejected_lots", sa.Integer, nullable=False, server_default="0"),
    sa.Column("secret_hash", sa.Text),  # scrypt hash; the secret itself is never stored
    sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
)

provider_categories = sa.Table(
    "provider_categories",
    metadata,
    sa.Column("provider_id", ID, sa.ForeignKey("providers.id"), primary_key=True),
    sa.Column("category", sa.Text, primary_key=True),
    sa.Column(
        "units_per_day", sa.Integer, sa.CheckConstraint("units_per_day >= 0"), nullable=False
    ),
    sa.Index("provider_categories_by_category", "category"),
)

calendar_exceptions = sa.Table(
    "calendar_exceptions",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("provider_id", ID, sa.ForeignKey("providers.id"), nullable=False, index=True),
    sa.Column("category", sa.Text),  # NULL: every category
    sa.Column("first_day", sa.Date, nullable=False),
    sa.Column("last_day", sa.Date, nullable=False),
    sa.Column("percent", sa.Integer),
    sa.Column("units", sa.Integer),
    sa.Column("reason", sa.Text, nullable=False),
    sa.CheckConstraint("last_day >= first_day", name="exception_range"),
    sa.CheckConstraint("(percent IS NULL) <> (units IS NULL)", name="exception_one_kind"),
)

seasonal_factors = sa.Table(
    "seasonal_factors",
    metadata,
    sa.Column("season_id", ID, primary_key=True),
    sa.Column("county", sa.Text, primary_key=True),
    # '' is the whole county; otherwise the balancer's comma-separated village names.
    sa.Column("village_group", sa.Text, primary_key=True, server_default=""),
    sa.Column("first_day", sa.Date, nullable=False),
    sa.Column("last_day", sa.Date, nullable=False),
    sa.Column("percent", sa.Integer, nullable=False),
)

# Intake's catalogue as matching has heard it (CategoryDefined), seeded with the first six.
categories = sa.Table(
    "categories",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("name_zh", sa.Text, nullable=False),
    sa.Column("machinery", sa.Boolean, nullable=False),
)

capacity_days = sa.Table(
    "capacity_days",
    metadata,
    sa.Column("provider_id", ID, sa.ForeignKey("providers.id"), primary_key=True),
    sa.Column("category", sa.Text, primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("held", sa.Integer, nullable=False, server_default="0"),
    sa.Column("booked", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint("held >= 0 AND booked >= 0", name="no_negative_use"),
    sa.CheckConstraint("held + booked <= capacity", name="no_double_booking"),
)

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("category", sa.Text, nullable=False),
    # What is to be made (OrderSubmitted); "" for orders kept before it was (migration 0012).
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("unit_fee_fen", sa.BigInteger, nullable=False),
    sa.Column("materials_ready", sa.Date, nullable=False),
    sa.Column("deadline", sa.Date, nullable=False),
    sa.Column("origin_market", sa.Text, nullable=False),
    sa.Column("splittable", sa.Boolean, nullable=False),
    sa.Column("min_lot", sa.Integer, nullable=False),
    # Percent of a delivery that may be defective before it is flagged (OrderSubmitted).
    sa.Column("defect_tolerance_pct", sa.Numeric, nullable=False),
    # pending: waits for the matcher; settled: fully offered or reported unmatched;
    # cancelled: final.
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("excluded_providers", ARRAY(ID), nullable=False, server_default="{}"),
    sa.Column("submitted_at", TZ, nullable=False, server_default=sa.func.now()),
    # The amendment quantity and deadline come from (NULL: as submitted), so an older
    # amendment arriving late changes nothing.
    sa.Column("amended_at", TZ),
    sa.Column("amended_by", ID),
    sa.Column("amended_seq", sa.Integer),  # the order's sequence of that amendment (v2)
    # Why the matcher parked it (state parked, domain/guard.py); NULL otherwise.
    sa.Column("parked_reason", sa.Text),
    sa.Index(
        "orders_pending",
        "submitted_at",
        postgresql_where=sa.text(f"state = '{QueueState.PENDING}'"),
    ),
)

# Amendments and cancellations that arrived before their OrderSubmitted; the submission
# applies and deletes them.
early_order_facts = sa.Table(
    "early_order_facts",
    metadata,
    sa.Column("order_id", ID, primary_key=True),
    sa.Column("event_id", ID, primary_key=True),
    sa.Column("occurred_at", TZ, nullable=False),
    sa.Column("sequence", sa.Integer),  # the order's own sequence (v2 facts)
    sa.Column("kind", sa.Text, nullable=False),  # amended, cancelled
    sa.Column("quantity", sa.Integer),
    sa.Column("deadline", sa.Date),
    sa.CheckConstraint(
        f"kind = '{FactKind.CANCELLED}' OR (quantity IS NOT NULL AND deadline IS NOT NULL)",
        name="amendment_has_terms",
    ),
)

offers = sa.Table(
    "offers",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("order_id", ID, sa.ForeignKey("orders.id"), nullable=False, index=True),
    sa.Column("provider_id", ID, sa.ForeignKey("providers.id"), nullable=False, index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("units", sa.Integer, sa.CheckConstraint("units > 0"), nullable=False),
    sa.Column("schedule", JSONB, nullable=False),  # {"YYYY-MM-DD": units}
    sa.Column("unit_fee_fen", sa.BigInteger, nullable=False),
    sa.Column("status", sa.Text, nullable=False),  # open, accepted, declined, expired, withdrawn
    sa.Column("expires_at", TZ, nullable=False),
    sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
    sa.Index(
        "offers_open_expiry",
        "expires_at",
        postgresql_where=sa.text(f"status = '{OfferStatus.OPEN}'"),
    ),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("offer_id", ID, sa.ForeignKey("offers.id")),
    sa.Column("order_id", ID, sa.ForeignKey("orders.id"), nullable=False, index=True),
    sa.Column("provider_id", ID, sa.ForeignKey("providers.id"), nullable=False, index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("units", sa.Integer, sa.CheckConstraint("units >= 0"), nullable=False),
    sa.Column("schedule", JSONB, nullable=False),
    sa.Column("deadline", sa.Date, nullable=False),
    sa.Column("units_done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("status", sa.Text, nullable=False),  # domain.job.JobStatus
    # Sums over job_deliveries (NULL before the first), kept here for the listings.
    sa.Column("good_units", sa.Integer),
    sa.Column("defective_units", sa.Integer),
    sa.Column("delivered_on", sa.Date),
    sa.Column("late", sa.Boolean),
    sa.Column("over_tolerance", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("cancel_reason", sa.Text),
    sa.Column("units_kept", sa.Integer),  # a cancelled job's owed units
    sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
)

# Each shipment of a job (several until its units are accounted for).
job_deliveries = sa.Table(
    "job_deliveries",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("job_id", ID, sa.ForeignKey("jobs.id"), nullable=False, index=True),
    sa.Column("good_units", sa.Integer, sa.CheckConstraint("good_units >= 0"), nullable=False),
    sa.Column(
        "defective_units", sa.Integer, sa.CheckConstraint("defective_units >= 0"), nullable=False
    ),
    sa.Column("delivered_on", sa.Date, nullable=False),
    sa.Column("late", sa.Boolean, nullable=False),
    sa.Column("over_tolerance", sa.Boolean, nullable=False),
    sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
)

# Transfers already answered, so a redelivered TransferAccepted splits nothing twice.
transfers = sa.Table(
    "transfers",
    metadata,
    sa.Column("transfer_id", ID, primary_key=True),
    sa.Column("job_id", ID, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("new_job_id", ID),
)

# The low-income priority's freight budget as the counties set it (issue 19): one row for
# the region's default (scope "region") and one per county that set its own.
freight_budgets = sa.Table(
    "freight_budgets",
    metadata,
    sa.Column("scope", sa.Text, primary_key=True),
    sa.Column(
        "basis_points",
        sa.Integer,
        sa.CheckConstraint("basis_points BETWEEN 0 AND 10000", name="budget_range"),
        nullable=False,
    ),
    sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
)

# What the priority bought, per solved batch (read by the federation: GET /v1/budget/batches).
budget_batches = sa.Table(
    "budget_batches",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("recorded_at", TZ, nullable=False, server_default=sa.func.now(), index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("basis_points", sa.Integer, nullable=False),
    sa.Column("transport_limit_millifen", sa.BigInteger, nullable=False),
    sa.Column("cost_only_transport_millifen", sa.BigInteger, nullable=False),
    sa.Column("plan_transport_millifen", sa.BigInteger, nullable=False),
    sa.Column("cost_only_low_income_fee_fen", sa.BigInteger, nullable=False),
    sa.Column("low_income_fee_gained_fen", sa.BigInteger, nullable=False),
    sa.Column("units_placed", sa.Integer, nullable=False),
    sa.Column("weight", sa.Integer, nullable=False),
    sa.Column("solves", sa.Integer, nullable=False),
)
