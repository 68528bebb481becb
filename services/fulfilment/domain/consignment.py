"""A consignment: materials out from the market to lots, or goods and materials back.

Out: the office ships lines (lot, item, quantity) to one or more lots; each lot's
broker confirms its own lines with the quantities counted, and the difference
(shortage < 0, surplus > 0) is kept per line for both sides to see. The
consignment is RECEIVED once every lot on it has confirmed.
Back: a broker sends a lot's finished units and returned materials to the market
(the delivery note, 送货单).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from services.fulfilment.domain.errors import FulfilmentError, IllegalTransition
from shared.contracts.fulfilment import (
    ConsignmentDispatched,
    ConsignmentReceived,
    CountedLine,
    Direction,
    ShippedLine,
)
from shared.events import Payload


class ConsignmentState(StrEnum):
    DISPATCHED = "dispatched"
    PARTLY_RECEIVED = "partly_received"
    RECEIVED = "received"


@dataclass
class Consignment:
    consignment_id: uuid.UUID
    office_id: uuid.UUID
    direction: Direction
    carrier: str
    shipped_on: date
    lines: tuple[ShippedLine, ...]
    orders: dict[uuid.UUID, uuid.UUID]  # job -> order
    units: dict[uuid.UUID, int] = field(default_factory=dict)  # finished units per lot (back)
    state: ConsignmentState = ConsignmentState.DISPATCHED
    counted: dict[uuid.UUID, tuple[CountedLine, ...]] = field(default_factory=dict)  # by job
    received_on: dict[uuid.UUID, date] = field(default_factory=dict)
    events: list[Payload] = field(default_factory=list)

    @classmethod
    def dispatch(cls, c: Consignment) -> Consignment:
        """Check and record a new consignment: one event per order it serves."""
        if not c.lines and not c.units:
            raise FulfilmentError("a consignment needs at least one line", field="lines")
        seen: set[tuple[uuid.UUID, str]] = set()
        for n, line in enumerate(c.lines):
            if (line.job_id, line.item) in seen:
                raise FulfilmentError(
                    f"{line.item} is listed twice for the same lot", field=f"lines.{n}.item"
                )
            seen.add((line.job_id, line.item))
        for order_id in sorted(set(c.orders.values())):
            jobs = {j for j, o in c.orders.items() if o == order_id}
            c.events.append(
                ConsignmentDispatched(
                    consignment_id=c.consignment_id,
                    order_id=order_id,
                    office_id=c.office_id,
                    direction=c.direction,
                    carrier=c.carrier,
                    shipped_on=c.shipped_on,
                    lines=tuple(line for line in c.lines if line.job_id in jobs),
                    units={j: u for j, u in c.units.items() if j in jobs},
                )
            )
        return c

    @property
    def jobs(self) -> set[uuid.UUID]:
        return set(self.orders)

    def lines_for(self, job_id: uuid.UUID) -> tuple[ShippedLine, ...]:
        return tuple(line for line in self.lines if line.job_id == job_id)

    def confirm(
        self,
        job_id: uuid.UUID,
        provider_id: uuid.UUID,
        counted: dict[str, Decimal],
        received_on: date,
    ) -> ConsignmentReceived:
        """The lot's broker counted its lines (item -> quantity; a line not counted was not
        there: counted 0)."""
        if job_id not in self.orders:
            raise FulfilmentError("this consignment carries nothing for that lot", field="job_id")
        if job_id in self.counted:
            raise IllegalTransition("this lot's part of the consignment is confirmed already")
        if received_on < self.shipped_on:
            raise FulfilmentError(
                f"received before it was shipped ({self.shipped_on})", field="received_on"
            )
        mine = self.lines_for(job_id)
        unknown = set(counted) - {line.item for line in mine}
        if unknown:
            raise FulfilmentError(f"{sorted(unknown)[0]} is not on this consignment", field="lines")
        lines = tuple(
            CountedLine(
                **line.model_dump(),
                counted=counted.get(line.item, Decimal(0)),
                difference=counted.get(line.item, Decimal(0)) - line.quantity,
            )
            for line in mine
        )
        self.counted[job_id], self.received_on[job_id] = lines, received_on
        everyone = set(self.counted) >= self.jobs
        self.state = ConsignmentState.RECEIVED if everyone else ConsignmentState.PARTLY_RECEIVED
        event = ConsignmentReceived(
            consignment_id=self.consignment_id,
            order_id=self.orders[job_id],
            provider_id=provider_id,
            received_on=received_on,
            lines=lines,
            discrepancy=any(line.difference != 0 for line in lines),
        )
        self.events.append(event)
        return event

    def received_quantities(self, job_id: uuid.UUID) -> dict[str, tuple[str, Decimal]]:
        return {line.item: (line.unit, line.counted) for line in self.counted.get(job_id, ())}
