from pathlib import Path

import pytest

from shared.settings import CommonSettings


def _secret(root: Path, store: str, name: str, value: str) -> None:
    (root / store).mkdir(parents=True, exist_ok=True)
    (root / store / name).write_text(value + "\n")


def test_service_role_logs_in_with_the_stacks_generated_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The role name used to be its password ("intake:intake"); now it is a 0600 file.
    monkeypatch.setenv("PROCNET_SECRETS_DIR", str(tmp_path))
    _secret(tmp_path, "postgres", "intake", "p" * 64)
    s = CommonSettings(service_name="intake", pg_port=5555)
    assert s.database_url == f"postgresql+asyncpg://intake:{'p' * 64}@127.0.0.1:5555/procnet"
    assert s.database_dsn == "postgresql+asyncpg://intake@127.0.0.1:5555/procnet"


def test_a_missing_password_names_the_file_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROCNET_SECRETS_DIR", str(tmp_path))
    s = CommonSettings(service_name="matching")
    with pytest.raises(RuntimeError, match=r"postgres/matching.*infra/up.sh"):
        s.pg_secret()


def test_kafka_and_redis_identities_default_to_the_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROCNET_SECRETS_DIR", str(tmp_path))
    _secret(tmp_path, "kafka", "balancer", "k" * 64)
    _secret(tmp_path, "redis", "balancer", "r" * 64)
    s = CommonSettings(service_name="balancer")
    kwargs = s.kafka_auth.client_kwargs()
    assert kwargs["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (kwargs["sasl_plain_username"], kwargs["sasl_plain_password"]) == ("balancer", "k" * 64)
    assert (s.redis_username, s.redis_secret()) == ("balancer", "r" * 64)
    assert "k" * 64 not in repr(s.kafka_auth)


def test_tokens_live_twelve_hours_by_default() -> None:
    assert CommonSettings().token_ttl_hours == 12


def test_kafka_is_one_host_by_default_and_a_cluster_when_servers_are_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROCNET_KAFKA_SERVERS", raising=False)
    assert CommonSettings(kafka_port=59092).kafka_bootstrap == "127.0.0.1:59092"
    monkeypatch.setenv("PROCNET_KAFKA_SERVERS", "k1:9092,k2:9092,k3:9092")
    assert CommonSettings(kafka_port=59092).kafka_bootstrap == "k1:9092,k2:9092,k3:9092"
