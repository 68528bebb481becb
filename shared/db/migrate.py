"""Upgrade one service's schema: ``python -m shared.db.migrate intake`` (or ``all``).

Each service keeps its own alembic history in ``services/<name>/migrations`` and
migrates as its own database role, so it can only touch its own schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from alembic import command
from alembic.config import Config

from shared.settings import CommonSettings

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "matching", "balancer", "settlement", "fulfilment")

cli = typer.Typer(add_completion=False)


def alembic_config(service: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "services" / service / "migrations"))
    url = CommonSettings(service_name=service).database_url
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(service: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service), revision)


def has_migrations(service: str) -> bool:
    return (ROOT / "services" / service / "migrations" / "env.py").exists()


@cli.command()
def main(
    service: Annotated[str, typer.Argument(help="intake, matching, balancer, fulfilment or all")],
    revision: Annotated[str, typer.Option(help="target revision")] = "head",
) -> None:
    targets = [s for s in SERVICES if has_migrations(s)] if service == "all" else [service]
    for name in targets:
        if name not in SERVICES or not has_migrations(name):
            raise typer.BadParameter(f"no migrations for service {name!r}")
        upgrade(name, revision)
        typer.echo(f"migrated {name} to {revision}")


if __name__ == "__main__":
    cli()
