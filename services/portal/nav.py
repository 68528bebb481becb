"""The menu each audience sees. Pages of a new area add their entries here (or call
``add``) so the base layout never changes when an area is added."""

from __future__ import annotations

from dataclasses import dataclass

from services.portal.i18n import N_


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # a msgid, translated when shown


PUBLIC = "public"  # shown to everyone, signed in or not

MENUS: dict[str, list[NavItem]] = {
    PUBLIC: [
        NavItem("/brokers", N_("Brokers")),
        NavItem("/categories", N_("Products")),
        NavItem("/offices", N_("Liaison offices")),
    ],
    "office": [
        NavItem("/office/orders", N_("Orders")),
        NavItem("/office/orders/new", N_("New order")),
        NavItem("/office/clients", N_("Clients")),
    ],
    "provider": [
        NavItem("/broker/offers", N_("Offers")),
        NavItem("/broker/jobs", N_("Jobs")),
    ],
    "admin": [],
}


def add(audience: str, path: str, label: str) -> None:
    MENUS.setdefault(audience, []).append(NavItem(path, label))


def menu(role: str | None) -> list[NavItem]:
    """The signed-in audience's own entries (none when signed out)."""
    return list(MENUS.get(role or "", []))


def home_path(role: str | None) -> str:
    """Where an organisation lands after signing in: its first menu entry."""
    own = menu(role)
    return own[0].path if own else "/"
