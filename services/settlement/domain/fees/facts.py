"""What settlement learns from the other services' events, and the receivable they make."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.settlement.domain.fees.freight import freight
from services.settlement.domain.fees.receivable import Receivable
from services.settlement.domain.policy.model import Policy
from services.settlement.domain.policy.subsidies import freight_subsidy
from shared.region.counties import County
from shared.region.markets import Market

# A v1 delivery (one per job, no delivery id) gets an id derived from its job, so a
# replay of it is the same delivery.
V1_DELIVERY = uuid.UUID("5e771e00-0000-4000-8000-000000000001")


def v1_delivery_id(job_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(V1_DELIVERY, str(job_id))


@dataclass(frozen=True)
class OrderTerms:
    order_id: uuid.UUID
    office_id: uuid.UUID
    client_id: uuid.UUID
    category: str
    unit_fee_fen: int
    market: Market


@dataclass(frozen=True)
class Workforce:
    total: int
    low_income: int = 0
    reservoir_migrants: int = 0
    relocated_farmers: int = 0
    disabled: int = 0


@dataclass(frozen=True)
class Enterprise:
    provider_id: uuid.UUID
    name: str
    county: County
    township: str
    village: str
    mode: str
    workforce: Workforce


class Source(StrEnum):
    """Who said how many good units there are."""

    DELIVERED = "delivered"  # the broker's delivery report (matching's JobDelivered)
    INSPECTED = "inspected"  # the office's inspection (fulfilment's InspectionRecorded)


@dataclass(frozen=True)
class Delivery:
    """A delivery report, or an inspection (its id the inspection's, good units the
    accepted ones, delivered_on the inspection day)."""

    delivery_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    good_units: int
    defective_units: int
    delivered_on: date
    final: bool
    source: Source = Source.DELIVERED
    deduction_fen: int = 0  # an inspection's deduction (accept with a deduction)
    round: int = 1  # an inspection's round: 1 the delivery, 2.. a rework's re-inspection


@dataclass(frozen=True)
class Accepted:
    """What a job's inspections accepted: good units, and the fen their deductions took off.

    An inspection's ``accepted_units`` is its lot's running total (fulfilment's
    ``Lot.accepted_units``: a rework's re-inspection of 10 after 90 says 100), so the job's
    accepted units are the largest any of its inspections gives, never their sum; each
    deduction is the inspection's own, so they add up."""

    units: int = 0
    deduction_fen: int = 0

    def plus(self, inspection: Delivery) -> Accepted:
        return Accepted(
            max(self.units, inspection.good_units),
            self.deduction_fen + inspection.deduction_fen,
        )


def units_to_pay(
    d: Delivery, order_inspected: bool, accepted_for_job: int, receivable_for_job: int
) -> int | None:
    """The good units this fact makes receivable, or None when it pays nothing.

    The rule intake uses for DELIVERED: an order fulfilment reports on (its materials
    shipped through fulfilment, or its goods inspected) is paid on inspected good units;
    the others on the broker's delivered good units. An inspection pays what the job's
    inspections have accepted so far (``accepted_for_job``, this one included: the
    running total, see ``Accepted``) beyond
    what the job is already owed (``receivable_for_job``), so a rework's re-inspection
    adds only its own units, and if a delivery was paid before settlement learnt that
    fulfilment reports on the order (topics are read independently), the inspection
    pays only the difference: never twice for a unit.
    """
    if d.source is Source.DELIVERED:
        return None if order_inspected else d.good_units
    return max(0, accepted_for_job - receivable_for_job)


@dataclass(frozen=True)
class Trip:
    """What one receivable counts of a trip: the pieces it shows defective, and the pieces
    whose carriage (the market-county round trip) it charges."""

    defective: int
    carried: int


def trip(d: Delivery, good: int, claimed_pieces: int) -> Trip:
    """The rule: each piece is counted once as good or defective, and its freight charged
    once per trip it actually made. A delivery claim carried its good and defective pieces
    on the delivery's trip. A first inspection (round 1) is of the pieces that same trip
    brought, so where the job's delivery claims made receivable before it already carry
    them (``claimed_pieces``, good and defective: take-back counts the refused ones
    defective THERE) it counts only the pieces beyond theirs, with their freight; the
    paid ``good`` first, the rest defective. A rework's re-inspection (round 2..) is of
    pieces that went back to the village for rework and came again: a trip of its own,
    all its pieces. Without a claim before it a first inspection counts all its pieces."""
    if d.source is Source.INSPECTED and d.round == 1:
        beyond = max(d.good_units + d.defective_units - claimed_pieces, 0)
        return Trip(defective=min(d.defective_units, max(beyond - good, 0)), carried=beyond)
    return Trip(defective=d.defective_units, carried=good + d.defective_units)


def receivable_for(
    delivery: Delivery,
    order: OrderTerms,
    enterprise: Enterprise,
    policy: Policy | None,
    pieces: int | None = None,
) -> Receivable:
    """Good units × the order's unit fee, less an inspection's deduction (at most that fee:
    the rest comes off the job's other receivables, ``receivable.take_back``), due on
    delivery; freight for the ``pieces`` carried (default: every unit it counts)."""
    units = delivery.good_units + delivery.defective_units if pieces is None else pieces
    carried = freight(order.category, units, enterprise.county, order.market)
    gross = delivery.good_units * order.unit_fee_fen
    deduction = min(delivery.deduction_fen, gross)
    fee = gross - deduction
    subsidy = subsidy_fen(policy, fee)
    return Receivable(
        delivery_id=delivery.delivery_id,
        job_id=delivery.job_id,
        order_id=order.order_id,
        provider_id=delivery.provider_id,
        office_id=order.office_id,
        client_id=order.client_id,
        category=order.category,
        county=enterprise.county.value,
        market=order.market.value,
        good_units=delivery.good_units,
        defective_units=delivery.defective_units,
        unit_fee_fen=order.unit_fee_fen,
        freight_fen=carried.amount_fen or 0,
        freight_subsidy_fen=subsidy,
        due_on=delivery.delivered_on,
        deduction_fen=deduction,
    )


def subsidy_fen(policy: Policy | None, fee_fen: int) -> int:
    """The county's freight subsidy on a fee (none before any policy took effect)."""
    return (freight_subsidy(policy, fee_fen).amount_fen or 0) if policy else 0
