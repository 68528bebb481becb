"""Small constructors for providers, orders and calendars used across the matching tests."""

from datetime import date, timedelta
from uuid import UUID

from services.matching.domain import (
    Category,
    CategoryCode,
    County,
    Market,
    Mode,
    OnTimeHistory,
    OrderToPlace,
    Provider,
    Workforce,
)

DAY0 = date(2025, 4, 1)
BEADS: CategoryCode = Category.BEAD_WORK


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def provider(
    n: int,
    *,
    county: County = County.JINYUN,
    units: int = 10,
    category: CategoryCode = BEADS,
    workforce: Workforce | None = None,
    history: OnTimeHistory | None = None,
    categories: dict[CategoryCode, int] | None = None,
) -> Provider:
    return Provider(
        id=UUID(int=n),
        name=f"provider {n}",
        county=county,
        township="town",
        village="village",
        mode=Mode.FACTORY,
        categories=categories if categories is not None else {category: units},
        workforce=workforce or Workforce(total=20, low_income=5),
        history=history or OnTimeHistory(),
    )


def order(
    n: int,
    quantity: int,
    *,
    ready: int = 0,
    deadline: int = 6,
    market: Market = Market.YIWU,
    category: CategoryCode = BEADS,
    splittable: bool = True,
    min_lot: int = 1,
) -> OrderToPlace:
    return OrderToPlace(
        order_id=UUID(int=1000 + n),
        category=category,
        quantity=quantity,
        materials_ready=day(ready),
        deadline=day(deadline),
        origin_market=market,
        unit_fee_fen=80,
        splittable=splittable,
        min_lot=min_lot,
    )
