"""The simulate report's money section: fees, freight, the freight subsidy, the broker awards
the county policy would give each enterprise, and who the fees reached.

Everything is computed from the simulated world (jobs delivered there, each enterprise's
workforce); the awards come from settlement's what-if (``POST /v1/policies/{id}/evaluate``)
so the policy is applied by the one evaluator, exactly. When settlement is not reachable
the section says so and leaves the awards out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import httpx

from services.cli.api import Api, ApiError
from services.cli.demo_providers import providers
from services.cli.demo_region import ADMIN_ID
from services.cli.sim_state import SimState
from shared.identity import Role
from shared.region import County, Market, transport_cost_fen

POLICY = "suichang-2009"  # the default policy, for counties without one of their own
MACHINERY = frozenset({"welding_assembly"})  # as intake's catalogue marks them
PROVIDERS = {p.id: p for p in providers()}
GROUPS = ("low_income", "reservoir_migrants", "relocated_farmers", "disabled")


@dataclass
class Money:
    fees_fen: int = 0
    freight_fen: int = 0
    freight_subsidy_fen: int = 0
    reached: dict[str, Fraction] = field(default_factory=lambda: defaultdict(Fraction))
    by_enterprise: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    awards: dict[str, int] | None = None  # tier label -> enterprises; None: not evaluated
    awards_fen: int = 0


def compute(state: SimState) -> Money:
    m = Money()
    for job in state.jobs.values():
        order, provider = state.orders[job.order_id], PROVIDERS.get(job.provider_id)
        if not job.delivered or provider is None:
            continue
        fee = job.good * order.fee_fen
        m.fees_fen += fee
        m.freight_fen += transport_cost_fen(job.good, County(provider.county), Market(order.market))
        m.freight_subsidy_fen += (fee + 50) // 100  # 1 %, half-up, per delivered job
        workforce = provider.body["workforce"]
        for g in GROUPS:
            m.reached[g] += Fraction(fee * workforce[g], workforce["total"])
        totals = m.by_enterprise[job.provider_id]
        totals[0] += fee
        totals[1] += fee if job.category in MACHINERY else 0
    return m


async def evaluate_awards(api: Api, m: Money) -> None:
    """Each enterprise's simulated fees as if they were its year, through the policy."""
    try:
        async with httpx.AsyncClient(timeout=2) as probe:
            (await probe.get(api.urls.settlement + "/healthz")).raise_for_status()
    except httpx.HTTPError:
        return
    who = api.as_(ADMIN_ID, Role.ADMIN)
    tiers: dict[str, int] = defaultdict(int)
    try:
        for pid, (fee, machinery) in sorted(m.by_enterprise.items()):
            body = {
                "kind": "machinery" if 2 * machinery > fee else "general",
                "annual_fee_fen": fee,
                "workers": PROVIDERS[pid].body["workforce"]["total"],
            }
            path = f"/v1/policies/{POLICY}/evaluate"
            got: dict[str, Any] = await api.json("settlement", "POST", path, who, json=body)
            label = "case by case" if got["case_by_case"] else f"{body['kind']} tier {got['tier']}"
            tiers[label] += 1
            m.awards_fen += got["line"]["amount_fen"] or 0
    except ApiError:
        return
    m.awards = dict(tiers)


def yuan(fen: int | Fraction) -> str:
    return f"{float(fen) / 100:,.2f}"


def section(m: Money) -> list[str]:
    def pct(part: int | Fraction) -> str:
        return f"{float(part) / m.fees_fen:.1%}" if m.fees_fen else "-"

    lines = [
        "## Money",
        "",
        "From the jobs delivered in the simulated world. Settlement (port 8004) keeps the",
        "real receivables; these figures are the season as simulated.",
        "",
        "| figure | yuan | share of fees |",
        "|---|---:|---:|",
        f"| processing fees (good units x unit fee) | {yuan(m.fees_fen)} | 100% |",
        f"| freight (round trip, market to county) | {yuan(m.freight_fen)} "
        f"| {pct(m.freight_fen)} |",
        f"| freight subsidy (1% of the fee, {POLICY}) | {yuan(m.freight_subsidy_fen)} "
        f"| {pct(m.freight_subsidy_fen)} |",
    ]
    for g in GROUPS:
        name = g.replace("_", " ")
        lines.append(f"| reached {name} (fee x their share of the workforce) "
                     f"| {yuan(m.reached[g])} | {pct(m.reached[g])} |")  # fmt: skip
    lines.append("")
    if m.awards is None:
        lines += ["Broker awards: settlement was not reachable, so none were evaluated.", ""]
    else:
        tiers = ", ".join(f"{k}: {v}" for k, v in sorted(m.awards.items()))
        lines += [
            f"Broker awards under {POLICY}, each enterprise's simulated fees taken as its "
            f"year: {yuan(m.awards_fen)} yuan in all ({tiers}); case by case has no amount.",
            "",
        ]
    return lines


def append(report: Path, m: Money) -> None:
    """The section at the end of ``report``, with its chart (money.png) beside it."""
    from services.cli.money_chart import money_chart  # matplotlib loads only here

    money_chart(m, report.parent / "money.png")
    with report.open("a", encoding="utf-8") as out:
        out.write("\n" + "\n".join([*section(m), "![money](money.png)", ""]) + "\n")
