"""Row 8's books: what the replies and the two topics say happened to every order.

An order counts once it was answered 201. The checks: every accepted order is on
``intake.orders`` and offered, exactly its quantity over distinct offers (more would
be a lot held twice), and nothing else; records Kafka delivered more than once (the
relays publish at least once) are counted apart, since consumers drop them by event id.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import orjson
from aiokafka.structs import ConsumerRecord


@dataclass
class Tally:
    quantity: int
    accepted: set[str] = field(default_factory=set)
    # OrderSubmitted records on intake.orders, per order.
    submitted: Counter[str] = field(default_factory=Counter)
    # JobOffered records on matching.placements, per offer; units of each offer, per order.
    offer_records: Counter[str] = field(default_factory=Counter)
    lots: dict[str, dict[str, int]] = field(default_factory=dict)
    unmatched: set[str] = field(default_factory=set)

    def on_reply(self, _due: float, status: int, body: bytes) -> None:
        if status == 201:
            self.accepted.add(orjson.loads(body)["id"])

    def on_order_record(self, record: ConsumerRecord) -> None:
        event = orjson.loads(record.value)
        if event["type"] == "OrderSubmitted":
            self.submitted[str(event["payload"]["order_id"])] += 1

    def on_placement_record(self, record: ConsumerRecord) -> None:
        event = orjson.loads(record.value)
        payload = event["payload"]
        if event["type"] == "JobOffered":
            self.offer_records[str(payload["offer_id"])] += 1
            lots = self.lots.setdefault(str(payload["order_id"]), {})
            lots[str(payload["offer_id"])] = int(payload["units"])
        elif event["type"] == "OrderUnmatched":
            self.unmatched.add(str(payload["order_id"]))

    def on_topic(self) -> set[str]:
        return self.accepted & self.submitted.keys()

    def offered(self) -> set[str]:
        """Accepted orders offered exactly their quantity."""
        return {o for o in self.accepted if sum(self.lots.get(o, {}).values()) == self.quantity}

    def problems(self) -> list[str]:
        """Empty when nothing was lost or duplicated."""
        out = []
        units = {o: sum(self.lots.get(o, {}).values()) for o in self.accepted}
        checks = {
            "accepted but not on intake.orders": self.accepted - self.submitted.keys(),
            "on intake.orders but never accepted": self.submitted.keys() - self.accepted,
            "not offered (fully)": {o for o, u in units.items() if u < self.quantity},
            "offered more than its quantity": {o for o, u in units.items() if u > self.quantity},
            "reported unmatched": self.accepted & self.unmatched,
        }
        for what, orders in checks.items():
            if orders:
                out.append(f"{len(orders)} orders {what}")
        return out

    def summary(self) -> dict[str, int]:
        ours = [self.lots.get(o, {}) for o in self.accepted]
        return {
            "accepted": len(self.accepted),
            "on_intake_orders": len(self.on_topic()),
            "offered": len(self.offered()),
            "lots": sum(len(lots) for lots in ours),
            "order_records_repeated": sum(n - 1 for n in self.submitted.values()),
            "offer_records_repeated": sum(n - 1 for n in self.offer_records.values()),
        }
