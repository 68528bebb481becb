"""The test stack on containers (testcontainers + docker-compose.yml) when a Docker engine exists.

Which stack the integration tests use: ``PROCNET_TEST_STACK`` = ``native``
(infra/up.sh, what ``make test`` sets), ``containers`` (docker-compose.yml's
servers, its ``secrets`` and ``init`` one-shots, via testcontainers), or
``auto`` (the default): containers when a Docker engine answers, native
otherwise. The services under test always run as local processes; on
containers they reach the servers on the same host ports (the PROCNET_*_PORT
variables) and read the passwords the ``secrets`` one-shot generated, copied
into a private folder (``PROCNET_SECRETS_DIR``).
"""

from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path
from typing import Any

INFRA = ["secrets", "kafka", "postgres", "redis", "init"]
SECRETS_IN_CONTAINER = "/run/procnet-secrets"


def docker_engine_available() -> bool:
    try:
        import docker  # testcontainers' own dependency

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # no socket, no permission, no package: no engine for us
        return False


def stack_kind(env: dict[str, str] | None = None, engine: bool | None = None) -> str:
    wanted = (env if env is not None else os.environ).get("PROCNET_TEST_STACK", "auto")
    if wanted not in ("auto", "native", "containers"):
        raise ValueError(f"PROCNET_TEST_STACK={wanted!r}: use auto, native or containers")
    if wanted != "auto":
        return wanted
    return "containers" if (docker_engine_available() if engine is None else engine) else "native"


def start_containers(root: Path) -> None:
    """Servers, topics, ACLs and schemas from docker-compose.yml; stopped when pytest exits."""
    from testcontainers.compose import DockerCompose

    compose = DockerCompose(
        root, compose_file_name="docker-compose.yml", services=INFRA, build=True
    )
    compose.start()
    atexit.register(compose.stop)
    os.environ["PROCNET_SECRETS_DIR"] = _copy_secrets(compose)


def _copy_secrets(compose: Any) -> str:
    """The generated passwords, read through the redis container (it mounts them)."""
    target = Path(tempfile.mkdtemp(prefix="procnet-secrets-"))  # 0700
    listing, _ = compose.exec_in_container(
        ["sh", "-c", f"cd {SECRETS_IN_CONTAINER} && ls */*"], service_name="redis"
    )
    for rel in listing.split():
        text, _ = compose.exec_in_container(
            ["cat", f"{SECRETS_IN_CONTAINER}/{rel}"], service_name="redis"
        )
        path = target / rel
        path.parent.mkdir(mode=0o700, exist_ok=True)
        path.write_text(text.strip())
        path.chmod(0o600)
    return str(target)
