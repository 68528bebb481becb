"""Admin command: ``python -m shared.identity.cli issue --org <uuid> --role office``."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

import typer

from shared.identity.keys import load_keys
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
    hours: Annotated[float | None, typer.Option(help="hours until it expires")] = None,
) -> None:
    settings = CommonSettings()
    keys = load_keys(settings.env, settings.state_dir, settings.jwt_key_dir)
    ttl = min(hours or settings.token_ttl_hours, settings.token_ttl_hours)  # never past the cap
    typer.echo(issue_token(keys, org, role, name=name, ttl=timedelta(hours=ttl)))


if __name__ == "__main__":
    cli()
