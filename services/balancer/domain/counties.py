"""The nine counties of Lishui: seasons, loans and transit are all keyed by them."""

from enum import StrEnum

from services.balancer.domain.errors import UnknownCounty


class County(StrEnum):
    LIANDU = "Liandu"
    LONGQUAN = "Longquan"
    QINGTIAN = "Qingtian"
    YUNHE = "Yunhe"
    QINGYUAN = "Qingyuan"
    JINYUN = "Jinyun"
    SUICHANG = "Suichang"
    SONGYANG = "Songyang"
    JINGNING = "Jingning"


def parse_county(name: str | County) -> County:
    """The county called `name` (case-insensitive); unknown names raise."""
    for county in County:
        if county.value.lower() == str(name).strip().lower():
            return county
    raise UnknownCounty(f"unknown county {name!r}; known: {', '.join(County)}")
