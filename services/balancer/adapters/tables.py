"""The balancer schema. Only this service reads or writes it.

Providers, capacity, calendar exceptions, jobs and progress are a projection of
matching's events; seasons, loans, opt-ins and transfers are the balancer's own.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from services.balancer.domain.transfers.transfer import OPEN, TransferState
from shared.audit.tables import add_audit_table
from shared.db.messaging_tables import add_messaging_tables

metadata = sa.MetaData()
messaging = add_messaging_tables(metadata)  # outbox, relay shards, inbox
audit_records = add_audit_table(metadata)  # who made each write (shared/audit)
TZ = sa.DateTime(timezone=True)
ID = UUID(as_uuid=True)
# In the enum's order, so the partial index below reads as the migration wrote it.
OPEN_TRANSFER_STATES = tuple(s.value for s in TransferState if s in OPEN)


def _created() -> sa.Column[object]:
    return sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now())


seasons = sa.Table(
    "seasons",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=False),
    sa.Column("defined_by", ID, nullable=False),
    _created(),
    sa.CheckConstraint('"end" >= start', name="season_dates"),
)

# village_group '' is the whole county; otherwise comma-separated village names.
season_factors = sa.Table(
    "season_factors",
    metadata,
    sa.Column("season_id", ID, sa.ForeignKey("seasons.id"), primary_key=True),
    sa.Column("county", sa.Text, primary_key=True),
    sa.Column("village_group", sa.Text, primary_key=True),
    sa.Column("factor", sa.Numeric(4, 3), nullable=False),
    sa.CheckConstraint("factor >= 0 AND factor <= 2", name="factor_range"),
)

providers = sa.Table(
    "providers",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("county", sa.Text, nullable=False),
    sa.Column("village", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, nullable=False),
    sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
)

# No foreign key: a CapacityChanged may be read before its ProviderRegistered.
provider_capacity = sa.Table(
    "provider_capacity",
    metadata,
    sa.Column("provider_id", ID, primary_key=True),
    sa.Column("category", sa.Text, primary_key=True),
    sa.Column(
        "units_per_day", sa.Integer, sa.CheckConstraint("units_per_day >= 0"), nullable=False
    ),
)

calendar_exceptions = sa.Table(
    "calendar_exceptions",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("category", sa.Text),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=False),
    sa.Column("factor", sa.Numeric(4, 3)),
    sa.Column("units_per_day", sa.Integer),
    sa.Column("removed", sa.Boolean, nullable=False),
    # Later facts win on the same day; clock_timestamp() moves within a transaction too.
    sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.clock_timestamp()),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("order_id", ID, nullable=False),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("units", sa.Integer, nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("deadline", sa.Date, nullable=False),
    sa.Column("split_from", ID),
    sa.Column("closed", sa.Text),  # a JobClosure, or NULL while the job loads its provider
    sa.Column("notified_late_units", sa.Integer, nullable=False, server_default="0"),
    _created(),
)

# Keyed by job only, so progress or delivery read before the job itself is kept.
job_progress = sa.Table(
    "job_progress",
    metadata,
    sa.Column("job_id", ID, primary_key=True),
    sa.Column("units_done", sa.Integer, nullable=False),
    sa.Column("reported_on", sa.Date),
    sa.Column("delivered", sa.Boolean, nullable=False, server_default=sa.false()),
)

# From intake's OrderSubmitted: when an order's materials are ready and where they come from.
# Keyed by order only, so jobs read before their order (or without it) are kept as they are.
order_terms = sa.Table(
    "order_terms",
    metadata,
    sa.Column("order_id", ID, primary_key=True),
    sa.Column("materials_ready", sa.Date, nullable=False),
    sa.Column("origin_market", sa.Text, nullable=False),
)

loans = sa.Table(
    "loans",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=False),
    sa.Column("units_per_day", sa.Integer, sa.CheckConstraint("units_per_day > 0"), nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    _created(),
    sa.CheckConstraint('"end" >= start', name="loan_dates"),
)

loan_reservations = sa.Table(
    "loan_reservations",
    metadata,
    sa.Column("loan_id", ID, sa.ForeignKey("loans.id"), primary_key=True),
    sa.Column("transfer_id", ID, primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("units", sa.Integer, sa.CheckConstraint("units > 0"), nullable=False),
)

receiver_opt_ins = sa.Table(
    "receiver_opt_ins",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("provider_id", ID, nullable=False, index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    _created(),
    sa.CheckConstraint('"end" >= start', name="opt_in_dates"),
)

transfers = sa.Table(
    "transfers",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("job_id", ID, nullable=False, index=True),
    sa.Column("order_id", ID, nullable=False),
    sa.Column("from_provider_id", ID, nullable=False, index=True),
    sa.Column("to_provider_id", ID, nullable=False, index=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("loan_id", ID, sa.ForeignKey("loans.id")),
    sa.Column("units", sa.Integer, sa.CheckConstraint("units > 0"), nullable=False),
    sa.Column("schedule", JSONB, nullable=False),  # [["2025-04-01", 3], ...]
    sa.Column("unit_cost_fen", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False),
    sa.Column("expires_at", TZ, nullable=False),
    sa.Column("outcome", sa.Text),  # how the saga ended (a TransferState), kept after compensation
    sa.Column("reason", sa.Text),
    sa.Column("new_job_id", ID),
    _created(),
    sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
    # The truth behind "never two open proposals for one job".
    sa.Index(
        "transfers_one_open_per_job",
        "job_id",
        unique=True,
        postgresql_where=sa.text(f"state IN {OPEN_TRANSFER_STATES}"),
    ),
)

# Handlers ask for a rebalance in their own transaction; the rebalancer drains these.
rebalance_requests = sa.Table(
    "rebalance_requests",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("requested_at", TZ, nullable=False, server_default=sa.func.now()),
)
