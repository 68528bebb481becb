"""Per county and month: fees earned, the estimated share reaching members of low-income
households, reservoir migrants, relocated farmers and disabled workers (each enterprise's
fee x its members of the group / its workforce), and how many villages and enterprises
earned anything. Shares are summed exactly and rounded half-up once per figure."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from services.settlement.domain.fees.facts import Enterprise
from services.settlement.domain.money import round_fen

GROUPS = ("low_income", "reservoir_migrants", "relocated_farmers", "disabled")

# Lishui, 2010, from the case: what the processing industry reached that year.
CASE_2010 = {
    "fees_fen": 230_000_000 * 100,
    "villages": 950,
    "low_income_households": 21_000,
    "reservoir_migrants": 11_000,
    "relocated_farmers": 12_000,
}


@dataclass(frozen=True)
class EarnedFee:
    provider_id: uuid.UUID
    delivered_on: date
    fee_fen: int


class Reach(BaseModel):
    county: str
    month: str
    fees_fen: int
    low_income_fen: int
    reservoir_migrants_fen: int
    relocated_farmers_fen: int
    disabled_fen: int
    villages: int
    enterprises: int
    # Members of each group in the enterprises that earned (registered workforce).
    low_income_workers: int
    reservoir_migrant_workers: int
    relocated_farmer_workers: int
    disabled_workers: int


def reach(fees: Iterable[EarnedFee], enterprises: dict[uuid.UUID, Enterprise]) -> list[Reach]:
    cells: dict[tuple[str, str], dict[uuid.UUID, int]] = {}
    for f in fees:
        e = enterprises.get(f.provider_id)
        if e is None or f.fee_fen <= 0:
            continue
        cell = cells.setdefault((e.county.value, f.delivered_on.strftime("%Y-%m")), {})
        cell[f.provider_id] = cell.get(f.provider_id, 0) + f.fee_fen
    return [
        _cell(county, month, cell, enterprises)
        for (county, month), cell in sorted(cells.items(), key=_by_month)
    ]


def _by_month(item: tuple[tuple[str, str], object]) -> tuple[str, str]:
    (county, month), _ = item
    return month, county


def _cell(
    county: str, month: str, cell: dict[uuid.UUID, int], ents: dict[uuid.UUID, Enterprise]
) -> Reach:
    shares = dict.fromkeys(GROUPS, Decimal(0))
    members = dict.fromkeys(GROUPS, 0)
    for pid, fee in cell.items():
        w = ents[pid].workforce
        for g in GROUPS:
            members[g] += getattr(w, g)
            if w.total:
                shares[g] += Decimal(fee) * getattr(w, g) / w.total
    return Reach(
        county=county,
        month=month,
        fees_fen=sum(cell.values()),
        low_income_fen=round_fen(shares["low_income"]),
        reservoir_migrants_fen=round_fen(shares["reservoir_migrants"]),
        relocated_farmers_fen=round_fen(shares["relocated_farmers"]),
        disabled_fen=round_fen(shares["disabled"]),
        villages=len({(ents[p].township, ents[p].village) for p in cell}),
        enterprises=len(cell),
        low_income_workers=members["low_income"],
        reservoir_migrant_workers=members["reservoir_migrants"],
        relocated_farmer_workers=members["relocated_farmers"],
        disabled_workers=members["disabled"],
    )


def reach_total(
    fees: Iterable[EarnedFee],
    enterprises: dict[uuid.UUID, Enterprise],
    county: str | None,
    label: str,
) -> Reach:
    """The whole period in one figure (members counted once per enterprise, not per month)."""
    cell: dict[uuid.UUID, int] = {}
    for f in fees:
        e = enterprises.get(f.provider_id)
        if e is not None and f.fee_fen > 0 and (county is None or e.county.value == county):
            cell[f.provider_id] = cell.get(f.provider_id, 0) + f.fee_fen
    return _cell(county or "all", label, cell, enterprises)
