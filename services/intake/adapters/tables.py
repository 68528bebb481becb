"""The intake schema. Only this service reads or writes it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.audit.tables import add_audit_table
from shared.db.messaging_tables import add_messaging_tables

metadata = sa.MetaData()
messaging = add_messaging_tables(metadata)  # outbox, relay shards, inbox
audit_records = add_audit_table(metadata)  # who made each write (shared/audit)
TZ = sa.DateTime(timezone=True)

offices = sa.Table(
    "offices",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("county", sa.Text, nullable=False),
    sa.Column("market", sa.Text, nullable=False),
    sa.Column("secret_hash", sa.Text),  # scrypt hash; the secret itself is never stored
    sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
    # Phone or WeChat id ("" when none): personal data, published only on intake.contacts.
    sa.Column("contact", sa.Text, nullable=False, server_default=""),
)

# Federation (admin) organisations: like offices, they trade a secret at POST /v1/token.
admins = sa.Table(
    "admins",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("secret_hash", sa.Text),  # scrypt hash; the secret itself is never stored
    sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
)

clients = sa.Table(
    "clients",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("office_id", UUID(as_uuid=True), sa.ForeignKey("offices.id"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("contact", sa.Text, nullable=False),
    sa.Column("home_market", sa.Text, nullable=False),
    sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
    sa.UniqueConstraint("office_id", "name"),
)

categories = sa.Table(
    "categories",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("name_zh", sa.Text, nullable=False),
    sa.Column("machinery", sa.Boolean, nullable=False, server_default=sa.false()),
)

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("office_id", UUID(as_uuid=True), sa.ForeignKey("offices.id"), nullable=False),
    sa.Column("client_id", UUID(as_uuid=True), sa.ForeignKey("clients.id"), nullable=False),
    sa.Column("category", sa.Text, sa.ForeignKey("categories.code"), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("quantity", sa.Integer, sa.CheckConstraint("quantity > 0"), nullable=False),
    sa.Column(
        "unit_fee_fen", sa.BigInteger, sa.CheckConstraint("unit_fee_fen > 0"), nullable=False
    ),
    sa.Column("materials_ready", sa.Date, nullable=False),
    sa.Column("deadline", sa.Date, nullable=False),
    sa.Column("origin_market", sa.Text, nullable=False),
    sa.Column("splittable", sa.Boolean, nullable=False),
    sa.Column("min_lot", sa.Integer, nullable=False),
    sa.Column("quality_requirements", sa.Text, nullable=False),
    sa.Column("defect_tolerance_pct", sa.Numeric(5, 2), nullable=False),
    sa.Column("materials", JSONB, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # every save: optimistic locking
    # the office's own changes (1: submitted, +1 per amendment or cancellation); events
    # carry it so consumers rank them without trusting clocks
    sa.Column("sequence", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
    sa.CheckConstraint("deadline > materials_ready", name="deadline_after_materials"),
    sa.Index("orders_office_created", "office_id", "created_at", "id"),
    sa.Index("orders_status", "status"),
)

order_history = sa.Table(
    "order_history",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column(
        "order_id", UUID(as_uuid=True), sa.ForeignKey("orders.id"), nullable=False, index=True
    ),
    sa.Column("at", TZ, nullable=False),
    sa.Column("from_status", sa.Text),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("cause_event_id", UUID(as_uuid=True)),
    sa.Column("cause_type", sa.Text),
)

placements = sa.Table(
    "placements",
    metadata,
    sa.Column("order_id", UUID(as_uuid=True), sa.ForeignKey("orders.id"), primary_key=True),
    sa.Column("offer_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("provider_id", UUID(as_uuid=True), nullable=False),
    sa.Column("job_id", UUID(as_uuid=True)),
    sa.Column("units", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("units_done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("good_units", sa.Integer, nullable=False, server_default="0"),
    sa.Column("defective_units", sa.Integer, nullable=False, server_default="0"),
    sa.Column("over_tolerance", sa.Boolean, nullable=False, server_default=sa.false()),
)

# An Idempotency-Key is remembered with the order it created, in the same
# transaction, so retries (even concurrent ones) can never create a second order.
idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("office_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("request_hash", sa.Text, nullable=False),
    sa.Column("order_id", UUID(as_uuid=True), sa.ForeignKey("orders.id"), nullable=False),
    sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
)

# Every fact matching reported about an order, with the moment it happened: a fact
# that arrives late is replayed with the others in that order (domain/facts.py).
order_facts = sa.Table(
    "order_facts",
    metadata,
    sa.Column("order_id", UUID(as_uuid=True), sa.ForeignKey("orders.id"), primary_key=True),
    sa.Column("occurred_at", TZ, primary_key=True),
    sa.Column("rank", sa.SmallInteger, primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("event_version", sa.SmallInteger, nullable=False),
    sa.Column("payload", JSONB, nullable=False),
)
