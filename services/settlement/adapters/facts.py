"""The other services' facts settlement keeps: categories, orders' terms, providers, jobs,
deliveries. Upserts are idempotent; a delivery is kept once per delivery id."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.settlement.adapters.tables import (
    categories,
    deliveries,
    inspected_orders,
    jobs,
    orders,
    providers,
)
from services.settlement.domain.fees.facts import (
    Accepted,
    Delivery,
    Enterprise,
    OrderTerms,
    Source,
    Workforce,
)
from shared.region.counties import County
from shared.region.markets import Market


class FactRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def put_category(self, code: str, machinery: bool) -> None:
        stmt = insert(categories).values(code=code, machinery=machinery)
        await self.s.execute(
            stmt.on_conflict_do_update(index_elements=["code"], set_={"machinery": machinery})
        )

    async def machinery_codes(self) -> set[str]:
        rows = await self.s.execute(sa.select(categories.c.code).where(categories.c.machinery))
        return set(rows.scalars())

    async def put_order(self, o: OrderTerms) -> None:
        values = {
            "order_id": o.order_id,
            "office_id": o.office_id,
            "client_id": o.client_id,
            "category": o.category,
            "unit_fee_fen": o.unit_fee_fen,
            "market": o.market.value,
        }
        await self.s.execute(insert(orders).values(**values).on_conflict_do_nothing())

    async def order(self, order_id: UUID) -> OrderTerms | None:
        row = (await self.s.execute(sa.select(orders).where(orders.c.order_id == order_id))).first()
        if row is None:
            return None
        return OrderTerms(
            row.order_id,
            row.office_id,
            row.client_id,
            row.category,
            row.unit_fee_fen,
            Market(row.market),
        )

    async def put_enterprise(self, e: Enterprise) -> None:
        w = e.workforce
        values = {
            "name": e.name,
            "county": e.county.value,
            "township": e.township,
            "village": e.village,
            "mode": e.mode,
            "workers": w.total,
            "low_income": w.low_income,
            "reservoir_migrants": w.reservoir_migrants,
            "relocated_farmers": w.relocated_farmers,
            "disabled": w.disabled,
        }
        stmt = insert(providers).values(provider_id=e.provider_id, **values)
        await self.s.execute(
            stmt.on_conflict_do_update(index_elements=["provider_id"], set_=values)
        )

    async def enterprise(self, provider_id: UUID) -> Enterprise | None:
        query = sa.select(providers).where(providers.c.provider_id == provider_id)
        row = (await self.s.execute(query)).first()
        return None if row is None else _enterprise(row)

    async def enterprises(self, county: County | None = None) -> list[Enterprise]:
        query = sa.select(providers).order_by(providers.c.name)
        if county is not None:
            query = query.where(providers.c.county == county.value)
        return [_enterprise(r) for r in await self.s.execute(query)]

    async def put_job(self, job_id: UUID, order_id: UUID, provider_id: UUID, units: int) -> None:
        values = {
            "job_id": job_id,
            "order_id": order_id,
            "provider_id": provider_id,
            "units": units,
        }
        await self.s.execute(insert(jobs).values(**values).on_conflict_do_nothing())

    async def add_delivery(self, d: Delivery) -> bool:
        """False when this delivery id is already kept (a replay or a duplicate)."""
        stmt = insert(deliveries).values(
            delivery_id=d.delivery_id,
            job_id=d.job_id,
            order_id=d.order_id,
            provider_id=d.provider_id,
            good_units=d.good_units,
            defective_units=d.defective_units,
            delivered_on=d.delivered_on,
            final=d.final,
            source=d.source.value,
            deduction_fen=d.deduction_fen,
            round=d.round,
        )
        result = await self.s.execute(
            stmt.on_conflict_do_nothing().returning(deliveries.c.delivery_id)
        )
        return result.first() is not None

    async def unsettled(
        self, *, order_id: UUID | None = None, provider_id: UUID | None = None
    ) -> list[Delivery]:
        """Deliveries still waiting for their order's terms or their provider, locked."""
        query = sa.select(deliveries).where(~deliveries.c.settled)
        if order_id is not None:
            query = query.where(deliveries.c.order_id == order_id)
        if provider_id is not None:
            query = query.where(deliveries.c.provider_id == provider_id)
        # by day, then round: a rework inspected the day of its first inspection comes after
        order = (deliveries.c.delivered_on, deliveries.c.round)
        rows = await self.s.execute(query.order_by(*order).with_for_update())
        return [
            Delivery(
                r.delivery_id,
                r.job_id,
                r.order_id,
                r.provider_id,
                r.good_units,
                r.defective_units,
                r.delivered_on,
                r.final,
                Source(r.source),
                r.deduction_fen,
                r.round,
            )
            for r in rows
        ]

    async def mark_inspected(self, order_id: UUID) -> None:
        """Fulfilment reports on this order (idempotent)."""
        await self.s.execute(
            insert(inspected_orders).values(order_id=order_id).on_conflict_do_nothing()
        )

    async def inspected(self, order_id: UUID) -> bool:
        found = await self.s.scalar(
            sa.select(inspected_orders.c.order_id).where(inspected_orders.c.order_id == order_id)
        )
        return found is not None

    async def accepted(self, job_id: UUID) -> Accepted:
        """Good units and deductions of the job's settled inspections (the rounds already
        paid), in one query: the units a running total (the largest), the deductions each
        inspection's own (their sum); see ``Accepted``."""
        d = deliveries.c
        query = sa.select(
            sa.func.coalesce(sa.func.max(d.good_units), 0),
            sa.func.coalesce(sa.func.sum(d.deduction_fen), 0),
        ).where(d.job_id == job_id, d.source == Source.INSPECTED.value, d.settled)
        units, deduction_fen = (await self.s.execute(query)).one()
        return Accepted(int(units), int(deduction_fen))

    async def claims(self, job_id: UUID) -> set[UUID]:
        """The ids of the job's delivery claims (the broker's reports, not inspections)."""
        d = deliveries.c
        query = sa.select(d.delivery_id).where(
            d.job_id == job_id, d.source == Source.DELIVERED.value
        )
        return set((await self.s.execute(query)).scalars())

    async def mark_settled(self, delivery_id: UUID) -> None:
        await self.s.execute(
            sa.update(deliveries)
            .where(deliveries.c.delivery_id == delivery_id)
            .values(settled=True)
        )


def _enterprise(row: sa.Row[tuple[object, ...]]) -> Enterprise:
    m = row._mapping
    return Enterprise(
        provider_id=m["provider_id"],
        name=m["name"],
        county=County(m["county"]),
        township=m["township"],
        village=m["village"],
        mode=m["mode"],
        workforce=Workforce(
            m["workers"],
            m["low_income"],
            m["reservoir_migrants"],
            m["relocated_farmers"],
            m["disabled"],
        ),
    )
