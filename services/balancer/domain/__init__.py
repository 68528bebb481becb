"""Pure domain of the seasonal load balancer: no I/O, no frameworks.

The service layer feeds facts into a LoadView, reads projections and load
windows from it, builds a RebalanceProblem with loans and receivers, asks
`rebalance` for a plan and runs each planned transfer through the saga.
"""

from services.balancer.domain.capacity import CapacityCalendar
from services.balancer.domain.counties import County, parse_county
from services.balancer.domain.county_load import CountyWeekLoad, county_week_load
from services.balancer.domain.errors import (
    BalancerError,
    IllegalTransition,
    InvalidFact,
    InvalidSeason,
    LoanError,
    UnknownCounty,
)
from services.balancer.domain.jobs import Job, ProgressReport
from services.balancer.domain.lending import LenderSlot, ReceiverOptIn
from services.balancer.domain.load_view import LoadView
from services.balancer.domain.loans import CapacityLoan, LoanState
from services.balancer.domain.optimiser import rebalance
from services.balancer.domain.plan import PlannedTransfer, RebalancePlan
from services.balancer.domain.problem_builder import build_problem
from services.balancer.domain.projection import JobProjection, Projection, project
from services.balancer.domain.providers import CalendarException, Provider
from services.balancer.domain.rebalance_problem import Demand, OwnSlot, RebalanceProblem
from services.balancer.domain.residual import residual_late
from services.balancer.domain.seasons import Season, VillageGroup
from services.balancer.domain.transfer import Transfer, TransferState
from services.balancer.domain.transfer_saga import (
    accept_transfer,
    compensate_transfer,
    propose_transfer,
)
from services.balancer.domain.windows import WindowLoad, overloaded_windows, weekly_load

__all__ = [
    "BalancerError",
    "CalendarException",
    "CapacityCalendar",
    "CapacityLoan",
    "County",
    "CountyWeekLoad",
    "Demand",
    "IllegalTransition",
    "InvalidFact",
    "InvalidSeason",
    "Job",
    "JobProjection",
    "LenderSlot",
    "LoadView",
    "LoanError",
    "LoanState",
    "OwnSlot",
    "PlannedTransfer",
    "ProgressReport",
    "Projection",
    "Provider",
    "RebalancePlan",
    "RebalanceProblem",
    "ReceiverOptIn",
    "Season",
    "Transfer",
    "TransferState",
    "UnknownCounty",
    "VillageGroup",
    "WindowLoad",
    "accept_transfer",
    "build_problem",
    "compensate_transfer",
    "county_week_load",
    "overloaded_windows",
    "parse_county",
    "project",
    "propose_transfer",
    "rebalance",
    "residual_late",
    "weekly_load",
]
