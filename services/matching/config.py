"""Matching settings: the common ones plus offer expiry and the matcher's pace."""

from pydantic import Field

from shared.settings import CommonSettings


class MatchingSettings(CommonSettings):
    service_name: str = "matching"
    http_host: str = "127.0.0.1"
    matching_port: int = 8002
    offer_ttl_seconds: int = 24 * 3600
    matcher_batch_size: int = 100  # the most orders one round claims
    matcher_round_seconds: float = 0.1  # rounds under load grow or shrink toward this
    matcher_idle_wait_seconds: float = 0.05
    # The low-income priority's freight budget: extra transport accepted over the
    # cost-only plan, in hundredths of a percent (200 = 2 %); domain/COSTS.md.
    matcher_freight_budget_basis_points: int = Field(default=200, ge=0, le=10_000)
    expiry_check_seconds: float = 0.5  # Redis index of due offers
    expiry_sweep_seconds: float = 15.0  # PostgreSQL, the truth
