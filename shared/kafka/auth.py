"""The SASL/SCRAM-SHA-512 identity a Kafka client connects with.

A service connects as its own principal (``CommonSettings.kafka_auth``); tools
and tests that pass none connect as ``$PROCNET_KAFKA_USER`` (default the
stack's admin). The password is ``$PROCNET_KAFKA_PASSWORD`` or the file
``infra/up.sh`` generated for that principal in the state folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from shared.security.access import KAFKA_ADMIN
from shared.security.secrets import read_secret

MECHANISM = "SCRAM-SHA-512"


@dataclass(frozen=True)
class KafkaAuth:
    username: str
    # Empty: read from the state folder when a client is built (not at import or bootstrap).
    password: str = field(default="", repr=False)

    @classmethod
    def of(cls, principal: str, password: str = "") -> KafkaAuth:
        return cls(principal, password)

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
        return {
            "security_protocol": "SASL_PLAINTEXT",
            "sasl_mechanism": MECHANISM,
            "sasl_plain_username": self.username,
            "sasl_plain_password": self.password or read_secret("kafka", self.username),
        }


def default_auth() -> KafkaAuth:
    """The process's own identity when a caller names none (tools, tests: the admin)."""
    user = os.environ.get("PROCNET_KAFKA_USER") or KAFKA_ADMIN
    return KafkaAuth.of(user, os.environ.get("PROCNET_KAFKA_PASSWORD", ""))


def client_kwargs(auth: KafkaAuth | None = None) -> dict[str, Any]:
    return (auth or default_auth()).client_kwargs()
