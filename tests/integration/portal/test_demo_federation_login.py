"""``python -m services.portal.demo_logins`` (run by ``make up``) prints a sign-in for the
demo federation: registered at the first run, a new secret at each run after it (the old
one stops working), and that secret gets an admin token from intake's /v1/token."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx
import jwt

from services.portal.demo_logins import FEDERATION
from tests.support.services import RunningService
from tests.support.stack import ROOT

ADMIN_LINE = re.compile(
    r"admin\s+(?P<name>.+)\n\s+code (?P<code>\w+)\s+id \S+\s+secret (?P<secret>\S+)"
)


def federation_login(intake: RunningService, matching: RunningService) -> tuple[str, str]:
    env = {**os.environ, "PROCNET_INTAKE_URL": intake.url, "PROCNET_MATCHING_URL": matching.url}
    done = subprocess.run(
        [sys.executable, "-m", "services.portal.demo_logins"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = ADMIN_LINE.search(done.stdout)
    assert found and found["name"] == FEDERATION, done.stdout
    return found["code"], found["secret"]


def test_demo_logins_print_the_federations_sign_in(
    intake: RunningService, matching: RunningService
) -> None:
    code, first = federation_login(intake, matching)
    code_again, second = federation_login(intake, matching)
    assert code == code_again and first != second
    with httpx.Client(base_url=intake.url, timeout=30) as http:
        old = http.post("/v1/token", json={"code": code, "secret": first})
        new = http.post("/v1/token", json={"code": code, "secret": second})
    assert (old.status_code, new.status_code) == (401, 200)
    claims = jwt.decode(new.json()["access_token"], options={"verify_signature": False})
    assert (claims["role"], claims["name"]) == ("admin", FEDERATION)
