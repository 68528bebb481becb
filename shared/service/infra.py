"""The connections one service process holds, created lazily and closed once.

Nothing connects at import time: engines and clients are built here and used
only when the app's lifespan starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from redis.asyncio import Redis
from redis.credentials import CredentialProvider
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.db.engine import make_engine, make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork
from shared.events.registry import EventRegistry
from shared.http.health import Check
from shared.http.readiness import database_check, kafka_check, redis_check
from shared.inbox.consumer import ConsumerConfig, Handler, InboxConsumer
from shared.observability.metrics import WORKER_UP
from shared.observability.outbox_stats import refresh_outbox_gauges
from shared.observability.readiness import Readiness
from shared.outbox.relay import OutboxRelay, RelayConfig
from shared.service.workers import Worker, Workers
from shared.settings import CommonSettings


class StackCredentials(CredentialProvider):
    """A Redis ACL user whose password is read when a connection opens (not at build time)."""

    def __init__(self, username: str, password: Callable[[], str]) -> None:
        self._username = username
        self._password = password

    def get_credentials(self) -> tuple[str, str]:
        return self._username, self._password()


@dataclass
class ServiceInfra:
    settings: CommonSettings
    schema: str
    tables: MessagingTables
    engine: AsyncEngine = field(init=False)
    sessions: async_sessionmaker[AsyncSession] = field(init=False)
    redis: Redis = field(init=False)
    workers: Workers = field(default_factory=Workers)
    # The service's UnitOfWork subclass (its repositories), for routes and consumers alike.
    unit_of_work: type[UnitOfWork] = UnitOfWork

    def __post_init__(self) -> None:
        s = self.settings
        self.engine = make_engine(
            s.database_dsn, schema=self.schema, pool_size=s.pg_pool_size, password=s.pg_secret
        )
        self.sessions = make_sessionmaker(self.engine)
        self.redis = Redis.from_url(
            s.redis_url,
            socket_timeout=2,
            socket_connect_timeout=2,
            credential_provider=StackCredentials(s.redis_username, s.redis_secret),
        )

    def uow(self) -> UnitOfWork:
        return self.unit_of_work(self.sessions, self.tables.outbox)

    def add_relay(self) -> None:
        relay = OutboxRelay(
            self.engine,
            self.tables,
            RelayConfig(
                bootstrap=self.settings.kafka_bootstrap,
                schema=self.schema,
                auth=self.settings.kafka_auth,
            ),
        )
        self.workers.add(Worker("outbox-relay", relay.run, relay.stop))

    def add_consumer(
        self,
        name: str,
        topics: tuple[str, ...],
        registry: EventRegistry,
        handlers: dict[str, Handler],
    ) -> None:
        config = ConsumerConfig(
            bootstrap=self.settings.kafka_bootstrap,
            name=name,
            topics=topics,
            auth=self.settings.kafka_auth,
        )
        consumer = InboxConsumer(
            self.sessions, self.tables, registry, handlers, config, self.unit_of_work
        )
        self.workers.add(Worker(f"consumer-{name}", consumer.run, consumer.stop, consumer.problem))

    def readiness(self) -> Readiness:
        """PostgreSQL is required; Kafka and Redis are ridden out for ``ready_grace_s``;
        every started worker must still run."""
        return Readiness(
            self.readiness_checks(),
            grace_s=self.settings.ready_grace_s,
            workers=self.workers.states,
        )

    async def refresh_metrics(self) -> None:
        """Scrape-time gauges: this service's outbox backlog and its workers."""
        for name, state in self.workers.states().items():
            WORKER_UP.labels(name).set(state == "running")
        await refresh_outbox_gauges(self.engine, self.tables.outbox, self.schema)

    def readiness_checks(self) -> dict[str, Check]:
        return {
            "database": database_check(self.engine),
            "kafka": kafka_check(self.settings.kafka_bootstrap, self.settings.kafka_auth),
            "redis": redis_check(self.redis),
        }

    async def start(self) -> None:
        self.workers.start()

    async def close(self) -> None:
        await self.workers.stop()
        await self.redis.aclose()
        await self.engine.dispose()
