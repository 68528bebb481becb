"""Bearer tokens signed with the development key the test services also use."""

from __future__ import annotations

import uuid

from shared.identity import Role, issue_token
from shared.settings import DEV_JWT_SECRET


def bearer(org_id: uuid.UUID, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(DEV_JWT_SECRET, org_id, role)}"}


def admin() -> dict[str, str]:
    return bearer(uuid.uuid4(), Role.ADMIN)
