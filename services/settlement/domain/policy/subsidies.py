"""Loan interest, freight and relocation subsidies: each one line with its figures."""

from __future__ import annotations

from decimal import Decimal

from services.settlement.domain.money import round_fen, yuan
from services.settlement.domain.policy.lines import AmountLine
from services.settlement.domain.policy.model import Policy


def loan_interest_subsidy(
    policy: Policy, annual_fee_fen: int, principal_fen: int, months: int
) -> AmountLine:
    """``per_mille_a_month`` of the principal for ``months`` months of the year; nothing under
    the floor or when the annual fee is not more than the threshold; over the cap, the cap."""
    rule = policy.loan_interest_subsidy
    base = min(principal_fen, rule.principal_cap_fen)
    figures: dict[str, int | str | bool | None] = {
        "annual_fee_fen": annual_fee_fen,
        "annual_fee_more_than_fen": rule.annual_fee_more_than_fen,
        "principal_fen": principal_fen,
        "principal_floor_fen": rule.principal_floor_fen,
        "principal_cap_fen": rule.principal_cap_fen,
        "subsidised_principal_fen": base,
        "per_mille_a_month": str(rule.per_mille_a_month),
        "months": months,
    }
    name = f"{policy.policy_id}/loan_interest_subsidy"
    if annual_fee_fen <= rule.annual_fee_more_than_fen:
        why = f"annual fee {yuan(annual_fee_fen)} yuan is not more than "
        why += f"{yuan(rule.annual_fee_more_than_fen)} yuan: no subsidy"
        return AmountLine(rule=name, amount_fen=0, explanation=why, figures=figures)
    if principal_fen < rule.principal_floor_fen:
        why = f"principal {yuan(principal_fen)} yuan is under {yuan(rule.principal_floor_fen)}"
        return AmountLine(
            rule=name, amount_fen=0, explanation=why + ": no subsidy", figures=figures
        )
    exact = Decimal(base) * rule.per_mille_a_month / 1000 * months
    capped = " (capped)" if principal_fen > rule.principal_cap_fen else ""
    why = f"{rule.per_mille_a_month}‰ × {yuan(base)} yuan{capped} × {months} months"
    figures["exact_fen"] = str(exact)
    return AmountLine(rule=name, amount_fen=round_fen(exact), explanation=why, figures=figures)


def freight_subsidy(policy: Policy, fee_fen: int) -> AmountLine:
    pct = policy.freight_subsidy.percent_of_fee
    exact = Decimal(fee_fen) * pct / 100
    return AmountLine(
        rule=f"{policy.policy_id}/freight_subsidy",
        amount_fen=round_fen(exact),
        explanation=f"{pct}% of the processing fee {yuan(fee_fen)} yuan",
        figures={"fee_fen": fee_fen, "percent_of_fee": str(pct), "exact_fen": str(exact)},
    )


def relocation_subsidy(policy: Policy, annual_fee_fen: int) -> AmountLine:
    """Once, for an enterprise relocated to a county industrial park or township zone."""
    rule = policy.relocation_subsidy
    large = annual_fee_fen > rule.large_fee_more_than_fen
    amount = rule.large_amount_fen if large else rule.amount_fen
    more = "more" if large else "not more"
    return AmountLine(
        rule=f"{policy.policy_id}/relocation_subsidy" + (".large" if large else ""),
        amount_fen=amount,
        explanation=f"relocated; annual fee {yuan(annual_fee_fen)} yuan is {more} than "
        f"{yuan(rule.large_fee_more_than_fen)} yuan: {yuan(amount)} yuan once",
        figures={
            "annual_fee_fen": annual_fee_fen,
            "large_fee_more_than_fen": rule.large_fee_more_than_fen,
            "amount_fen": amount,
        },
    )
