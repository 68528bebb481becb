"""The portal's pages, one module per audience; ``ROUTERS`` is what bootstrap mounts.
A new area (broker, factory, federation pages) is a module here plus a line below."""

from fastapi import APIRouter

from services.portal.routes import (
    amend,
    auth,
    broker,
    capacity,
    consolidation,
    factory,
    federation,
    federation_awards,
    federation_budget,
    federation_impact,
    home,
    live,
    materials,
    money,
    office,
    open_work,
    public,
)

ROUTERS: list[APIRouter] = [home.router, auth.router, public.router, office.router, broker.router]
ROUTERS.append(live.router)
ROUTERS += [capacity.router, amend.router, open_work.router]
ROUTERS += [factory.router, federation.router]
ROUTERS += [money.router, materials.router, consolidation.router, federation_awards.router]
ROUTERS += [federation_budget.router, federation_impact.router]
