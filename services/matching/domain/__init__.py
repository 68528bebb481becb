"""Pure domain of the matching service: providers, capacity, costs and placement.

No I/O: the service layer loads providers, calendars and orders, calls
`place_batch`, and persists holds and offers from the returned lots.
"""

from services.matching.domain.calendar_rules import (
    CapacityException,
    DateRange,
    DeclaredException,
    Hold,
    SeasonalFactor,
    village_names,
)
from services.matching.domain.capacity import CapacityCalendar
from services.matching.domain.catalogue import (
    Catalogue,
    CategoryDefinition,
    UnknownCategory,
)
from services.matching.domain.costs import CostBreakdown, CostWeights, lot_cost, unit_cost
from services.matching.domain.feasibility import Calendars, Candidate, find_candidates
from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import BatchResult, Lot, Method, Placement, ShortfallReason
from services.matching.domain.provider import OnTimeHistory, Provider, Workforce
from services.matching.domain.solver import SolverLimits, Strategy, place_batch
from services.matching.domain.vocabulary import Category, CategoryCode, County, Market, Mode
from shared.region.distances import road_km, transit_days, transport_cost_fen

__all__ = [
    "BatchResult",
    "Calendars",
    "Candidate",
    "CapacityCalendar",
    "CapacityException",
    "Catalogue",
    "Category",
    "CategoryCode",
    "CategoryDefinition",
    "CostBreakdown",
    "CostWeights",
    "County",
    "DateRange",
    "DeclaredException",
    "Hold",
    "Lot",
    "Market",
    "Method",
    "Mode",
    "OnTimeHistory",
    "OrderToPlace",
    "Placement",
    "Provider",
    "SeasonalFactor",
    "ShortfallReason",
    "SolverLimits",
    "Strategy",
    "UnknownCategory",
    "Workforce",
    "find_candidates",
    "lot_cost",
    "place_batch",
    "road_km",
    "transit_days",
    "transport_cost_fen",
    "unit_cost",
    "village_names",
]
