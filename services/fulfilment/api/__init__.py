"""HTTP routes of fulfilment (thin: parse, call a handler, shape the answer)."""

from services.fulfilment.api.consignments import router as consignments_router
from services.fulfilment.api.consolidation import router as consolidation_router
from services.fulfilment.api.documents import router as documents_router
from services.fulfilment.api.lots import router as lots_router
from services.fulfilment.api.reliability import router as reliability_router

ROUTERS = (
    consignments_router,
    lots_router,
    documents_router,
    consolidation_router,
    reliability_router,
)

__all__ = ["ROUTERS"]
