"""Small builders shared by the balancer tests: dates, views and oracle-to-domain conversion."""

from datetime import date, timedelta
from uuid import UUID

from services.balancer.domain import (
    County,
    Demand,
    LenderSlot,
    LoadView,
    OwnSlot,
    Provider,
    RebalanceProblem,
)
from tests.unit.balancer.oracle import OInstance

TODAY = date(2025, 3, 31)  # a Monday
CAT = "pearl_embroidery"

# Expected transit days, written out by hand from the documented road table.
TRANSIT = {
    frozenset({County.JINYUN}): 0,
    frozenset({County.LIANDU}): 0,
    frozenset({County.JINYUN, County.LIANDU}): 1,
    frozenset({County.JINYUN, County.QINGYUAN}): 2,
    frozenset({County.LIANDU, County.QINGYUAN}): 2,
}


def uid(name: str) -> UUID:
    """A readable, order-keeping id for a test name ("J1" < "J2" as ids too)."""
    raw = name.encode()
    assert len(raw) <= 16, name
    return UUID(bytes=raw.ljust(16, b"\0"))


def name_of(u: UUID) -> str:
    """The test name behind `uid(name)`."""
    return u.bytes.rstrip(b"\0").decode()


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def view_with(*providers: tuple[str, str, str, int]) -> LoadView:
    """A view with providers given as (id, county, village, base units/day of CAT)."""
    view = LoadView()
    for provider_id, county, village, units in providers:
        view.calendar.put_provider(Provider.of(uid(provider_id), county, village, {CAT: units}))
    return view


def to_problem(inst: OInstance, county: dict[str, County]) -> RebalanceProblem:
    """The same instance as domain data; `county` maps home and lender names to counties."""
    demands = tuple(
        Demand(
            uid(j.name), uid(j.home), county[j.home], CAT, j.units, day(j.release), day(j.deadline)
        )
        for j in inst.jobs
    )
    own = tuple(
        OwnSlot(uid(home), CAT, day(d), cap)
        for home, caps in inst.home.items()
        for d, cap in enumerate(caps)
    )
    lenders = tuple(
        LenderSlot(
            uid(lender.name), county[lender.name], CAT, day(d), cap, uid(f"loan-{lender.name}")
        )
        for lender in inst.lenders
        for d, cap in enumerate(lender.capacity)
        if cap > 0
    )
    return RebalanceProblem(TODAY, demands, own, lenders)
