"""``python -m tests.bench.profile_intake [seconds] [out]``: py-spy samples of intake under
row 1's closed loop (16 concurrent ``POST /v1/orders``), as collapsed stacks.

Run it with the bench stack's environment, e.g. ``make bench BENCH_SLOT=3 BENCH_ARGS=
"--quick --only 1"`` once (stack up, migrated), then the BENCH_ENV of the Makefile in
front of ``.venv/bin/python -m tests.bench.profile_intake 20``. Each output line is
``frame;frame;... count``: grep it, or feed it to a flame-graph tool. Issue 18 used it to
find what intake spends per order beyond the bare baseline (FastAPI's dependency solving,
the session's begin/commit, the cyclic collector, metric label lookups).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.bench.http_wire import Address, post_json
from tests.bench.intake_setup import new_office, order_body
from tests.bench.load import closed_loop
from tests.bench.processes import server
from tests.bench.stack import STATE_DIR, use_bench_stack

CONCURRENCY = 16
RATE_HZ = 200


async def profile(seconds: int, out: Path) -> None:
    with server("intake", "services.intake", "PROCNET_INTAKE_PORT") as intake:
        office = await new_office(intake.url)
        address = Address.of(intake.url)
        request = post_json(address, "/v1/orders", order_body(office), office.headers)
        await closed_loop(address, request, CONCURRENCY, 2)  # warm-up: pools, lazy imports
        spy = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).with_name("py-spy")),  # installed beside the venv's python
            *("record", "--pid", str(intake.process.pid), "-d", str(seconds), "-o", str(out)),
            *("-r", str(RATE_HZ), "--format", "raw", "--nonblocking"),
        )
        load = await closed_loop(address, request, CONCURRENCY, seconds + 1)
        await spy.wait()
    load.require_no_errors("profiled closed loop")
    print(f"{load.throughput:.1f} orders/s while sampled; stacks in {out}")


def main() -> None:
    use_bench_stack()
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else STATE_DIR / "logs" / "intake-profile.txt"
    asyncio.run(profile(seconds, out))


if __name__ == "__main__":
    main()
