"""The documents render as PDF in Chinese: a page turned into PNG is not blank, the CJK
font is embedded, and the receipt carries a QR code."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal as D

import pypdfium2
import pytest
from PIL import Image

from services.fulfilment.documents.delivery_note import delivery_note
from services.fulfilment.documents.page import FONT_FILE
from services.fulfilment.documents.receipt import material_receipt
from services.fulfilment.schemas import AccountPublic, ConsignmentPublic, CountedPublic, LotPublic

pytestmark = pytest.mark.skipif(not FONT_FILE.exists(), reason="run infra/install-cjk-fonts.sh")
JOB = uuid.uuid4()


def lot() -> LotPublic:
    beads = AccountPublic(
        item="玻璃珠 4mm", unit="kg", owed=D(6), received=D("5.8"), consumed=D(0),
        returned=D(0), scrapped=D(0), held=D("5.8"), shortfall=D("0.2"),
        allowed_use=D("6.12"), over_allowance=D(0),
    )  # fmt: skip
    return LotPublic(
        job_id=JOB, order_id=uuid.uuid4(), provider_id=uuid.uuid4(), category="bead_work",
        units=300, due=date(2027, 3, 20), state="open", accepted_units=0, rework_units=0,
        rework_due=None, reconciled=False, loss_allowance_pct=D(3), over_allowance=False,
        materials=[beads],
    )  # fmt: skip


def consignment(direction: str, **over: object) -> ConsignmentPublic:
    line = CountedPublic(
        job_id=JOB, item="玻璃珠 4mm", unit="kg", quantity=D(6), counted=D("5.8"),
        difference=D("-0.2"),
    )  # fmt: skip
    base: dict[str, object] = {
        "id": uuid.uuid4(), "office_id": uuid.uuid4(), "direction": direction,
        "carrier": "丽水顺达物流", "shipped_on": date(2027, 3, 1), "state": "received",
        "lines": [line], "units": {}, "received_on": {},
    }  # fmt: skip
    return ConsignmentPublic.model_validate(base | over)


def png(pdf: bytes) -> Image.Image:
    page = pypdfium2.PdfDocument(pdf)[0]
    return page.render(scale=1.5).to_pil().convert("L")


def dark_share(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    w, h = image.size
    part = image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    histogram = part.histogram()  # 256 grey levels
    return sum(histogram[:128]) / sum(histogram)


def test_the_material_receipt_is_a_chinese_page_with_a_qr_code() -> None:
    pdf = material_receipt(lot(), [consignment("out")], "http://portal.test:8000")
    assert pdf.startswith(b"%PDF")
    assert b"NotoSansCJK" in pdf  # the CJK font is embedded, not a fallback
    image = png(pdf)
    assert dark_share(image, (0.3, 0.03, 0.7, 0.09)) > 0.02  # the title 来料签收单
    assert dark_share(image, (0.74, 0.09, 0.92, 0.22)) > 0.2  # the QR code
    assert dark_share(image, (0.0, 0.3, 1.0, 0.7)) > 0.003  # the table


def test_the_delivery_note_renders_units_and_returned_materials() -> None:
    back = consignment("back", units={JOB: 300})
    image = png(delivery_note(lot(), back))
    assert dark_share(image, (0.3, 0.03, 0.7, 0.09)) > 0.02
    assert dark_share(image, (0.74, 0.09, 0.92, 0.22)) < 0.01  # no QR code on this one
