"""Bearer tokens signed with the test stack's own key (the one its services verify)."""

from __future__ import annotations

import os
import uuid
from functools import cache

from shared.identity import Role, issue_token
from shared.identity.keys import KeyRing, ensure_keys, key_dir
from tests.support.stack import TEST_STACK


@cache
def keys() -> KeyRing:
    """The key ring of the stack under test (``PROCNET_STATE_DIR``, else the test stack's)."""
    state = os.environ.get("PROCNET_STATE_DIR") or TEST_STACK["PROCNET_STATE_DIR"]
    directory = key_dir(state, os.environ.get("PROCNET_JWT_KEY_DIR", ""))
    ensure_keys(directory)
    return KeyRing.load(directory)


def bearer(org_id: uuid.UUID, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(keys(), org_id, role)}"}


def admin() -> dict[str, str]:
    return bearer(uuid.uuid4(), Role.ADMIN)
