"""One A4 page of text lines, a table and an optional QR code, set in Noto Sans CJK SC.

Drawn with matplotlib's object API (no pyplot: nothing global, safe in threads), so
no PDF library beyond what the project has: the font's CFF outlines are embedded as
Type 3 glyphs. The font comes from Debian's fonts-noto-cjk
(``infra/install-cjk-fonts.sh``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import qrcode
from matplotlib import font_manager
from matplotlib.backends.backend_pdf import FigureCanvasPdf
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Noto Sans CJK SC"
A4 = (8.27, 11.69)  # inches


class FontMissing(RuntimeError):
    """The CJK font is not installed: run infra/install-cjk-fonts.sh."""


@cache
def _font() -> str:
    if not FONT_FILE.exists():
        raise FontMissing(f"{FONT_FILE} missing: run bash infra/install-cjk-fonts.sh")
    font_manager.fontManager.addfont(str(FONT_FILE))
    return FAMILY


@dataclass
class Page:
    title: str
    lines: Sequence[tuple[str, str]]  # label, value
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    footer: Sequence[str] = ()
    qr_url: str | None = None
    signatures: Sequence[str] = field(default_factory=lambda: ("发货人签字", "收货人签字"))

    def pdf(self) -> bytes:
        family = _font()
        fig = Figure(figsize=A4)
        FigureCanvasPdf(fig)
        text: dict[str, Any] = {"fontfamily": family, "transform": fig.transFigure}
        fig.text(0.5, 0.94, self.title, ha="center", fontsize=22, **text)
        y = 0.88
        for label, value in self.lines:
            fig.text(0.08, y, f"{label}：{value}", fontsize=11, **text)
            y -= 0.028
        y = self._table(fig, y - 0.02, family)
        for note in self.footer:
            fig.text(0.08, y, note, fontsize=10, **text)
            y -= 0.025
        for n, who in enumerate(self.signatures):
            fig.text(0.08 + 0.45 * n, 0.1, f"{who}：__________", fontsize=11, **text)
        if self.qr_url:
            ax = fig.add_axes((0.74, 0.78, 0.18, 0.127))
            ax.imshow(qrcode.make(self.qr_url).get_image().convert("L"), cmap="gray")
            ax.set_axis_off()
            fig.text(0.83, 0.765, "扫码查看批次", ha="center", fontsize=8, **text)
        out = io.BytesIO()
        fig.savefig(out, format="pdf")
        return out.getvalue()

    def _table(self, fig: Figure, top: float, family: str) -> float:
        height = 0.03 * (len(self.rows) + 1)
        ax = fig.add_axes((0.08, top - height, 0.84, height))
        ax.set_axis_off()
        table = ax.table(
            cellText=[list(r) for r in self.rows] or [[""] * len(self.header)],
            colLabels=list(self.header),
            loc="upper center",
            cellLoc="center",
            bbox=Bbox.from_bounds(0, 0, 1, 1),
        )
        for cell in table.get_celld().values():
            cell.get_text().set_fontfamily(family)
            cell.get_text().set_fontsize(10)
        return top - height - 0.04
