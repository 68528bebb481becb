"""Late units left at home once some units of each job have moved away (EDF per provider)."""

from collections.abc import Mapping
from uuid import UUID

from services.balancer.domain.load.edf import EdfTask, schedule_edf
from services.balancer.domain.rebalance.problem import RebalanceProblem


def residual_late(problem: RebalanceProblem, moved: Mapping[UUID, int]) -> dict[UUID, int]:
    """Late units per job when each keeps `units - moved` at its own provider."""
    late: dict[UUID, int] = {}
    for provider_id, category in sorted({(d.provider_id, d.category) for d in problem.demands}):
        late |= group_late(problem, provider_id, category, moved)
    return late


def group_late(
    problem: RebalanceProblem, provider_id: UUID, category: str, moved: Mapping[UUID, int]
) -> dict[UUID, int]:
    """The same for the jobs of one (provider, category) only."""
    capacity = problem.own_capacity(provider_id, category)
    tasks = [
        EdfTask(d.job_id, d.units - moved.get(d.job_id, 0), d.release, d.deadline)
        for d in problem.demands
        if (d.provider_id, d.category) == (provider_id, category)
    ]
    outcome = schedule_edf(
        tasks, lambda day: capacity.get(day, 0), problem.today, problem.horizon()
    )
    return {t.key: outcome.late.get(t.key, 0) for t in tasks}
