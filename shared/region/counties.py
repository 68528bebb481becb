"""The nine counties of Lishui. The values are the wire strings of every contract."""

from enum import StrEnum


class County(StrEnum):
    LIANDU = "liandu"
    LONGQUAN = "longquan"
    QINGTIAN = "qingtian"
    YUNHE = "yunhe"
    QINGYUAN = "qingyuan"
    JINYUN = "jinyun"
    SUICHANG = "suichang"
    SONGYANG = "songyang"
    JINGNING = "jingning"


def parse_county(name: str | County) -> County:
    """The county called ``name``, any case (``"Suichang"`` or ``"suichang"``).

    Raises ``ValueError`` naming the known counties for anything else.
    """
    try:
        return County(str(name).strip().lower())
    except ValueError:
        known = ", ".join(County)
        raise ValueError(f"unknown county {name!r}; known: {known}") from None
