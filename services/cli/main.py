"""The `procnet` operator command: seed the demo region, print tokens, simulate a season."""

from __future__ import annotations

import asyncio
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from services.cli import impact as impacts
from services.cli import seed as seeding
from services.cli.api import Api, Urls
from services.cli.tokens import demo_orgs
from shared.region import LISHUI, clock

app = typer.Typer(add_completion=False, help="Operate a procnet system through its HTTP APIs.")
console = Console()
IntakeUrl = Annotated[str | None, typer.Option(help="default: $PROCNET_INTAKE_URL or :8001")]
MatchingUrl = Annotated[str | None, typer.Option(help="default: $PROCNET_MATCHING_URL or :8002")]
BalancerUrl = Annotated[str | None, typer.Option(help="default: $PROCNET_BALANCER_URL or :8003")]


def _urls(intake: str | None, matching: str | None, balancer: str | None) -> Urls:
    return Urls.from_env(intake=intake, matching=matching, balancer=balancer)


@app.command()
def seed(
    intake_url: IntakeUrl = None, matching_url: MatchingUrl = None, balancer_url: BalancerUrl = None
) -> None:
    """Load the Lishui demo region and a few orders delivered and partly paid today
    (idempotent: a second run creates nothing)."""

    async def go() -> None:
        async with Api(_urls(intake_url, matching_url, balancer_url)) as api:
            tally = await seeding.seed(api)
        table = Table("kind", "created", "existing", title="procnet seed")
        for kind in ("offices", "clients", "providers", "seasons", "finished orders"):
            table.add_row(kind, str(tally[f"{kind} created"]), str(tally[f"{kind} existing"]))
        console.print(table)
        if unplaced := tally["finished orders not placed"]:
            console.print(f"{unplaced} demo order(s) not placed yet: run `procnet seed` again")
        if failed := tally["finished orders failed"]:
            console.print(f"{failed} demo order(s) refused by a service: see its log")

    asyncio.run(go())


@app.command()
def tokens(
    providers_per_county: Annotated[int, typer.Option(min=0, max=20)] = 1,
    plain: Annotated[bool, typer.Option(help="one 'role name id token' line each")] = False,
) -> None:
    """A bearer token (12 hours) for the admin, every office and some providers."""
    orgs = demo_orgs(providers_per_county)
    if plain:
        for o in orgs:
            typer.echo(f"{o.role.value}\t{o.name}\t{o.id}\t{o.token()}")
        return
    table = Table("role", "organisation", "id", title="demo tokens")
    table.add_column("token", overflow="fold")
    for o in orgs:
        table.add_row(o.role.value, o.name, str(o.id), o.token())
    console.print(table)


def _next_monday() -> date:
    today = clock.today()
    return today + timedelta(days=7 - today.weekday())


@app.command()
def simulate(
    weeks: Annotated[int, typer.Option(min=1, max=52)] = 26,
    orders_per_week: Annotated[int, typer.Option(min=1, max=2000)] = 200,
    seed: Annotated[int, typer.Option(help="random seed of the simulated users")] = 7,
    load: Annotated[float, typer.Option(min=0.05, max=3.0, help="demand / capacity")] = 0.8,
    start: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    report_dir: Annotated[Path | None, typer.Option(help="default reports/<timestamp>")] = None,
    balancer_compare: Annotated[bool, typer.Option(help="chart the run without it")] = True,
    compare_priority: Annotated[
        bool,
        typer.Option(
            help="run the season twice, matching's low-income priority as configured and at "
            "zero, and compare low-income fee and freight (about twice the time)"
        ),
    ] = False,
    transfer_wait: Annotated[
        float, typer.Option(help="seconds the balancer gets at tea time")
    ] = 30,
    intake_url: IntakeUrl = None,
    matching_url: MatchingUrl = None,
    balancer_url: BalancerUrl = None,
) -> None:
    """Simulate a season of offices and brokers over HTTP, then write a Markdown report."""
    first = start.date() if start else _next_monday()
    if first <= clock.today():
        raise typer.BadParameter(
            "the simulated season must start in the future", param_hint="start"
        )
    if compare_priority:
        from services.cli.priority_compare import fits

        if not fits(first, weeks, clock.today()):
            raise typer.BadParameter(
                "with --compare-priority both runs must fit in the year ahead (intake takes "
                "orders at most a year before they are due): fewer weeks or an earlier start",
                param_hint="weeks",
            )
    out = report_dir or Path("reports") / clock.now().astimezone(LISHUI).strftime("%Y%m%d-%H%M%S")
    meta = {
        "start": first.isoformat(),
        "weeks": str(weeks),
        "orders per week": str(orders_per_week),
        "seed": str(seed),
        "load": str(load),
    }

    from services.cli import money as cli_money
    from services.cli import priority_compare
    from services.cli import simulate as sim  # matplotlib and the solver load only here

    began = time.monotonic()

    async def go() -> None:
        runs: list[priority_compare.RunFigures] = []
        async with Api(_urls(intake_url, matching_url, balancer_url)) as api:
            args = (api, first, weeks, orders_per_week, seed, load, console, transfer_wait)
            if compare_priority:
                state, runs = await priority_compare.run_twice(*args)
            else:
                state = await sim.run(*args)
            money = cli_money.compute(state)
            await cli_money.evaluate_awards(api, money)
        path, f = sim.write_report(state, out, balancer_compare, meta)
        cli_money.append(path, money)
        if runs:
            priority_compare.append(path, runs)
            console.print("\n".join(priority_compare.section(runs)))
        console.print(
            f"[bold]report:[/] {path}  orders {f.orders}, placed {f.placed}, "
            f"unmatched {f.unmatched}, transfers {len(state.transfers)}; jobs delivered in "
            f"the simulated world {f.delivered}, recorded by matching {f.recorded}, "
            f"refused {f.refused}, not sent {f.unsent}"
        )
        console.print(
            f"[bold]simulated {weeks} weeks:[/] {sim.took(state, time.monotonic() - began)}"
        )

    asyncio.run(go())


SettlementUrl = Annotated[
    str | None, typer.Option(help="default: $PROCNET_SETTLEMENT_URL or :8004")
]


@app.command()
def impact(
    year: Annotated[
        int | None, typer.Option(help="calendar year (default: this Lishui year)")
    ] = None,
    county: Annotated[str | None, typer.Option(help="one county (default: all)")] = None,
    settlement_url: SettlementUrl = None,
) -> None:
    """Who the money reached per county and month, beside the case's 2010 figures."""

    async def go() -> None:
        urls = Urls.from_env(settlement=settlement_url)
        async with Api(urls) as api:
            found = await impacts.fetch(api, year or clock.today().year, county)
        console.print(impacts.months_table(found))
        console.print(impacts.case_table(found))

    asyncio.run(go())
