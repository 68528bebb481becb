"""The closed vocabularies of the domain: what can be made, where, from which market.

They are the published contract vocabularies (``shared.contracts.vocabulary``),
so the values double as the wire format of events and API schemas, and a typo
in a category fails loudly instead of matching nobody.
"""

from shared.contracts.vocabulary import Category, County, Market
from shared.contracts.vocabulary import ProviderMode as Mode

__all__ = ["Category", "County", "Market", "Mode"]
