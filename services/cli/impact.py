"""``procnet impact``: who the money reached, per county and month, beside the case's 2010."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from services.cli.api import Api
from services.cli.demo_region import ADMIN_ID
from shared.identity import Role


def yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


async def fetch(api: Api, year: int, county: str | None) -> dict[str, Any]:
    params = {"year": year} | ({"county": county} if county else {})
    who = api.as_(ADMIN_ID, Role.ADMIN)
    answer: dict[str, Any] = await api.json("settlement", "GET", "/v1/impact", who, params=params)
    return answer


def months_table(impact: dict[str, Any]) -> Table:
    table = Table(
        "county", "month", "fees (yuan)", "low-income", "reservoir migrants", "relocated",
        "disabled", "villages", "enterprises",
        title=f"Who the money reached in {impact['year']} (estimated shares of fees, yuan)",
    )  # fmt: skip
    for r in [*impact["months"], impact["totals"]]:
        table.add_row(
            r["county"], r["month"], yuan(r["fees_fen"]), yuan(r["low_income_fen"]),
            yuan(r["reservoir_migrants_fen"]), yuan(r["relocated_farmers_fen"]),
            yuan(r["disabled_fen"]), str(r["villages"]), str(r["enterprises"]),
        )  # fmt: skip
    return table


def case_table(impact: dict[str, Any]) -> Table:
    t, case = impact["totals"], impact["case_2010"]
    table = Table(
        "figure", f"procnet {impact['year']}", "Lishui 2010 (case)", title="Beside the case"
    )
    table.add_row("processing fees (yuan)", yuan(t["fees_fen"]), yuan(case["fees_fen"]))
    table.add_row("villages that earned", str(t["villages"]), str(case["villages"]))
    table.add_row(
        "low-income: workers / households absorbed",
        str(t["low_income_workers"]),
        str(case["low_income_households"]),
    )
    table.add_row(
        "reservoir migrants (workers)",
        str(t["reservoir_migrant_workers"]),
        str(case["reservoir_migrants"]),
    )
    table.add_row(
        "relocated farmers (workers)",
        str(t["relocated_farmer_workers"]),
        str(case["relocated_farmers"]),
    )
    return table
