"""Exports: CSV and .xlsx tables read back; the Chinese PDF statement rendered to a PNG
page that is not blank and whose text is Chinese."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from services.settlement.config import SettlementSettings
from services.settlement.documents.statement_pdf import FontMissing, statement_pdf
from services.settlement.documents.tables import to_csv, to_xlsx
from services.settlement.domain.fees.statement import Payment, monthly_statement
from tests.unit.settlement.test_fees_domain import P, receivable

ROWS = [{"client": "义乌华丰饰品", "fee_fen": 12_345, "due_on": date(2026, 11, 3)}]
COLUMNS = ("client", "fee_fen", "due_on")
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_csv_has_a_bom_for_excel_and_keeps_chinese() -> None:
    text = to_csv(ROWS, COLUMNS).decode("utf-8")
    assert text.startswith("\ufeffclient,fee_fen,due_on")
    assert "义乌华丰饰品,12345,2026-11-03" in text


def test_xlsx_reads_back() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(ROWS, COLUMNS, "receivables")))
    sheet = book["receivables"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert [c.value for c in sheet[2]] == ["义乌华丰饰品", 12_345, "2026-11-03"]


def _statement() -> bytes:
    r = receivable(1_200, 150, date(2026, 11, 9))
    r.category = "welding_assembly"
    pays = [Payment(uuid.uuid4(), r.delivery_id, 100_000, date(2026, 11, 20))]
    s = monthly_statement(P, "2026-11", [r], pays)
    return statement_pdf(s, "建明服装厂", "suichang", SettlementSettings().cjk_font)


def test_the_pdf_statement_is_a_printed_page_in_chinese() -> None:
    doc = pdfium.PdfDocument(_statement())
    page = doc[0]
    text = page.get_textpage().get_text_range()
    assert "加工费月结单" in text and "2026年11月" in text and "遂昌县" in text
    assert "¥1,800.00" in text and "焊接装配" in text  # 1,200 x 1.50 yuan
    assert len(HAN.findall(text)) > 60
    image = page.render(scale=1).to_pil().convert("L")
    png = io.BytesIO()
    image.save(png, format="PNG")
    assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    dark = sum(image.histogram()[:128])
    assert dark > 0.005 * image.width * image.height  # ink on the page, not blank


def test_a_missing_font_says_how_to_install_it(tmp_path: Path) -> None:
    s = monthly_statement(P, "2026-11", [], [])
    with pytest.raises(FontMissing, match=r"install-cjk-fonts\.sh"):
        statement_pdf(s, "x", "yunhe", tmp_path / "none.ttc")


def test_the_pdf_statement_says_what_inspection_deducted_and_took_back() -> None:
    """A note line under the table made fpdf2 raise for the line after it (no width left)."""
    r = receivable(95, 150, date(2026, 11, 9))
    r.taken_back_units, r.deduction_fen = 5, 500
    s = monthly_statement(P, "2026-11", [r], [])
    pdf = statement_pdf(s, "东坑加工点", "jingning", SettlementSettings().cjk_font)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "验收扣款 ¥5.00，" in text and "报为合格的 5 件验收未通过" in text


def test_the_pdf_statement_tells_the_broker_what_was_overpaid() -> None:
    r = receivable(100, 150, date(2026, 11, 9))
    r.pay(15_000)
    r.overpaid_fen = 1_500
    pays = [Payment(uuid.uuid4(), r.delivery_id, 15_000, date(2026, 11, 9))]
    s = monthly_statement(P, "2026-11", [r], pays)
    pdf = statement_pdf(s, "东坑加工点", "jingning", SettlementSettings().cjk_font)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "验收未通过但已付款" in text and "¥15.00" in text
    assert "请与联络处结算" in text and "扣除上项后的余额 -¥15.00" in text
