"""HTTP routes of settlement (thin: parse, call a handler, shape the answer)."""

from services.settlement.api.awards import router as awards_router
from services.settlement.api.fees import router as fees_router
from services.settlement.api.policies import router as policies_router

ROUTERS = (policies_router, fees_router, awards_router)

__all__ = ["ROUTERS"]
