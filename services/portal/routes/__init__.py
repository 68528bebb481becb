"""The portal's pages, one module per audience; ``ROUTERS`` is what bootstrap mounts.
A new area (broker, factory, federation pages) is a module here plus a line below."""

from fastapi import APIRouter

from services.portal.routes import auth, broker, factory, federation, home, office, public

ROUTERS: list[APIRouter] = [home.router, auth.router, public.router, office.router, broker.router]
ROUTERS += [factory.router, federation.router]
