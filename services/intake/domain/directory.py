"""Who and what orders refer to: liaison offices, their clients, the product catalogue.

Intake owns the catalogue. Defining a category publishes ``CategoryDefined`` so the
other services accept every category an order may name; ``machinery`` marks the
categories that are machinery work (the county's awards treat them differently).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from shared.contracts.contacts import OfficeContactChanged
from shared.contracts.orders import CategoryDefined
from shared.events import Payload


@dataclass(frozen=True)
class Office:
    id: uuid.UUID
    name: str
    county: str
    market: str
    contact: str = ""  # phone or WeChat: only the office, admins and the portal's sinks

    def contact_changed(self, contact: str) -> OfficeContactChanged | None:
        """The fact the portal learns the new contact from; None when it is unchanged."""
        if contact == self.contact:
            return None
        return OfficeContactChanged(office_id=self.id, contact=contact)


@dataclass(frozen=True)
class Client:
    id: uuid.UUID
    office_id: uuid.UUID
    name: str
    contact: str
    home_market: str


@dataclass
class Category:
    code: str
    name_en: str
    name_zh: str
    machinery: bool = False
    events: list[Payload] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def define(cls, code: str, name_en: str, name_zh: str, *, machinery: bool = False) -> Category:
        category = cls(code, name_en, name_zh, machinery)
        category.events.append(category.announcement())
        return category

    def announcement(self) -> CategoryDefined:
        """The fact the other services learn the category from."""
        return CategoryDefined(
            code=self.code, name_en=self.name_en, name_zh=self.name_zh, machinery=self.machinery
        )


@dataclass(frozen=True)
class References:
    """Whether an order's office, category and client exist (the client being the office's)."""

    office: bool
    category: bool
    client: bool
