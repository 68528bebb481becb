"""An order's rows and the domain objects they hold, both ways (orders, lots, history,
facts), and the upsert that writes a loaded order's lots back."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from services.intake.adapters.tables import placements
from services.intake.domain.facts import Fact
from services.intake.domain.order import HistoryEntry, Order, OrderTerms
from services.intake.domain.placements import LotState, Placement
from services.intake.domain.status import OrderStatus
from shared.contracts.orders import SuppliedMaterial
from shared.events import registry

TERM_COLUMNS = (
    "client_id",
    "category",
    "description",
    "quantity",
    "unit_fee_fen",
    "materials_ready",
    "deadline",
    "origin_market",
    "splittable",
    "min_lot",
    "quality_requirements",
    "defect_tolerance_pct",
)


UPDATABLE_LOT_COLUMNS = (
    "provider_id",
    "job_id",
    "units",
    "state",
    "units_done",
    "good_units",
    "defective_units",
    "over_tolerance",
)


def upsert_lots(rows: list[dict[str, Any]]) -> sa.Insert:
    """Lots written back: new ones inserted, known ones (order, offer) updated."""
    stmt = insert(placements).values(rows)
    return stmt.on_conflict_do_update(
        index_elements=["order_id", "offer_id"],
        set_={c: stmt.excluded[c] for c in UPDATABLE_LOT_COLUMNS},
    )


def order_from_row(r: Any) -> Order:
    terms = OrderTerms(
        **{c: r[c] for c in TERM_COLUMNS},
        materials=tuple(SuppliedMaterial.model_validate(m) for m in r["materials"]),
    )
    return Order(
        id=r["id"],
        office_id=r["office_id"],
        terms=terms,
        status=OrderStatus(r["status"]),
        created_at=r["created_at"],
        version=r["version"],
        sequence=r["sequence"],
    )


def placement_from_row(r: Any) -> Placement:
    return Placement(
        offer_id=r["offer_id"],
        provider_id=r["provider_id"],
        units=r["units"],
        state=LotState(r["state"]),
        job_id=r["job_id"],
        units_done=r["units_done"],
        good_units=r["good_units"],
        defective_units=r["defective_units"],
        over_tolerance=r["over_tolerance"],
    )


def placement_row(order_id: uuid.UUID, p: Placement) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "offer_id": p.offer_id,
        "provider_id": p.provider_id,
        "job_id": p.job_id,
        "units": p.units,
        "state": p.state.value,
        "units_done": p.units_done,
        "good_units": p.good_units,
        "defective_units": p.defective_units,
        "over_tolerance": p.over_tolerance,
    }


def history_from_row(r: Any) -> HistoryEntry:
    return HistoryEntry(
        at=r["at"],
        from_status=OrderStatus(r["from_status"]) if r["from_status"] else None,
        to_status=OrderStatus(r["to_status"]),
        reason=r["reason"],
        cause_event_id=r["cause_event_id"],
        cause_type=r["cause_type"],
    )


def history_row(order_id: uuid.UUID, h: HistoryEntry) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "at": h.at,
        "from_status": h.from_status.value if h.from_status else None,
        "to_status": h.to_status.value,
        "reason": h.reason,
        "cause_event_id": h.cause_event_id,
        "cause_type": h.cause_type,
    }


def fact_from_row(r: Any) -> Fact:
    """A stored fact (read by attribute: ``r.event_type``) as the event it was."""
    model = registry.model_for(r.event_type, r.event_version)
    return Fact(r.event_id, r.occurred_at, model.model_validate(r.payload))
