"""The materials ledger of one lot: what it is owed, received, and what became of it.

Per material line: received = consumed + returned + scrapped + held, always.
``held`` (still at the broker's) is what is left, so the identity holds by
construction; the rule an entry can break is that nothing is held below zero,
that is, nobody reports using or sending back more than they received. Such an
entry is refused whole (every line of it, or none), with the line and the
quantities in the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from services.fulfilment.domain.errors import LedgerRefused

ZERO = Decimal(0)


@dataclass(frozen=True)
class Account:
    """One material line of a lot's ledger (quantities in the order's unit)."""

    item: str
    unit: str
    owed: Decimal = ZERO  # the lot's share of the order's materials
    received: Decimal = ZERO  # counted by the broker on receipt
    consumed: Decimal = ZERO
    returned: Decimal = ZERO
    scrapped: Decimal = ZERO

    @property
    def held(self) -> Decimal:
        return self.received - self.consumed - self.returned - self.scrapped

    @property
    def balanced(self) -> bool:
        return self.held >= 0 and self.received == (
            self.consumed + self.returned + self.scrapped + self.held
        )

    @property
    def shortfall(self) -> Decimal:
        """What the lot is still owed beyond what it received (0 when covered)."""
        return max(self.owed - self.received, ZERO)


@dataclass(frozen=True)
class Usage:
    """What the broker reports at delivery for one line."""

    consumed: Decimal = ZERO
    returned: Decimal = ZERO
    scrapped: Decimal = ZERO


class Ledger:
    """A lot's accounts by item. Every change goes through a method that keeps it balanced."""

    def __init__(self, accounts: Mapping[str, Account] | None = None) -> None:
        self.accounts: dict[str, Account] = dict(accounts or {})

    def owe(self, shares: Mapping[str, tuple[str, Decimal]]) -> None:
        """Set what the lot is owed per item (unit, quantity); lines no longer owed go to 0."""
        for item in set(self.accounts) | set(shares):
            if item in shares:
                unit, owed = shares[item]
                self.accounts[item] = replace(self._account(item, unit), owed=owed)
            else:
                self.accounts[item] = replace(self.accounts[item], owed=ZERO)

    def receive(self, counted: Mapping[str, tuple[str, Decimal]]) -> None:
        """Add counted quantities (item -> unit, quantity) to what was received."""
        updated = {}
        for item, (unit, quantity) in counted.items():
            if quantity < 0:
                raise LedgerRefused(f"{item}: a counted quantity cannot be negative", field=item)
            account = self._account(item, unit)
            if account.unit != unit:
                raise LedgerRefused(
                    f"{item} is counted in {account.unit}, not {unit}", field=f"{item}.unit"
                )
            updated[item] = replace(account, received=account.received + quantity)
        self.accounts.update(updated)

    def use(self, usage: Mapping[str, Usage]) -> None:
        """Add what was consumed, returned and scrapped; refused whole if any line would be
        held below zero (more reported than received)."""
        updated = {}
        for item, u in usage.items():
            account = self.accounts.get(item)
            if account is None:
                raise LedgerRefused(f"{item}: no such material in this lot", field=item)
            if min(u.consumed, u.returned, u.scrapped) < 0:
                raise LedgerRefused(f"{item}: quantities cannot be negative", field=item)
            after = replace(
                account,
                consumed=account.consumed + u.consumed,
                returned=account.returned + u.returned,
                scrapped=account.scrapped + u.scrapped,
            )
            if after.held < 0:
                raise LedgerRefused(
                    f"{item}: {after.consumed} consumed + {after.returned} returned + "
                    f"{after.scrapped} scrapped is more than the {account.received} "
                    f"{account.unit} received",
                    field=item,
                )
            updated[item] = after
        self.accounts.update(updated)

    def balanced(self) -> bool:
        return all(a.balanced for a in self.accounts.values())

    def _account(self, item: str, unit: str) -> Account:
        return self.accounts.get(item) or Account(item, unit)
