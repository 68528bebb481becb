"""docker-compose.yml stays valid and describes the full procnet stack.

Validation runs the real Compose CLI (`config -q` needs no Docker engine); if
no CLI is installed, infra/install-compose.sh installs one. The structure
checks parse the YAML directly.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
INSTALL_SCRIPT = REPO / "infra" / "install-compose.sh"
CONFIG_SCRIPT = REPO / "infra" / "compose-config.sh"

INFRA_PORTS = {"kafka": 9092, "postgres": 5432, "redis": 6379}
APP_PORTS = {"intake": 8001, "matching": 8002, "balancer": 8003, "settlement": 8004}


def _compose_cli_present() -> bool:
    if shutil.which("docker-compose"):
        return True
    if shutil.which("docker"):
        probe = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, check=False
        )
        return probe.returncode == 0
    return False


@pytest.fixture(scope="module")
def compose_cli() -> None:
    """``make test`` installs the CLI first; a run without it installs it here or fails."""
    if _compose_cli_present():
        return
    result = subprocess.run(
        ["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True, timeout=600, check=False
    )
    output = (result.stdout + result.stderr).strip().splitlines()[-15:]
    assert _compose_cli_present(), (
        "infra/install-compose.sh could not install a Compose CLI:\n" + "\n".join(output)
    )


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def _resolve_defaults(text: str) -> str:
    """Replace ${VAR:-default} by its default, as Compose does with VAR unset."""
    return re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)\}", r"\1", text)


def _port_pairs(service: dict[str, Any]) -> set[tuple[int, int]]:
    """(published, container) pairs of a service's short-syntax port mappings."""
    pairs = set()
    for entry in service.get("ports", []):
        parts = _resolve_defaults(str(entry)).split(":")
        pairs.add((int(parts[-2]), int(parts[-1])))
    return pairs


def test_compose_config_is_valid(compose_cli: None) -> None:
    result = subprocess.run(
        ["bash", str(CONFIG_SCRIPT), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, f"compose config failed:\n{result.stdout}{result.stderr}"


def test_has_the_six_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) >= set(INFRA_PORTS) | set(APP_PORTS)


@pytest.mark.parametrize("name,port", sorted({**INFRA_PORTS, **APP_PORTS}.items()))
def test_service_publishes_its_port(compose: dict[str, Any], name: str, port: int) -> None:
    assert (port, port) in _port_pairs(compose["services"][name])


def test_infra_images_and_healthchecks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["kafka"]["image"] == "apache/kafka:4.1.2"
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"].startswith("redis:7")
    for name in INFRA_PORTS:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_kafka_single_node_settings(compose: dict[str, Any]) -> None:
    env = compose["services"]["kafka"]["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert env["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] == "1"
    assert env["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] == "1"
    assert env["KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS"] == "1"
    assert env["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] == "0"
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"


def test_postgres_uses_the_shared_bootstrap(compose: dict[str, Any]) -> None:
    volumes = [str(v) for v in compose["services"]["postgres"]["volumes"]]
    assert any("docker-entrypoint-initdb.d" in v and "initdb.sh" in v for v in volumes)
    assert (REPO / "infra" / "postgres" / "bootstrap.sql").is_file()


@pytest.mark.parametrize("name", sorted(APP_PORTS))
def test_app_service_wiring(compose: dict[str, Any], name: str) -> None:
    service = compose["services"][name]
    assert service["build"]["dockerfile"] == "Dockerfile"
    assert service["command"] == ["python", "-m", f"services.{name}"]
    env = service["environment"]
    for key in (
        "PROCNET_PG_HOST",
        "PROCNET_PG_PORT",
        "PROCNET_KAFKA_HOST",
        "PROCNET_KAFKA_PORT",
        "PROCNET_REDIS_HOST",
        "PROCNET_REDIS_PORT",
    ):
        assert key in env, f"{name} lacks {key}"
    assert env["PROCNET_ENV"] == "development"
    for dep in INFRA_PORTS:
        assert service["depends_on"][dep]["condition"] == "service_healthy"


# Issue 17, finding 7: `docker compose up` gave no working system. Each check below
# failed on the previous file (services bound 127.0.0.1, no init step, fixed host
# ports, no constraints, PLAINTEXT Kafka, passwords in the file).


@pytest.mark.parametrize("name", sorted(APP_PORTS))
def test_app_services_listen_on_all_interfaces_and_wait_for_init(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    assert service["environment"]["PROCNET_HTTP_HOST"] == "0.0.0.0"
    assert service["depends_on"]["init"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize("name,port", sorted(APP_PORTS.items()))
def test_app_host_ports_come_from_the_environment(
    compose: dict[str, Any], name: str, port: int
) -> None:
    entries = [str(e) for e in compose["services"][name]["ports"]]
    assert f"${{PROCNET_{name.upper()}_PORT:-{port}}}:{port}" in entries


def test_init_creates_topics_and_acls_and_migrates(compose: dict[str, Any]) -> None:
    command = " ".join(compose["services"]["init"]["command"])
    for step in ("shared.kafka.admin", "shared.kafka.acls", "shared.db.migrate all"):
        assert step in command


def test_the_image_installs_with_the_constraints() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "-c constraints.txt" in dockerfile
    assert "COPY requirements.txt constraints.txt" in dockerfile


def test_kafka_authenticates_and_authorizes(compose: dict[str, Any]) -> None:
    env = compose["services"]["kafka"]["environment"]
    protocols = {p.split(":")[1] for p in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")}
    assert protocols == {"SASL_PLAINTEXT"}
    assert env["KAFKA_SASL_ENABLED_MECHANISMS"] == "SCRAM-SHA-512"
    assert env["KAFKA_AUTHORIZER_CLASS_NAME"].endswith("StandardAuthorizer")
    assert env["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"] == "false"


def test_no_password_is_written_in_the_compose_file() -> None:
    text = COMPOSE_FILE.read_text()
    assert not re.search(r"PASSWORD\s*:", text), "passwords come from the secrets one-shot"
    assert "procnet:procnet" not in text
