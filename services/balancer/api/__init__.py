"""HTTP routes of the balancer (thin: parse, call a handler or a view, shape the answer)."""

from services.balancer.api.audit import router as audit_router
from services.balancer.api.load import router as load_router
from services.balancer.api.loans import router as loans_router
from services.balancer.api.seasons import router as seasons_router
from services.balancer.api.transfers import router as transfers_router

ROUTERS = (seasons_router, loans_router, transfers_router, load_router, audit_router)

__all__ = ["ROUTERS"]
