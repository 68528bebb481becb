"""The closed vocabularies of the domain: what can be made, where, from which market.

Kept as string enums so the values double as the wire format of events and API
schemas, and so a typo in a category fails loudly instead of matching nobody.
"""

from enum import StrEnum


class Category(StrEnum):
    BEAD_WORK = "bead_work"
    PEARL_EMBROIDERY = "pearl_embroidery"
    CROCHET = "crochet"
    GARMENT_SEWING = "garment_sewing"
    KNITTING = "knitting"
    WELDING_ASSEMBLY = "welding_assembly"


class Mode(StrEnum):
    """How a processing enterprise organises its workers (see DESIGN.md)."""

    FACTORY = "factory"
    CENTRE = "centre"
    HOME = "home"


class County(StrEnum):
    """The nine counties (cities, districts) of Lishui."""

    LIANDU = "liandu"
    LONGQUAN = "longquan"
    QINGTIAN = "qingtian"
    YUNHE = "yunhe"
    QINGYUAN = "qingyuan"
    JINYUN = "jinyun"
    SUICHANG = "suichang"
    SONGYANG = "songyang"
    JINGNING = "jingning"


class Market(StrEnum):
    """Markets whose liaison offices send work to Lishui."""

    YIWU = "yiwu"
    WENZHOU = "wenzhou"
    JINHUA = "jinhua"
    TAIZHOU = "taizhou"
    NINGBO = "ningbo"
    HANGZHOU = "hangzhou"
