"""The incentive policies, and the broker's what-if: how far am I from the next award?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.settlement.api.deps import PoliciesDep
from services.settlement.domain.policy.broker import BrokerAssessment, assess_broker
from services.settlement.domain.policy.catalogue import UnknownPolicy
from services.settlement.domain.policy.model import Policy
from services.settlement.schemas import EvaluateRequest
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.service.errors import NotFound

router = APIRouter(prefix="/v1", tags=["policies"])


@router.get("/policies", response_model=list[Policy])
async def list_policies(who: CurrentPrincipal, policies: PoliciesDep) -> list[Policy]:
    """Every policy file loaded, by county and year of effect."""
    return policies.all()


@router.get("/policies/{policy_id}", response_model=Policy)
async def get_policy(policy_id: str, who: CurrentPrincipal, policies: PoliciesDep) -> Policy:
    """One policy as its file states it (amounts in fen, thresholds strict)."""
    return _policy(policies, policy_id)


@router.post("/policies/{policy_id}/evaluate", response_model=BrokerAssessment)
async def evaluate(
    policy_id: str, body: EvaluateRequest, who: CurrentPrincipal, policies: PoliciesDep
) -> BrokerAssessment:
    """What-if: the tier, the award (or case by case) and what the next tier still needs."""
    return assess_broker(_policy(policies, policy_id), body.kind, body.annual_fee_fen, body.workers)


def _policy(policies: Any, policy_id: str) -> Policy:
    try:
        policy: Policy = policies.get(policy_id)
    except UnknownPolicy as exc:
        raise NotFound(str(exc)) from exc
    return policy
