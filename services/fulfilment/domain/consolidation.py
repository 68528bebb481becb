"""Freight consolidation: lots of the same market and county that ship within a day
window travel as one consignment.

Freight for one consignment is a trip (the van's round trip, per km of road between
the county and the market) plus the per-unit transport of the km table
(``shared.region``: 2 x road km x rate per unit). The per-unit part is the same
however the lots travel; what consolidating saves is the trips. Lots are grouped
greedily: per market and county in date order, a group opens at its first lot's
date and takes every lot shipping within ``window_days`` of it (all ship on the
last lot's date, so none leaves before its materials are ready).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from shared.region import County, Market
from shared.region.distances import road_km, transport_cost_fen

# A small van's round trip, per km of road (2.5 yuan/km each way).
TRIP_FEN_PER_KM = 250


@dataclass(frozen=True)
class Shipment:
    job_id: uuid.UUID
    market: Market
    county: County
    ship_on: date
    units: int


@dataclass(frozen=True)
class Proposal:
    market: Market
    county: County
    ship_on: date
    lots: tuple[Shipment, ...]
    separate_fen: int  # one consignment per lot
    consolidated_fen: int

    @property
    def saved_fen(self) -> int:
        return self.separate_fen - self.consolidated_fen


def freight_fen(units: int, county: County, market: Market, trip_fen_per_km: int) -> int:
    trip = 2 * road_km(county, market) * trip_fen_per_km
    return trip + transport_cost_fen(units, county, market)


def propose(
    shipments: list[Shipment], window_days: int = 1, trip_fen_per_km: int = TRIP_FEN_PER_KM
) -> list[Proposal]:
    """Consolidations of two or more lots, most freight saved first."""
    if window_days < 0:
        raise ValueError("the window is a number of days, 0 or more")
    by_place: dict[tuple[Market, County], list[Shipment]] = defaultdict(list)
    for s in shipments:
        by_place[(s.market, s.county)].append(s)
    out = []
    for (market, county), found in by_place.items():
        for group in _windows(sorted(found, key=lambda s: (s.ship_on, str(s.job_id))), window_days):
            if len(group) < 2:
                continue
            separate = sum(freight_fen(s.units, county, market, trip_fen_per_km) for s in group)
            together = freight_fen(sum(s.units for s in group), county, market, trip_fen_per_km)
            out.append(
                Proposal(market, county, group[-1].ship_on, tuple(group), separate, together)
            )
    return sorted(out, key=lambda p: (-p.saved_fen, p.ship_on, p.market, p.county))


def _windows(ordered: list[Shipment], window_days: int) -> list[list[Shipment]]:
    groups: list[list[Shipment]] = []
    for s in ordered:
        if groups and s.ship_on <= groups[-1][0].ship_on + timedelta(days=window_days):
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups
