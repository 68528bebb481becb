"""The portal's pages, one module per audience; ``ROUTERS`` is what bootstrap mounts.
A new area (broker, factory, federation pages) is a module here plus a line below."""

from fastapi import APIRouter

from services.portal.routes import (
    auth,
    broker,
    federation_awards,
    home,
    materials,
    money,
    office,
    public,
)

ROUTERS: list[APIRouter] = [home.router, auth.router, public.router, office.router, broker.router]
ROUTERS += [money.router, materials.router, federation_awards.router]
