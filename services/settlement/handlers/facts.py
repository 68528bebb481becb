"""Other services' events, kept as facts; a delivery becomes a receivable once its order's
terms and its provider are known (the topics are read independently, in any order)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from services.settlement.domain.fees.facts import (
    Delivery,
    Enterprise,
    OrderTerms,
    Source,
    Workforce,
    receivable_for,
    subsidy_fen,
    trip,
    units_to_pay,
    v1_delivery_id,
)
from services.settlement.domain.fees.receivable import take_back
from services.settlement.domain.policy.catalogue import UnknownPolicy
from services.settlement.domain.policy.model import Policy
from shared.contracts import fulfilment as ff
from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.events import Envelope, Payload

Uow = Any  # SettlementUnitOfWork, or the in-memory one in tests


async def on_category_defined(uow: Uow, env: Envelope, p: Payload) -> None:
    assert isinstance(p, o.CategoryDefined)
    await uow.facts.put_category(p.code, p.machinery)


async def on_order_submitted(uow: Uow, env: Envelope, p: Payload) -> None:
    assert isinstance(p, o.OrderSubmitted)
    terms = OrderTerms(
        p.order_id, p.office_id, p.client_id, p.category, p.unit_fee_fen, p.origin_market
    )
    await uow.facts.put_order(terms)
    await settle(uow, await uow.facts.unsettled(order_id=p.order_id))


async def on_provider_registered(uow: Uow, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.ProviderRegistered)
    w = p.workforce
    workforce = Workforce(
        w.total, w.low_income, w.reservoir_migrants, w.relocated_farmers, w.disabled
    )
    enterprise = Enterprise(
        p.provider_id, p.name, p.county, p.township, p.village, p.mode.value, workforce
    )
    await uow.facts.put_enterprise(enterprise)
    await settle(uow, await uow.facts.unsettled(provider_id=p.provider_id))


async def on_offer_accepted(uow: Uow, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.OfferAccepted)
    await uow.facts.put_job(p.job_id, p.order_id, p.provider_id, p.units)


async def on_job_split(uow: Uow, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.JobSplit)
    await uow.facts.put_job(p.new_job_id, p.order_id, p.to_provider_id, p.units)


async def on_delivered(uow: Uow, env: Envelope, p: Payload) -> None:
    """v2: one of several deliveries (its own id); v1: the whole job, once."""
    assert isinstance(p, m.JobDelivered)
    v2 = p if isinstance(p, m.JobDeliveredV2) else None
    delivery = Delivery(
        delivery_id=v2.delivery_id if v2 else v1_delivery_id(p.job_id),
        job_id=p.job_id,
        order_id=p.order_id,
        provider_id=p.provider_id,
        good_units=p.good_units,
        defective_units=p.defective_units,
        delivered_on=p.delivered_on,
        final=v2.final if v2 else True,
    )
    if await uow.facts.add_delivery(delivery):  # a replay or duplicate adds nothing
        await settle(uow, [delivery])


async def on_fulfilment_reports(uow: Uow, env: Envelope, p: Payload) -> None:
    """ConsignmentDispatched or ReworkRequested: fulfilment reports on this order, so it is
    paid on inspected good units from now on (its delivery reports no longer pay)."""
    assert isinstance(p, ff.ConsignmentDispatched | ff.ReworkRequested)
    await uow.facts.mark_inspected(p.order_id)
    await settle(uow, await uow.facts.unsettled(order_id=p.order_id))


async def on_inspected(uow: Uow, env: Envelope, p: Payload) -> None:
    """An inspection: its accepted units are what the client owes (issue 16)."""
    assert isinstance(p, ff.InspectionRecorded)
    await uow.facts.mark_inspected(p.order_id)
    inspection = Delivery(
        delivery_id=p.inspection_id,
        job_id=p.job_id,
        order_id=p.order_id,
        provider_id=p.provider_id,
        good_units=p.accepted_units,
        defective_units=p.defective,
        delivered_on=p.inspected_on,
        final=p.lot_accepted,
        source=Source.INSPECTED,
        deduction_fen=p.deduction_fen,
        round=p.round,
    )
    await uow.facts.add_delivery(inspection)  # a replay adds nothing
    await settle(uow, await uow.facts.unsettled(order_id=p.order_id))


async def settle(uow: Uow, pending: list[Delivery]) -> None:
    """Make the receivable of each delivery or inspection whose order and provider are both
    known, on the units the pay rule gives (domain/fees/facts.py ``units_to_pay``)."""
    for d in pending:
        order = await uow.facts.order(d.order_id)
        enterprise = await uow.facts.enterprise(d.provider_id)
        if order is None or enterprise is None:
            continue  # waits for the other topic's fact
        policy = _policy(uow, enterprise, d.delivered_on.year)
        accepted = await uow.facts.accepted(d.job_id)  # earlier rounds, settled
        if d.source is Source.INSPECTED:
            accepted = accepted.plus(d)  # this one too
        receivable = await uow.receivables.units_for_job(d.job_id)
        units = units_to_pay(d, await uow.facts.inspected(d.order_id), accepted.units, receivable)
        await uow.facts.mark_settled(d.delivery_id)
        if units is None:
            continue  # an inspected order's delivery report: its inspection pays
        t = trip(d, units, await _claimed_pieces(uow, d))
        paid = replace(d, good_units=units, defective_units=t.defective)
        await uow.receivables.add(receivable_for(paid, order, enterprise, policy, t.carried))
        if d.source is Source.INSPECTED:  # the job's inspections so far, this one included
            owed = accepted.units * order.unit_fee_fen - accepted.deduction_fen
            await _take_back(uow, d.job_id, receivable - accepted.units, owed, enterprise)


async def _claimed_pieces(uow: Uow, d: Delivery) -> int:
    """Pieces (good and defective) the job's delivery claims made receivable carried on
    the delivery's trip; only a first inspection is of that trip (``trip``)."""
    if d.source is not Source.INSPECTED or d.round != 1:
        return 0
    claims = await uow.facts.claims(d.job_id)
    job = await uow.receivables.of_job(d.job_id)
    return sum(r.good_units + r.defective_units for r in job if r.delivery_id in claims)


async def _take_back(
    uow: Uow, job_id: UUID, excess: int, owed_fen: int, enterprise: Enterprise
) -> None:
    """A delivery made receivable on the broker's claim before its inspection: what
    inspection did not accept, or deducted, comes off it (domain/fees/receivable.py
    ``take_back``); the freight subsidy follows the fee, under its own year's policy."""
    for r in take_back(await uow.receivables.of_job(job_id), excess, owed_fen):
        r.freight_subsidy_fen = subsidy_fen(_policy(uow, enterprise, r.due_on.year), r.earned_fen)
        await uow.receivables.save_taken_back(r)


def _policy(uow: Uow, enterprise: Enterprise, year: int) -> Policy | None:
    """The enterprise's county's policy in ``year`` (None before any took effect: no
    freight subsidy)."""
    try:
        return uow.policies.in_force(enterprise.county, year)
    except UnknownPolicy:
        return None
