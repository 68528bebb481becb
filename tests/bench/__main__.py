"""``python -m tests.bench [--quick] [--only 1,3]``: every row, a table, and a JSON file.

Expects the bench stack (``make bench`` starts it, migrates and calls this).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import time
import traceback

from rich.console import Console

from tests.bench import report
from tests.bench.context import Context
from tests.bench.machine import machine_facts
from tests.bench.report import Row
from tests.bench.stack import RESULTS, use_bench_stack

# Row -> the modules measuring it, each with ``async def run(ctx) -> list[Row]``.
ROWS = {
    "1": ("bench_intake",),
    "2": ("bench_offer_latency",),
    "3": ("bench_matcher_cost",),
    "4": ("bench_matcher_time", "bench_service_matcher"),
    "4g": ("bench_service_matcher",),  # row 4g alone (--only 4g); "4" runs it too
    "5": ("bench_relay", "bench_inbox"),
    "6": ("bench_balancer",),
    "7": ("bench_freight_budget",),
    "8": ("bench_scale_out",),
}


async def run_module(key: str, name: str, ctx: Context, console: Console) -> list[Row]:
    t0 = time.perf_counter()
    try:
        module = importlib.import_module(f"tests.bench.{name}")
        found: list[Row] = await module.run(ctx)
    except Exception as exc:
        console.print(traceback.format_exc())
        found = [_failed(key, name, exc)]
    console.print(f"{name}: {time.perf_counter() - t0:.0f} s")
    report.show(found, console)
    return found


def _failed(key: str, name: str, exc: BaseException) -> Row:
    return Row(key, name, "", "error", "", "", None, f"{type(exc).__name__}: {exc}")


async def run_all(ctx: Context, keys: list[str], console: Console) -> list[Row]:
    rows: list[Row] = []
    for key in (k for k in ROWS if k in keys):
        for name in ROWS[key]:
            console.rule(f"row {key}: {name}")
            rows += await run_module(key, name, ctx, console)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--quick", action="store_true", help="sizes that finish in ~10 minutes")
    parser.add_argument("--only", default="1,2,3,4,5,6,7,8", help="rows to run, e.g. 1,5")
    parser.add_argument(
        "--offer-rate",
        type=float,
        help="row 2 at this many orders/s instead of half intake's measured maximum "
        "(to compare with an earlier run at its rate)",
    )
    args = parser.parse_args()
    use_bench_stack()
    console = Console(width=200)
    ctx = Context(quick=args.quick)
    if args.offer_rate:
        ctx.shared["offer_rate_per_s"] = args.offer_rate
    started, t0 = machine_facts(), time.perf_counter()
    rows = asyncio.run(run_all(ctx, args.only.split(","), console))
    meta = {"quick": args.quick, "seconds": round(time.perf_counter() - t0), "start": started}
    meta["end"] = machine_facts()
    report.show(rows, console)
    console.print(f"results: {report.write_json(RESULTS, rows, meta)}")


if __name__ == "__main__":
    main()
