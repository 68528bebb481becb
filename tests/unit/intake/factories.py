import uuid
from datetime import date

from services.intake.domain.order import Order, OrderTerms


def terms(**over: object) -> OrderTerms:
    base: dict[str, object] = dict(
        client_id=uuid.uuid4(),
        category="bead_work",
        description="hair clips",
        quantity=1000,
        unit_fee_fen=35,
        materials_ready=date(2027, 3, 1),
        deadline=date(2027, 3, 20),
        origin_market="yiwu",
        splittable=True,
        min_lot=100,
    )
    return OrderTerms(**{**base, **over})  # type: ignore[arg-type]


def submitted(**over: object) -> Order:
    order = Order.submit(uuid.uuid4(), uuid.uuid4(), terms(**over))
    order.events.clear()
    return order
