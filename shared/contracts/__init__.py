"""Published event contracts. Importing this package registers all of them.

A contract never changes once published: a new shape is a new version
registered beside the old one, and consumers keep reading both.
"""

from shared.contracts import audit, balancer, contacts, fulfilment, matching, orders, settlement

__all__ = ["audit", "balancer", "contacts", "fulfilment", "matching", "orders", "settlement"]
