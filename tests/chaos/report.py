"""Results of the chaos checks: one JSON line per check, and the table ``make chaos`` prints.

Each check's docstring says ``Breaks:``, ``Does:`` and ``Holds:``; the numbers
are whatever the check measured (outage, recovery, lag drain, RSS drift, p95).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

from tests.chaos.stack import STATE

RESULTS = STATE / "results.jsonl"


def section(doc: str, name: str) -> str:
    found = re.search(rf"{name}:\s*(.+?)(?:\n\s*\n|\n\s*[A-Z][a-z]+:|\Z)", doc, re.S)
    return " ".join(found.group(1).split()) if found else ""


def append(row: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("ab") as out:
        out.write(orjson.dumps(row, default=str, option=orjson.OPT_NON_STR_KEYS) + b"\n")


def load(path: Path = RESULTS) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _numbers(numbers: dict[str, Any]) -> str:
    return "\n".join(f"{k} = {v}" for k, v in numbers.items())


STYLE = {"passed": "green", "failed": "bold red", "xfailed": "yellow", "skipped": "dim"}


def table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="procnet chaos checks", show_lines=True)
    for col, width in (("check", 22), ("breaks", 30), ("must hold", 34), ("result", 8)):
        t.add_column(col, max_width=width, overflow="fold")
    t.add_column("key numbers", overflow="fold")
    for r in rows:
        result = f"[{STYLE.get(r['outcome'], '')}]{r['outcome']}[/]"
        t.add_row(r["check"], r["breaks"], r["holds"], result, _numbers(r["numbers"]))
    return t


def main() -> int:
    rows = load()
    Console(width=160).print(table(rows) if rows else "no chaos results recorded")
    return 0 if rows and all(r["outcome"] in ("passed", "xfailed") for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
