"""Balancer settings: the common ones plus the saga's timings and the rebalancing cadence."""

from pydantic import Field

from shared.settings import CommonSettings


class BalancerSettings(CommonSettings):
    service_name: str = "balancer"
    http_host: str = "127.0.0.1"
    balancer_port: int = 8003
    # How long a receiving factory has to answer a proposed transfer.
    transfer_offer_ttl_s: int = Field(default=24 * 3600, gt=0)
    # How often the rebalancer looks for requests (new jobs, seasons, loans, refusals).
    rebalance_poll_s: float = Field(default=1.0, gt=0)
    # A full re-projection even without requests: "today" moves and capacity is used up.
    rebalance_every_s: float = Field(default=600.0, gt=0)
    # Requests keep coming under load (every accepted offer asks): after a run that took
    # d seconds the next waits until the runs took at most this share of the time, so a
    # run over thousands of jobs does not hold a core for a whole busy season.
    rebalance_max_share: float = Field(default=0.25, gt=0, le=1)
    expiry_poll_s: float = Field(default=5.0, gt=0)
