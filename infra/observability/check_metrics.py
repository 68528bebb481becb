"""Every ``procnet_*`` name the dashboard and the alert rules use exists in the code.

``python infra/observability/check_metrics.py`` prints each unknown name (with the file
that uses it) and exits 1; the unit test tests/unit/shared/test_observability_files.py
runs it. The registry is the one the services fill at import: shared's metrics plus
every service's bootstrap (so a metric a service defines for itself counts too).
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SERVICES = ("intake", "matching", "balancer", "settlement", "fulfilment", "portal")
NAME = re.compile(r"\bprocnet_[a-z0-9_]+\b")
SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("_sum", "_count", "_created", ""),
    "gauge": ("",),
}


def registry_names() -> set[str]:
    """The sample names a scrape can show for every metric the code defines."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    importlib.import_module("shared.observability.metrics")
    for service in SERVICES:
        importlib.import_module(f"services.{service}.bootstrap")
    names: set[str] = set()
    for family in REGISTRY.collect():
        names.update(family.name + s for s in SUFFIXES.get(family.type, ("",)))
    return names


def expressions() -> Iterator[tuple[str, str]]:
    """(file, PromQL expression) for every query in the dashboards and the alert rules."""
    for path in sorted(HERE.glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel.get("targets", []):
                yield path.name, target["expr"]
    for path in sorted(HERE.glob("alerts*.yml")):
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                yield path.name, rule["expr"]


def unknown_names() -> list[tuple[str, str]]:
    known = registry_names()
    used = {(file, name) for file, expr in expressions() for name in NAME.findall(expr)}
    return sorted((file, name) for file, name in used if name not in known)


def main() -> int:
    missing = unknown_names()
    for file, name in missing:
        print(f"{file}: {name} is not a metric the code defines")
    if not missing:
        print(f"all metric names used in {HERE.relative_to(ROOT)} exist")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
