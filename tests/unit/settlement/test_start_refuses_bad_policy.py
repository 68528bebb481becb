"""An invalid policy file stops the service at start with the file and the fault."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from services.settlement.adapters.policy_files import POLICY_DIR

ROOT = Path(__file__).resolve().parents[3]


def test_the_service_will_not_start_on_an_invalid_policy(tmp_path: Path) -> None:
    doc = json.loads((POLICY_DIR / "suichang-2009.json").read_text())
    doc["freight_subsidy"]["percent_of_fee"] = "-1"
    (tmp_path / "suichang-2009.json").write_text(json.dumps(doc))
    env = {**os.environ, "PROCNET_POLICY_DIR": str(tmp_path), "PROCNET_ENV": "development"}
    done = subprocess.run(
        [sys.executable, "-m", "services.settlement"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "invalid policy file" in done.stderr
    assert "freight_subsidy.percent_of_fee: Input should be greater than 0" in done.stderr
