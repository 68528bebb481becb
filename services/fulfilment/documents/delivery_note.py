"""送货单: finished goods (and returned materials) going back to the market."""

from __future__ import annotations

from services.fulfilment.documents.page import Page
from services.fulfilment.documents.receipt import _n
from services.fulfilment.schemas import ConsignmentPublic, LotPublic


def delivery_note(lot: LotPublic, back: ConsignmentPublic) -> bytes:
    units = back.units.get(lot.job_id, 0)
    rows = [("成品", "件", str(units))] + [
        (f"退回材料：{line.item}", line.unit, _n(line.quantity)) for line in back.lines
    ]
    page = Page(
        title="送货单",
        lines=(
            ("送货单号", str(back.id)),
            ("批次（任务）", str(lot.job_id)),
            ("订单", str(lot.order_id)),
            ("加工点", str(lot.provider_id)),
            ("发货日期", f"{back.shipped_on:%Y年%m月%d日}"),
            ("承运", back.carrier),
        ),
        header=("品名", "单位", "数量"),
        rows=rows,
        signatures=("送货人签字", "收货人签字"),
    )
    return page.pdf()
