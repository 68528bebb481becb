"""``python -m services.portal.demo_logins``: sign-in details for a few demo organisations.

``make up`` runs it after seeding. The demo region's organisations have no secret a person
could know, so this gives a few of them a new one through the services' admin APIs (the
old one stops working) and prints the id, the short code and the secret to sign in with.
Development stacks only: it signs an admin token with the stack's signing key.
"""

from __future__ import annotations

import sys
import uuid

import httpx

from services.portal.config import PortalSettings
from shared.identity import Role, issue_token
from shared.identity.keys import load_keys
from shared.identity.token_exchange import short_code

# The demo region's (services/cli/demo_names.py; a service does not import another's code,
# tests/unit/cli/test_demo_region.py keeps the two equal).
OFFICE = "遂昌县驻义乌联络处"
PROVIDER_MODES = ("factory", "centre", "home")  # one broker of each kind
FEDERATION = "丽水市妇女联合会"  # the demo region's admin organisation


def main() -> int:
    settings = PortalSettings()
    if settings.env == "production":
        print("demo logins are for development stacks only", file=sys.stderr)
        return 1
    keys = load_keys(settings.env, settings.state_dir, settings.jwt_key_dir)
    token = issue_token(keys, uuid.uuid4(), Role.ADMIN)
    headers = {"Authorization": f"Bearer {token}"}
    rows: list[tuple[str, str, str]] = []
    with httpx.Client(headers=headers, timeout=30) as http:
        intake, matching = settings.service_url("intake"), settings.service_url("matching")
        offices = http.get(f"{intake}/v1/offices").raise_for_status().json()
        chosen = [o for o in offices if o["name"] == OFFICE] or offices[:1]
        for office in chosen:
            secret = http.post(f"{intake}/v1/offices/{office['id']}/secret").json()["secret"]
            rows.append(("office", office["name"], f"{office['id']}\t{secret}"))
        providers = http.get(f"{matching}/v1/providers", params={"limit": 1000}).json()
        # a broker with work (the seed's orders) first: its pages have jobs and money to show
        jobs = http.get(f"{matching}/v1/jobs").raise_for_status().json()
        busy = {j["provider_id"] for j in jobs}
        providers.sort(key=lambda p: p["id"] not in busy)
        for mode in PROVIDER_MODES:
            found = next((p for p in providers if p["mode"] == mode), None)
            if found is None:
                continue
            path = f"{matching}/v1/providers/{found['id']}/secret"
            rows.append(
                ("provider", found["name"], f"{found['id']}\t{http.post(path).json()['secret']}")
            )
        rows.append(("admin", FEDERATION, _federation_login(http, intake)))
    print("Portal sign-in (organisation id or short code, and secret; new secrets each `make up`):")
    for role, name, ids in rows:
        org_id, secret = ids.split("\t")
        code = short_code(uuid.UUID(org_id))
        print(f"  {role:<9} {name}\n            code {code}  id {org_id}  secret {secret}")
    return 0


def _federation_login(http: httpx.Client, intake: str) -> str:
    """The federation's admin organisation (registered at the first run) with a new secret."""
    known = http.get(f"{intake}/v1/admins").raise_for_status().json()
    found = next((a for a in known if a["name"] == FEDERATION), None)
    if found is None:
        made = http.post(f"{intake}/v1/admins", json={"name": FEDERATION}).raise_for_status()
        return f"{made.json()['id']}\t{made.json()['secret']}"
    path = f"{intake}/v1/admins/{found['id']}/secret"
    return f"{found['id']}\t{http.post(path).raise_for_status().json()['secret']}"


if __name__ == "__main__":
    sys.exit(main())
