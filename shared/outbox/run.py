"""Run one outbox relay as its own process: ``python -m shared.outbox.run --schema intake``.

Services run the relay inside their own process; this entry point exists for
operators who want extra relays and for the crash tests.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Annotated

import sqlalchemy as sa
import typer

from shared.db.engine import make_engine
from shared.db.messaging_tables import add_messaging_tables
from shared.logging import configure_logging
from shared.outbox.relay import OutboxRelay, RelayConfig
from shared.settings import CommonSettings

cli = typer.Typer(add_completion=False)


@cli.command()
def main(
    schema: Annotated[str, typer.Option(help="schema whose outbox to relay")],
    batch_size: Annotated[int, typer.Option(min=1, max=10000)] = 500,
    idle_wait: Annotated[float, typer.Option(help="first idle wait between polls, s")] = 0.05,
    idle_max: Annotated[float, typer.Option(help="longest idle wait between polls, s")] = 1.0,
) -> None:
    settings = CommonSettings(service_name=schema)
    configure_logging(f"relay-{schema}", settings.log_level)
    asyncio.run(_run(settings, schema, batch_size, (idle_wait, idle_max)))


async def _run(
    settings: CommonSettings, schema: str, batch_size: int, idle: tuple[float, float]
) -> None:
    engine = make_engine(settings.database_url, schema=schema, pool_size=2)
    relay = OutboxRelay(
        engine,
        add_messaging_tables(sa.MetaData()),
        RelayConfig(
            bootstrap=settings.kafka_bootstrap,
            schema=schema,
            batch_size=batch_size,
            idle_wait=idle[0],
            idle_max=idle[1],
            auth=settings.kafka_auth,
        ),
    )
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, relay.stop)
    try:
        await relay.run()
    finally:
        await engine.dispose()


if __name__ == "__main__":
    cli()
