"""``python -m tests.bench.matcher_memory PROVIDERS ORDERS SEED``: the matcher's memory.

Run in a child process by bench_matcher_time.py (row 4f), so nothing the bench
itself built counts. The child builds the seeded instance (matching_instances.py:
Provider objects, one calendar per provider and category), collects garbage and
reads its resident set (``VmRSS``): that is the matcher's *input*, as the service
holds it after its reads. Then it runs ``place_batch`` once and reads its peak
resident set (``VmHWM``, the high-water mark of this program's memory; not
``ru_maxrss``, which Linux carries over from the forked parent, the bench with its
own 100,000-provider runs, through exec). It prints JSON: ``input_mb`` (RSS before the
matcher), ``peak_mb`` (the process's peak, input included) and ``matcher_mb``
(peak minus input: what the matcher's own work added at its highest).
"""

from __future__ import annotations

import gc
import json
import sys
import time

from services.matching.domain import place_batch
from tests.bench.matching_instances import Shape, batch


def _status_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    providers, orders, seed = (int(a) for a in sys.argv[1:4])
    b = batch(seed, Shape(providers, orders, one_category=True))
    gc.collect()
    before = _status_mb("VmRSS")
    t0 = time.process_time()
    place_batch(b.orders, b.providers, b.calendars)
    cpu = time.process_time() - t0
    peak = _status_mb("VmHWM")
    print(
        json.dumps({"input_mb": before, "peak_mb": peak, "matcher_mb": peak - before, "cpu_s": cpu})
    )


if __name__ == "__main__":
    main()
