"""来料签收单: the material receipt of one lot, what was sent and what the broker counted,
with a QR code that opens the lot in the portal."""

from __future__ import annotations

from decimal import Decimal

from services.fulfilment.documents.page import Page
from services.fulfilment.schemas import ConsignmentPublic, LotPublic


def material_receipt(lot: LotPublic, sent: list[ConsignmentPublic], portal_base_url: str) -> bytes:
    rows = []
    for c in sent:
        for line in c.lines:
            if line.job_id != lot.job_id:
                continue
            rows.append(
                (
                    str(c.shipped_on),
                    line.item,
                    line.unit,
                    _n(line.quantity),
                    "" if line.counted is None else _n(line.counted),
                    "" if line.difference is None else _signed(line.difference),
                )
            )
    owed = "；".join(f"{m.item} {_n(m.owed)} {m.unit}" for m in lot.materials) or "无"
    page = Page(
        title="来料签收单",
        lines=(
            ("批次（任务）", str(lot.job_id)),
            ("订单", str(lot.order_id)),
            ("加工点", str(lot.provider_id)),
            ("数量", f"{lot.units} 件，交货期 {lot.due:%Y年%m月%d日}"),
            ("应发材料", owed),
            ("承运", "、".join(sorted({c.carrier for c in sent})) or "—"),
        ),
        header=("发货日期", "材料", "单位", "发出数量", "实收数量", "差异"),
        rows=rows,
        footer=("差异：负数为短少，正数为多出，双方可在平台上查看。",),
        qr_url=f"{portal_base_url.rstrip('/')}/lots/{lot.job_id}",
    )
    return page.pdf()


def _n(q: Decimal) -> str:
    return f"{q.normalize():f}"


def _signed(q: Decimal) -> str:
    return ("+" if q > 0 else "") + _n(q)
