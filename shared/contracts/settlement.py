"""Events of the settlement service.

Topic ``settlement.awards`` (keyed by award id): a county's yearly awards and subsidies
as an admin assesses, approves and pays them. Every amount carries the policy rule that
produced it, so whoever reads the event can check it by hand.
"""

from __future__ import annotations

import uuid

from pydantic import Field

from shared.contracts.vocabulary import County
from shared.events import Payload, registry
from shared.kafka.topics import AWARDS


@registry.contract("AwardAssessed", 1, topic=AWARDS, key="award_id")
class AwardAssessed(Payload):
    """A yearly run found this award (or changed it on a rerun). ``amount_fen`` None: case by
    case ("one strategy for one event"), the county decides the amount."""

    award_id: uuid.UUID
    county: County
    year: int
    kind: str  # broker_award, loan_interest_subsidy, relocation_subsidy, village_new, village_top
    subject: str  # a provider id, or a village as "<township>/<village>"
    provider_id: uuid.UUID | None
    policy_rule: str
    amount_fen: int | None = Field(default=None, ge=0)
    explanation: str


@registry.contract("AwardApproved", 1, topic=AWARDS, key="award_id")
class AwardApproved(Payload):
    award_id: uuid.UUID
    amount_fen: int = Field(ge=0)
    approved_by: uuid.UUID


@registry.contract("AwardPaid", 1, topic=AWARDS, key="award_id")
class AwardPaid(Payload):
    award_id: uuid.UUID
    amount_fen: int = Field(ge=0)
    paid_by: uuid.UUID
