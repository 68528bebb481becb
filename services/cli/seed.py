"""`procnet seed`: load the demo region through the services' HTTP APIs, idempotently.

Fixed ids (uuid5 of names) make a second run find what the first created:
offices, providers and seasons answer 409 and are counted as existing;
clients are looked up by name first because intake chooses their ids. A few orders
are then placed, delivered and partly paid today (``seed_work``), so the money pages
have figures; their Idempotency-Keys make a second run find them.
"""

from __future__ import annotations

import asyncio
from collections import Counter

from services.cli import demo_providers, demo_region
from services.cli.api import Api
from services.cli.seed_work import seed_work
from shared.identity import Role

CREATED, EXISTING = "created", "existing"


def admin(api: Api) -> dict[str, str]:
    return api.as_(demo_region.ADMIN_ID, Role.ADMIN, demo_region.ADMIN_NAME)


async def _post(api: Api, service: str, path: str, who: dict[str, str], body: object) -> str:
    r = await api.call(service, "POST", path, who, ok=(200, 201, 409), json=body)
    return CREATED if r.status_code in (200, 201) else EXISTING


async def seed_offices(api: Api, tally: Counter[str]) -> None:
    await asyncio.gather(*(_office(api, o, tally) for o in demo_region.offices()))


async def _office(api: Api, office: demo_region.Office, tally: Counter[str]) -> None:
    body = {"id": str(office.id), "name": office.name, "county": office.county,
            "market": office.market, "contact": office.contact}  # fmt: skip
    tally["offices " + await _post(api, "intake", "/v1/offices", admin(api), body)] += 1
    who = api.as_(office.id, Role.OFFICE, office.name)
    have = {c["name"] for c in await api.json("intake", "GET", "/v1/clients", who)}
    for client in office.clients:
        if client.name in have:
            tally["clients " + EXISTING] += 1
            continue
        body = {"name": client.name, "contact": client.contact,
                "home_market": client.home_market}  # fmt: skip
        tally["clients " + await _post(api, "intake", "/v1/clients", who, body)] += 1


async def seed_providers(api: Api, tally: Counter[str]) -> None:
    async def one(body: dict[str, object]) -> None:
        tally["providers " + await _post(api, "matching", "/v1/providers", admin(api), body)] += 1

    await asyncio.gather(*(one(p.body) for p in demo_providers.providers()))


async def seed_seasons(api: Api, tally: Counter[str]) -> None:
    have = {s["name"] for s in await api.json("balancer", "GET", "/v1/seasons", admin(api))}
    for s in demo_region.seasons():
        if s.name in have:
            tally["seasons " + EXISTING] += 1
            continue
        body = {
            "name": s.name,
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "factors": [{"county": c, "factor": f} for c, f in s.factors.items()],
        }
        tally["seasons " + await _post(api, "balancer", "/v1/seasons", admin(api), body)] += 1


async def seed(api: Api) -> Counter[str]:
    """Everything in dependency order; returns how many of each kind were created or existed."""
    tally: Counter[str] = Counter()
    await seed_offices(api, tally)
    await seed_providers(api, tally)
    await seed_seasons(api, tally)
    await seed_work(api, tally)  # last: its orders need the offices, providers and seasons
    return tally
