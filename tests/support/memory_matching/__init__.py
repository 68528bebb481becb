"""Matching's unit of work in memory: its repositories' methods on plain domain objects.

It is the shared in-memory seam (tests/support/memory.py) with matching's
repositories on one ``MatchingState``, and it is a MatchingUnitOfWork, so matching's
handlers and the matcher's round (``matcher.match_pending``) run on it unchanged.
Only what the order journey uses is here.

The capacity ledger keeps the real one's rule, not just a record: a provider-day's
row is made on first use with the calendar's gross units, and a hold succeeds only
when ``held + booked + units <= capacity`` on every day of the lot (all days or none,
``ledger.NotEnoughCapacity``), so nothing is ever double-booked; a shift that would
break the table's CHECK (negative held or booked) fails loudly.
"""

from __future__ import annotations

from tests.support.memory_matching.state import MatchingState, QueueRow
from tests.support.memory_matching.unit_of_work import MemoryMatchingUnitOfWork

__all__ = ["MatchingState", "MemoryMatchingUnitOfWork", "QueueRow"]
