"""Closed vocabularies shared by every contract. Values are stable wire strings."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field

# One County and one Market for the whole project: the region owns them.
from shared.region import County, Market

__all__ = ["Category", "CategoryCode", "County", "Market", "ProviderMode"]

# The product catalogue can grow (intake owns it), so contracts carry a code,
# not a closed enum. ``Category`` lists the codes the system starts with.
CategoryCode = Annotated[str, Field(pattern=r"^[a-z][a-z_]{1,39}$")]


class Category(StrEnum):
    BEAD_WORK = "bead_work"
    PEARL_EMBROIDERY = "pearl_embroidery"
    CROCHET = "crochet"
    GARMENT_SEWING = "garment_sewing"
    KNITTING = "knitting"
    WELDING_ASSEMBLY = "welding_assembly"


class ProviderMode(StrEnum):
    FACTORY = "factory"
    CENTRE = "centre"
    HOME = "home"
