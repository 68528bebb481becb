"""The Grafana dashboard and the Prometheus alert rules only name metrics that exist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from shared.observability import metrics

ROOT = Path(__file__).resolve().parents[3]
CHECK = ROOT / "infra" / "observability" / "check_metrics.py"


def test_every_name_in_dashboard_and_alerts_exists() -> None:
    done = subprocess.run([sys.executable, str(CHECK)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_catches_a_name_that_does_not_exist(tmp_path: Path) -> None:
    """The check itself can fail: a rule naming a metric nobody defines is reported."""
    alerts = yaml.safe_load((CHECK.parent / "alerts.yml").read_text())
    alerts["groups"][0]["rules"].append({"alert": "X", "expr": "procnet_no_such_thing > 0"})
    for name in ("check_metrics.py", "grafana-procnet.json"):
        (tmp_path / name).write_text((CHECK.parent / name).read_text())
    (tmp_path / "alerts.yml").write_text(yaml.safe_dump(alerts))
    code = (
        (CHECK.parent / "check_metrics.py")
        .read_text()
        .replace("HERE.parents[1]", f"Path({str(ROOT)!r})")
    )
    (tmp_path / "check_metrics.py").write_text(code)
    done = subprocess.run(
        [sys.executable, str(tmp_path / "check_metrics.py")], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "alerts.yml: procnet_no_such_thing" in done.stdout


def test_all_metrics_carry_the_procnet_prefix() -> None:
    from prometheus_client import REGISTRY

    ours = [f.name for f in REGISTRY.collect() if f.name.startswith(metrics.PREFIX)]
    assert len(ours) >= 15
    legacy = {"outbox_published", "events_consumed", "matcher_batch_seconds"}
    assert not legacy & {f.name for f in REGISTRY.collect()}


async def test_portal_calls_carry_the_request_id_on() -> None:
    """The portal's backend client forwards the id of the page request it serves."""
    import uuid

    import httpx

    from shared.logging import correlation
    from shared.observability.http import forward_request_id

    seen: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("x-request-id"))
        return httpx.Response(200)

    rid = str(uuid.uuid4())
    hooks = {"request": [forward_request_id]}
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer), event_hooks=hooks) as c:
        with correlation(rid):
            await c.get("http://svc/x")
        await c.get("http://svc/y")
    assert seen == [rid, None]
