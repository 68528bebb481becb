"""Fulfilment settings: the common ones plus process-loss allowances and the portal's URL."""

from decimal import Decimal

from pydantic import Field

from shared.settings import CommonSettings


class FulfilmentSettings(CommonSettings):
    service_name: str = "fulfilment"
    http_host: str = "127.0.0.1"
    fulfilment_port: int = 8005
    # Per category code, overriding domain/allowance.py's defaults,
    # e.g. PROCNET_LOSS_ALLOWANCE_PCT='{"bead_work": "4"}'.
    loss_allowance_pct: dict[str, Decimal] = Field(default_factory=dict)
    # Where the QR code on a material receipt points: <portal_base_url>/lots/<job id>.
    portal_base_url: str = "http://127.0.0.1:8000"
