"""Settings every service shares; each service subclasses with its own prefix-free fields.

All values come from the environment (``PROCNET_*``) with defaults that match
``infra/up.sh``, so a service started by ``make up`` needs no configuration.
"""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PROCNET_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    service_name: str = "procnet"
    log_level: str = "INFO"

    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_db: str = "procnet"
    # Empty means "the service's own role", named like the service (see infra/).
    pg_user: str = ""
    pg_password: SecretStr = SecretStr("")
    # Kept open per process (as many again may open under bursts, then close). 20 covers 16
    # concurrent requests plus the relay's lease and the consumer without connect churn.
    pg_pool_size: int = 20

    kafka_host: str = "127.0.0.1"
    kafka_port: int = 9092

    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = 0

    # The stack's folder (infra/up.sh's state dir); token keys live in <state_dir>/identity
    # unless jwt_key_dir names another folder (see shared/identity/keys.py).
    state_dir: str = ""
    jwt_key_dir: str = ""
    # Tokens live this long, and a token claiming a longer life is refused.
    token_ttl_hours: float = 12.0
    # Requests per minute per organisation and service; 0 turns the limit off.
    rate_limit_per_minute: int = 3000

    @property
    def db_user(self) -> str:
        return self.pg_user or self.service_name

    @property
    def database_url(self) -> str:
        password = self.pg_password.get_secret_value() or self.db_user
        return (
            f"postgresql+asyncpg://{self.db_user}:{password}"
            f"@{self.pg_host}:{self.pg_port}/{self.pg_db}"
        )

    @property
    def kafka_bootstrap(self) -> str:
        return f"{self.kafka_host}:{self.kafka_port}"

    @property
    def redis_url(self) -> str:
        return f"redis://{self.redis_host}:{self.redis_port}/{self.redis_db}"
