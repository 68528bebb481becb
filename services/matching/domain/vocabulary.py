"""The vocabularies of the domain: what can be made, where, from which market.

Counties, markets and modes are closed (``shared.contracts.vocabulary``), so the
values double as the wire format of events and API schemas. Categories are not:
intake owns the catalogue and publishes every code it defines (``CategoryDefined``),
so the domain takes a category as its code (``CategoryCode``, a plain ``str``) and
``Category`` only names the six codes the system starts with.
"""

from shared.contracts.vocabulary import Category, County, Market
from shared.contracts.vocabulary import ProviderMode as Mode

CategoryCode = str
"""A code of intake's catalogue (``Category`` members are codes too: a StrEnum is a str)."""

__all__ = ["Category", "CategoryCode", "County", "Market", "Mode"]
