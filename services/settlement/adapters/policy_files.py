"""Policy files (``services/settlement/policies/<county>-<year>.json``), validated on load.

A file that does not validate stops the service with the file and what is wrong in it:
an incentive policy is never half-read or guessed.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from services.settlement.domain.policy.catalogue import Policies
from services.settlement.domain.policy.model import Policy

POLICY_DIR = Path(__file__).resolve().parents[1] / "policies"


class PolicyFileError(RuntimeError):
    pass


def load_policy(path: Path) -> Policy:
    try:
        policy = Policy.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in exc.errors()
        )
        raise PolicyFileError(f"invalid policy file {path}: {problems}") from None
    if path.stem != policy.policy_id:
        raise PolicyFileError(f"policy file {path} must be named {policy.policy_id}.json")
    return policy


DEFAULT_POLICY = "suichang-2009"


def load_policies(
    directory: Path = POLICY_DIR, default_id: str | None = DEFAULT_POLICY
) -> Policies:
    files = sorted(directory.glob("*.json"))
    if not files:
        raise PolicyFileError(f"no policy files in {directory}")
    policies = [load_policy(f) for f in files]
    if default_id is not None and default_id not in {p.policy_id for p in policies}:
        raise PolicyFileError(f"the default policy {default_id} has no file in {directory}")
    return Policies(policies, default_id)
