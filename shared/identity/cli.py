"""Admin command: ``python -m shared.identity.cli issue --org <uuid> --role office``."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

import typer

from shared.identity.tokens import Role, issue_token
from shared.settings import CommonSettings

cli = typer.Typer(add_completion=False, help="Issue procnet bearer tokens.")


@cli.callback()
def _group() -> None:
    """Keeps ``issue`` a subcommand (more will join it)."""


@cli.command()
def issue(
    org: Annotated[uuid.UUID, typer.Option(help="organisation id")],
    role: Annotated[Role, typer.Option(help="office, provider or admin")],
    name: Annotated[str, typer.Option(help="organisation name shown in logs")] = "",
    days: Annotated[int, typer.Option(min=1, max=365, help="days until it expires")] = 7,
) -> None:
    secret = CommonSettings().jwt_secret.get_secret_value()
    typer.echo(issue_token(secret, org, role, name=name, ttl=timedelta(days=days)))


if __name__ == "__main__":
    cli()
