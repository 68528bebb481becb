"""The principals table and the Kafka ACLs derived from it (shared/security, shared/kafka/acls)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from shared.events.catalogue import CHANNELS, SERVICES
from shared.kafka.acls import all_grants, grants_for
from shared.security.access import ACCESS, access, principals

ROOT = Path(__file__).resolve().parents[3]


def test_every_service_of_the_catalogue_has_a_principal() -> None:
    # A service added to the catalogue without an Access line could not connect at all.
    assert set(SERVICES) <= set(principals("kafka"))


def test_a_topic_is_written_only_by_its_producer_and_a_dlq_only_by_its_consumers() -> None:
    writers: dict[str, set[str]] = {}
    for g in all_grants():
        if g.resource == "topic" and g.operation == "write":
            writers.setdefault(g.name, set()).add(g.principal)
    for ch in CHANNELS:
        assert writers.get(ch.topic.name, set()) == {ch.producer}, ch.topic.name
        assert writers.get(ch.topic.dlq.name, set()) == set(ch.consumers), ch.topic.dlq.name


def test_every_service_infra_runs_has_a_principal() -> None:
    # infra/services.txt starts it; without an Access line it has no role, password or ACLs.
    lines = (ROOT / "infra/services.txt").read_text().splitlines()
    listed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert listed <= {a.name for a in ACCESS}
    # A service that keeps data has every store (the portal keeps none: HTTP only).
    for name in listed - {"portal"}:
        for store in ("kafka", "postgres", "redis"):
            assert name in principals(store), (name, store)


def test_consumer_groups_are_the_principals_own() -> None:
    for g in all_grants():
        if g.resource == "group":
            assert g.name in (g.principal, access(g.principal).group_prefix), g


def test_the_cli_only_reads() -> None:
    cli = grants_for(access("cli"))
    assert cli and all(g.operation == "read" for g in cli)


def test_names_are_safe_for_roles_acl_rules_and_key_prefixes() -> None:
    for a in ACCESS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", a.name), a.name


def test_infra_lists_the_same_principals() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "shared.security", "principals", "postgres"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert tuple(out.stdout.split()) == principals("postgres")


def test_no_password_or_default_role_password_in_the_repository() -> None:
    # The old bootstrap set each role's password to its name and procnet/procnet as superuser.
    sql = (ROOT / "infra/postgres/bootstrap.sql").read_text()
    assert "PASSWORD 'procnet'" not in sql
    assert "LOGIN SUPERUSER" not in sql
