"""One result row per compared part: the rich table on screen and the JSON file."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

VERDICT = {True: "[green]met[/]", False: "[red]missed[/]", None: "[yellow]—[/]"}


@dataclass
class Row:
    key: str
    part: str
    baseline: str
    measured: str
    spread: str
    target: str
    met: bool | None
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def table(rows: list[Row]) -> Table:
    out = Table(title="procnet vs baselines (ratios, same machine, interleaved)")
    for name in ("#", "part", "baseline", "measured", "spread", "target", "", "note"):
        out.add_column(name, overflow="fold")
    for r in rows:
        out.add_row(
            r.key, r.part, r.baseline, r.measured, r.spread, r.target, VERDICT[r.met], r.note
        )
    return out


def show(rows: list[Row], console: Console | None = None) -> None:
    (console or Console(width=200)).print(table(rows))


def write_json(folder: Path, rows: list[Row], meta: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"meta": meta, "rows": [asdict(r) for r in rows]}, indent=2))
    return path
