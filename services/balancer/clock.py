"""The balancer's clock is the region's one clock (``shared.region.clock``)."""

from shared.region.clock import LISHUI, now, today

__all__ = ["LISHUI", "now", "today"]
