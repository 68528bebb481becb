"""The demo region from the Lishui case: counties, liaison offices, clients and seasons.

Everything is fixed data or derived from names with uuid5, so seeding twice
finds the same objects and creates nothing new. Providers live in
``demo_providers`` (generated from a fixed seed).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from services.cli import demo_names

NS = uuid.UUID("6b1d0c7e-5a4f-4c55-9e0e-1c2b3a4d5e6f")
ADMIN_KEY = "Lishui City Women's Federation"  # its id's key (see demo_names)
ADMIN_NAME = demo_names.FEDERATION

# The nine counties (cities, districts) and what they are called in office names.
COUNTIES: dict[str, str] = {
    "liandu": "Liandu District",
    "longquan": "Longquan City",
    "qingtian": "Qingtian County",
    "yunhe": "Yunhe County",
    "qingyuan": "Qingyuan County",
    "jinyun": "Jinyun County",
    "suichang": "Suichang County",
    "songyang": "Songyang County",
    "jingning": "Jingning County",
}
# Every county keeps a Yiwu office (the main market); those nearer Wenzhou also one there.
WENZHOU_OFFICES = ("qingtian", "jinyun", "yunhe", "jingning", "liandu")
# Counties whose workers leave for spring tea picking.
TEA_COUNTIES: dict[str, str] = {
    "songyang": "0.6",
    "suichang": "0.7",
    "jingning": "0.7",
    "longquan": "0.75",
    "yunhe": "0.8",
}
CLIENT_STEMS = ("Huafeng", "Xinyi", "Jiali", "Mingda", "Hongsheng", "Yongkang", "Tianlu")
CLIENT_TRADES = ("Hair Accessories", "Garments", "Crafts", "Toys", "Hardware", "Textiles")
# Clients mostly sit in the office's market; some came through market diversification.
CLIENT_MARKETS = {"yiwu": ("yiwu", "yiwu", "jinhua"), "wenzhou": ("wenzhou", "wenzhou", "taizhou")}


def org_id(name: str) -> uuid.UUID:
    return uuid.uuid5(NS, name)


ADMIN_ID = org_id(ADMIN_KEY)


@dataclass(frozen=True)
class Client:
    name: str
    contact: str
    home_market: str


@dataclass(frozen=True)
class Office:
    name: str
    county: str
    market: str
    clients: tuple[Client, ...]
    key: str = field(default="", compare=False)  # the id's key: the name it was first seeded by

    @property
    def id(self) -> uuid.UUID:
        return org_id(self.key or self.name)

    @property
    def contact(self) -> str:
        """A Lishui landline (area code 0578), stable per office: demo notifications show it."""
        return f"0578-2{self.id.int % 1_000_000:06d}"


@dataclass(frozen=True)
class Season:
    name: str
    start: date
    end: date
    factors: dict[str, str]  # county -> capacity factor


def _clients(county: str, market: str, n: int) -> tuple[Client, ...]:
    k = list(COUNTIES).index(county) + (0 if market == "yiwu" else 3)
    out = []
    for i in range(n):
        stem = CLIENT_STEMS[(k + i) % len(CLIENT_STEMS)]
        trade = CLIENT_TRADES[(k + 2 * i) % len(CLIENT_TRADES)]
        home = CLIENT_MARKETS[market][i % 3]
        name = demo_names.client(home, stem, trade, county)
        contact = f"{demo_names.CLIENT_STEM[stem]}{demo_names.CLIENT_TRADE[trade]}采购部"
        out.append(Client(name, contact, home))
    return tuple(out)


def offices() -> list[Office]:
    out = []
    for county, title in COUNTIES.items():
        markets = ["yiwu"] + (["wenzhou"] if county in WENZHOU_OFFICES else [])
        for market in markets:
            key = f"{title} {market.capitalize()} Liaison Office"
            name = demo_names.office(county, market)
            out.append(Office(name, county, market, _clients(county, market, 3), key))
    return out


def seasons() -> list[Season]:
    everyone = dict.fromkeys(COUNTIES, "0")
    peak = dict.fromkeys(COUNTIES, "1.15")
    return [
        Season("spring_festival_2027", date(2027, 1, 30), date(2027, 2, 14), everyone),
        Season("tea_picking_2027", date(2027, 3, 15), date(2027, 4, 25), dict(TEA_COUNTIES)),
        Season("autumn_peak_2027", date(2027, 9, 1), date(2027, 11, 30), peak),
        Season("spring_festival_2028", date(2028, 1, 19), date(2028, 2, 3), everyone),
        Season("tea_picking_2028", date(2028, 3, 15), date(2028, 4, 25), dict(TEA_COUNTIES)),
    ]


def tea_window(on_or_after: date) -> tuple[date, date] | None:
    """The next tea-picking season ending on or after a day (for the simulated world)."""
    for s in seasons():
        if s.name.startswith("tea_picking") and s.end >= on_or_after:
            return s.start, s.end
    return None
