"""`procnet tokens`: a bearer token for each demo organisation, for trying the APIs by hand."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.cli import demo_providers, demo_region
from services.cli.api import signing_keys
from shared.identity import Role, issue_token


@dataclass(frozen=True)
class DemoOrg:
    name: str
    role: Role
    id: uuid.UUID

    def token(self) -> str:
        return issue_token(signing_keys(), self.id, self.role, name=self.name)


def demo_orgs(providers_per_county: int = 1) -> list[DemoOrg]:
    """The admin, every liaison office and the first providers of each county."""
    orgs = [DemoOrg(demo_region.ADMIN_NAME, Role.ADMIN, demo_region.ADMIN_ID)]
    orgs += [DemoOrg(o.name, Role.OFFICE, o.id) for o in demo_region.offices()]
    seen: dict[str, int] = {}
    for p in demo_providers.providers():
        if seen.get(p.county, 0) < providers_per_county:
            seen[p.county] = seen.get(p.county, 0) + 1
            orgs.append(DemoOrg(p.name, Role.PROVIDER, uuid.UUID(p.id)))
    return orgs
