"""Pure domain of the seasonal load balancer: no I/O, no frameworks.

The service layer feeds facts into a LoadView, reads projections and load
windows from it, builds a RebalanceProblem with loans and receivers, asks
`rebalance` for a plan and runs each planned transfer through the saga.

One package per concept:

- ``capacity/``: providers, seasons, factors, the broker's calendar exceptions
  (``facts``: stored facts into the calendar), i.e. what each provider makes a day;
- ``load/``: jobs, the load view, EDF projection, pace, weekly and county load,
  the day an order's materials reach its broker;
- ``loans/``: capacity loans, their limits, and the lender days loans and
  opted-in receivers offer the planner;
- ``rebalance/``: the problem, its builder, the min-cost-flow and greedy
  solvers, the plan, and the policy of what to propose;
- ``transfers/``: the transfer aggregate and the saga steps that touch its loan;
- ``region``: counties read with the domain's error, county-to-county transit;
  ``days``, ``errors``, ``events``.
"""

from services.balancer.domain.capacity.calendar import CapacityCalendar
from services.balancer.domain.capacity.providers import CalendarException, Provider
from services.balancer.domain.capacity.seasons import Season, VillageGroup
from services.balancer.domain.errors import (
    BalancerError,
    IllegalTransition,
    InvalidFact,
    InvalidSeason,
    LoanError,
    UnknownCounty,
)
from services.balancer.domain.load.counties import CountyWeekLoad, county_week_load
from services.balancer.domain.load.jobs import Job, ProgressReport
from services.balancer.domain.load.projection import JobProjection, Projection, project
from services.balancer.domain.load.view import LoadView
from services.balancer.domain.load.windows import WindowLoad, overloaded_windows, weekly_load
from services.balancer.domain.loans.loan import CapacityLoan, LoanState
from services.balancer.domain.loans.slots import LenderSlot, ReceiverOptIn
from services.balancer.domain.rebalance.builder import build_problem
from services.balancer.domain.rebalance.plan import PlannedTransfer, RebalancePlan
from services.balancer.domain.rebalance.problem import Demand, OwnSlot, RebalanceProblem
from services.balancer.domain.rebalance.residual import residual_late
from services.balancer.domain.rebalance.solve import rebalance
from services.balancer.domain.region import parse_county
from services.balancer.domain.transfers.saga import (
    accept_transfer,
    compensate_transfer,
    propose_transfer,
)
from services.balancer.domain.transfers.transfer import Transfer, TransferState
from shared.region import County

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
