"""The printable monthly statement, in Chinese, set in Noto Sans CJK (Debian's fonts-noto-cjk,
installed by ``infra/install-cjk-fonts.sh``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from services.settlement.domain.fees.statement import MonthlyStatement, StatementLine

# NotoSansCJK-Regular.ttc holds JP, KR, SC, TC, HK; index 2 is Simplified Chinese.
SIMPLIFIED_CHINESE = 2


COUNTIES_ZH = {
    "liandu": "莲都区", "longquan": "龙泉市", "qingtian": "青田县", "yunhe": "云和县",
    "qingyuan": "庆元县", "jinyun": "缙云县", "suichang": "遂昌县", "songyang": "松阳县",
    "jingning": "景宁畲族自治县",
}  # fmt: skip
CATEGORIES_ZH = {
    "bead_work": "串珠", "pearl_embroidery": "钉珠绣", "crochet": "钩编",
    "garment_sewing": "服装缝制", "knitting": "针织", "welding_assembly": "焊接装配",
}  # fmt: skip


class FontMissing(RuntimeError):
    pass


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def _date_zh(month: str) -> str:
    y, m = month.split("-")
    return f"{y}年{int(m)}月"


def statement_pdf(s: MonthlyStatement, enterprise: str, county: str, font: Path) -> bytes:
    if not font.is_file():
        raise FontMissing(f"CJK font {font} is missing: run bash infra/install-cjk-fonts.sh")
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(font), collection_font_number=SIMPLIFIED_CHINESE)
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.cell(0, 12, f"加工费月结单 · {_date_zh(s.month)}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.cell(
        0,
        8,
        f"加工企业：{enterprise}（丽水市{COUNTIES_ZH.get(county, county)}）",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    summary = [
        ("交货任务数", f"{s.jobs_delivered}"),
        ("合格件数 / 次品件数", f"{s.good_units:,} / {s.defective_units:,}"),
        ("加工费", _yuan(s.fees_fen)),
        ("运费", _yuan(s.freight_fen)),
        ("运费补贴（加工费的1%）", _yuan(s.freight_subsidy_fen)),
        ("本月收款", _yuan(s.payments_received_fen)),
        ("月初应收余额", _yuan(s.opening_balance_fen)),
        ("月末应收余额", _yuan(s.balance_fen)),
    ]
    if s.overpaid_fen:  # the broker must see it: it is to be settled with the office
        summary += [
            ("验收未通过但已付款（须与联络处结算）", _yuan(s.overpaid_fen)),
            ("扣除上项后的余额", _yuan(s.balance_less_overpaid_fen)),
        ]
    for label, value in summary:
        pdf.cell(80, 8, label, border=1)
        pdf.cell(0, 8, value, border=1, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", size=9)
    heads = ("交货日期", "品类", "合格", "次品", "单价", "加工费", "运费", "已收")
    widths = (25, 35, 18, 18, 20, 28, 22, 24)
    for h, w in zip(heads, widths, strict=True):
        pdf.cell(w, 7, h, border=1, align="C")
    pdf.ln()
    for line in s.lines:
        cells = (
            _day(line.delivered_on),
            CATEGORIES_ZH.get(line.category, line.category),
            f"{line.good_units:,}",
            f"{line.defective_units:,}",
            _yuan(line.unit_fee_fen),
            _yuan(line.fee_fen),
            _yuan(line.freight_fen),
            _yuan(line.paid_fen),
        )
        for text, w in zip(cells, widths, strict=True):
            pdf.cell(w, 7, text, border=1, align="R")
        pdf.ln()
    pdf.ln(4)
    pdf.set_font("cjk", size=9)
    for line in s.lines:
        said = _inspection_note(line)
        if said:
            name = CATEGORIES_ZH.get(line.category, line.category)
            _note(pdf, f"{_day(line.delivered_on)} {name}：{said}")
    if s.overpaid_fen:
        _note(
            pdf,
            f"验收未通过但已付款 {_yuan(s.overpaid_fen)}：请与联络处结算"
            "（退还，或在下次加工费中抵扣）。",
        )
    _note(pdf, "先交货，后付加工费。金额单位：元（四舍五入到分）。")
    return bytes(pdf.output())


def _inspection_note(line: StatementLine) -> str:
    """What inspection changed on a delivery, in Chinese ("" when nothing)."""
    cut = line.deduction_fen + line.reclaimed_fen
    said = f"验收扣款 {_yuan(cut)}，已从加工费中扣除。" if cut else ""
    if line.taken_back_units:
        said += f"报为合格的 {line.taken_back_units:,} 件验收未通过，已计入次品。"
    if line.overpaid_fen:
        said += f"验收未通过的件已付款 {_yuan(line.overpaid_fen)}，须与联络处结算。"
    return said


def _note(pdf: FPDF, text: str) -> None:
    """A line of notes under the table, the next starting at the left margin (fpdf2 leaves
    x at the right edge after a multi_cell, where the next one has no width)."""
    pdf.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
