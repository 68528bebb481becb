"""The one table of principals: adding a service is one ``Access`` line here.

Each line gives a name that is at once a Kafka principal (SCRAM-SHA-512), a
PostgreSQL login role owning the schema of that name, and a Redis ACL user
restricted to keys under ``procnet:<name>:``. What a principal may do on Kafka
follows from ``shared/events/catalogue.py`` (the producer of a topic writes it,
its consumers read it and write its ``.dlq``) plus its consumer groups:
the group named like the principal and every group starting ``<name>.``.
``infra/up.sh`` generates one password per principal and store (0600 files in
``$PROCNET_STATE_DIR/secrets``) and applies the grants on every start.
"""

from __future__ import annotations

from dataclasses import dataclass

# Super users: ``admin`` creates topics and ACLs, runs tests and chaos faults;
# ``controller`` is the broker's own identity on its controller listener.
KAFKA_ADMIN = "admin"
KAFKA_CONTROLLER = "controller"
# PostgreSQL: owns the database and runs the bootstrap; never used by a service.
PG_ADMIN = "procnet"
REDIS_ADMIN = "admin"


@dataclass(frozen=True)
class Access:
    name: str
    kafka: bool = True
    postgres: bool = True  # a login role owning schema <name>
    redis: bool = True  # an ACL user for keys procnet:<name>:*
    # Topics read without being a consumer in the catalogue (reports, audits).
    reads_all: bool = False

    @property
    def redis_prefix(self) -> str:
        return f"procnet:{self.name}:"

    @property
    def group_prefix(self) -> str:
        return f"{self.name}."


ACCESS: tuple[Access, ...] = (
    Access("intake"),
    Access("matching"),
    Access("balancer"),
    # The operator CLI talks HTTP to the services; on Kafka it may only read.
    Access("settlement"),
    Access("fulfilment"),
    Access("cli", postgres=False, redis=False, reads_all=True),
    # The portal keeps no business data: it calls the services over HTTP with the user's
    # token. It watches a few topics (catalogue ``watchers``) in its own group
    # ``portal.live`` and keeps its notifications under procnet:portal: in Redis.
    Access("portal", postgres=False),
)


def principals(store: str) -> tuple[str, ...]:
    """Names with credentials in ``store`` (kafka, postgres or redis), admins excluded."""
    if store not in ("kafka", "postgres", "redis"):
        raise ValueError(f"unknown store {store!r}")
    return tuple(a.name for a in ACCESS if getattr(a, store))


def access(name: str) -> Access:
    for a in ACCESS:
        if a.name == name:
            return a
    raise KeyError(f"no principal {name!r} in shared/security/access.py")
