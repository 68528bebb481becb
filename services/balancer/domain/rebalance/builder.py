"""Builds the rebalancing problem from the load view, loans and receivers.

Every job of a provider (and category) with an at-risk job takes part, not
only the late ones: moving units off one job frees the provider's days for
its others. Providers with nothing at risk are left alone. Loan days count
only up to what the lender has free after its own jobs (`loans.limits`).
"""

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from services.balancer.domain.days import days
from services.balancer.domain.load.projection import project
from services.balancer.domain.load.view import LoadView
from services.balancer.domain.loans.limits import lendable_slots
from services.balancer.domain.loans.loan import CapacityLoan
from services.balancer.domain.loans.slots import ReceiverOptIn, receiver_slots
from services.balancer.domain.rebalance.problem import Demand, OwnSlot, RebalanceProblem


def build_problem(
    view: LoadView,
    today: date,
    loans: Iterable[CapacityLoan] = (),
    receivers: Iterable[ReceiverOptIn] = (),
    refused: Iterable[tuple[UUID, UUID]] = (),
) -> RebalanceProblem:
    projection = project(view, today)
    hot = {(j.provider_id, j.category) for j in projection.at_risk()}
    demands = tuple(_demands(view, hot, today))
    last = max([today, *(d.deadline for d in demands)])
    own = tuple(
        OwnSlot(p, c, day, view.capacity(p, c, day))
        for p, c in sorted(hot)
        for day in days(today, last)
    )
    loan_list = list(loans)
    lenders = lendable_slots(view, projection, loan_list, today, last)
    for opt_in in receivers:
        lenders += receiver_slots(view, projection, opt_in, loan_list, last)
    usable = tuple(s for s in lenders if (s.provider_id, s.category) not in hot)
    return RebalanceProblem(today, demands, own, usable, frozenset(refused))


def _demands(view: LoadView, hot: set[tuple[UUID, str]], today: date) -> list[Demand]:
    return [
        Demand(
            job.job_id,
            job.provider_id,
            view.calendar.provider(job.provider_id).county,
            job.category,
            job.remaining,
            max(job.start, today),
            job.deadline,
            max(job.movable_from, today),
        )
        for key, jobs in sorted(view.groups().items())
        if key in hot
        for job in sorted(jobs, key=lambda j: j.job_id)
    ]
