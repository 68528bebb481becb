"""The shape of a policy file, validated on load: an invalid file is refused, never guessed.

Amounts are integer fen. Every threshold is strict ("more than"), as the policy words
it: a fee of exactly 200,000 yuan is not more than 200,000 yuan.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.region.counties import County


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BrokerKind(StrEnum):
    GENERAL = "general"
    MACHINERY = "machinery"


class BrokerTier(_Strict):
    fee_more_than_fen: int = Field(ge=0)
    workers_more_than: int = Field(ge=0)
    award_fen: int = Field(gt=0)


class BrokerTable(_Strict):
    """Tiers from the lowest; above ``case_by_case_fee_more_than_fen`` the county decides."""

    tiers: tuple[BrokerTier, ...] = Field(min_length=1)
    case_by_case_fee_more_than_fen: int = Field(gt=0)

    @model_validator(mode="after")
    def _ascending(self) -> BrokerTable:
        for low, high in zip(self.tiers, self.tiers[1:], strict=False):
            if not (
                high.fee_more_than_fen > low.fee_more_than_fen
                and high.workers_more_than >= low.workers_more_than
                and high.award_fen > low.award_fen
            ):
                raise ValueError("tiers must rise in fee, workers and award, lowest first")
        if self.case_by_case_fee_more_than_fen <= self.tiers[-1].fee_more_than_fen:
            raise ValueError("the case-by-case threshold must be above the highest tier's fee")
        return self


class BrokerAwards(_Strict):
    general: BrokerTable
    machinery: BrokerTable

    def table(self, kind: BrokerKind) -> BrokerTable:
        return self.general if kind is BrokerKind.GENERAL else self.machinery


class LoanSubsidy(_Strict):
    """``per_mille_a_month`` of the principal, for enterprises above the annual fee."""

    per_mille_a_month: Decimal = Field(gt=0)
    annual_fee_more_than_fen: int = Field(ge=0)
    principal_floor_fen: int = Field(ge=0)  # under it: nothing
    principal_cap_fen: int = Field(gt=0)  # over it: subsidised on the cap

    @model_validator(mode="after")
    def _floor_below_cap(self) -> LoanSubsidy:
        if self.principal_floor_fen > self.principal_cap_fen:
            raise ValueError("principal_floor_fen must not exceed principal_cap_fen")
        return self


class FreightSubsidy(_Strict):
    percent_of_fee: Decimal = Field(gt=0, le=100)


class RelocationSubsidy(_Strict):
    amount_fen: int = Field(gt=0)
    large_amount_fen: int = Field(gt=0)
    large_fee_more_than_fen: int = Field(gt=0)


class ProfessionalVillageRule(_Strict):
    """When a village counts as a professional processing village (all must hold, strict)."""

    annual_fee_more_than_fen: int = Field(ge=0)
    workers_more_than: int = Field(ge=0)
    enterprises_at_least: int = Field(ge=1)
    why: str = Field(min_length=1)


class TieBreak(StrEnum):
    LOW_INCOME_WORKERS = "more_low_income_workers"
    NAME = "name"


class VillageAwards(_Strict):
    new_professional_village_fen: int = Field(gt=0)
    professional_village: ProfessionalVillageRule
    top_villages_fen: tuple[int, ...] = Field(min_length=1)
    tie_breaks: tuple[TieBreak, ...]

    @model_validator(mode="after")
    def _descending(self) -> VillageAwards:
        if list(self.top_villages_fen) != sorted(self.top_villages_fen, reverse=True):
            raise ValueError("top_villages_fen must be given from the first place down")
        return self


class Policy(_Strict):
    """One county's incentive policy from its year of effect until a newer one."""

    policy_id: str = Field(pattern=r"^[a-z]+-\d{4}$")
    county: County
    effective_year: int = Field(ge=2000, le=2100)
    title: str
    source: str
    broker_awards: BrokerAwards
    loan_interest_subsidy: LoanSubsidy
    freight_subsidy: FreightSubsidy
    relocation_subsidy: RelocationSubsidy
    villages: VillageAwards

    @model_validator(mode="after")
    def _id_names_county_and_year(self) -> Policy:
        if self.policy_id != f"{self.county.value}-{self.effective_year}":
            raise ValueError(
                f"policy_id must be '<county>-<year>' ({self.county.value}-{self.effective_year})"
            )
        return self
