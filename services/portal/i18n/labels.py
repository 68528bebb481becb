"""What the services' enum values are called on a page, in each language.

Keys are the values on the wire (intake's order statuses and lot states, matching's offer
and job states, the region's counties and markets, provider modes). An unknown value is
shown as it is, so a value a service adds later never breaks a page.
"""

from __future__ import annotations

from collections.abc import Mapping

from services.portal.i18n import N_, gettext
from shared.contracts.vocabulary import ProviderMode
from shared.region import County, Market

ORDER_STATUSES: Mapping[str, str] = {
    "SUBMITTED": N_("Submitted"),
    "MATCHING": N_("Matching"),
    "PARTIALLY_PLACED": N_("Partially placed"),
    "PLACED": N_("Placed"),
    "IN_PRODUCTION": N_("In production"),
    "DELIVERED": N_("Delivered"),
    "UNMATCHED": N_("Unmatched"),
    "CANCELLED": N_("Cancelled"),
}

LOT_STATES: Mapping[str, str] = {
    "offered": N_("Offered"),
    "open": N_("Open"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "expired": N_("Expired"),
    "withdrawn": N_("Withdrawn"),
    "in_production": N_("In production"),
    "partly_delivered": N_("Partly delivered"),
    "delivered": N_("Delivered"),
    "moved": N_("Moved to another provider"),
    "cancelled": N_("Cancelled"),
}

COUNTIES: Mapping[str, str] = {
    County.LIANDU: N_("Liandu"),
    County.LONGQUAN: N_("Longquan"),
    County.QINGTIAN: N_("Qingtian"),
    County.YUNHE: N_("Yunhe"),
    County.QINGYUAN: N_("Qingyuan"),
    County.JINYUN: N_("Jinyun"),
    County.SUICHANG: N_("Suichang"),
    County.SONGYANG: N_("Songyang"),
    County.JINGNING: N_("Jingning"),
}

MARKETS: Mapping[str, str] = {
    Market.YIWU: N_("Yiwu"),
    Market.WENZHOU: N_("Wenzhou"),
    Market.JINHUA: N_("Jinhua"),
    Market.TAIZHOU: N_("Taizhou"),
    Market.NINGBO: N_("Ningbo"),
    Market.HANGZHOU: N_("Hangzhou"),
}

PROVIDER_MODES: Mapping[str, str] = {
    ProviderMode.FACTORY: N_("Factory"),
    ProviderMode.CENTRE: N_("Processing centre"),
    ProviderMode.HOME: N_("Home workers"),
}

ROLES: Mapping[str, str] = {
    "office": N_("Liaison office"),
    "provider": N_("Processing enterprise"),
    "admin": N_("Federation"),
}

# Balancer (factory and federation pages).
TRANSFER_STATES: Mapping[str, str] = {
    "proposed": N_("Proposed"),
    "accepted": N_("Accepted"),
    "split_requested": N_("Being moved"),
    "completed": N_("Completed"),
    "declined": N_("Declined"),
    "expired": N_("Expired"),
    "failed": N_("Failed"),
    "compensated": N_("Undone"),
}

LOAN_STATES: Mapping[str, str] = {
    "offered": N_("On offer"),
    "withdrawn": N_("Withdrawn"),
}

# Matching's reasons for units it could not place (OrderUnmatched.reason).
UNMATCHED_REASONS: Mapping[str, str] = {
    "no provider for the category": N_("No enterprise makes this product"),
    "not enough capacity before the deadline": N_("Not enough capacity before the deadline"),
    "no single provider can take the whole order before the deadline": N_(
        "No single enterprise can take the whole order before the deadline"
    ),
    "the deadline has passed: no production day is left before it": N_(
        "The deadline has passed: no production day is left"
    ),
    "the materials are ready more than a year ahead: matching plans no further": N_(
        "The materials are ready more than a year ahead"
    ),
}

KINDS: Mapping[str, Mapping[str, str]] = {
    "order_status": ORDER_STATUSES,
    "lot_state": LOT_STATES,
    "county": COUNTIES,
    "market": MARKETS,
    "mode": PROVIDER_MODES,
    "role": ROLES,
    "transfer_state": TRANSFER_STATES,
    "loan_state": LOAN_STATES,
    "unmatched_reason": UNMATCHED_REASONS,
}


def label(kind: str, value: object) -> str:
    """``label("order_status", "PARTIALLY_PLACED")`` is 部分已分配 in Chinese."""
    text = str(value)
    msgid = KINDS[kind].get(text)
    return gettext(msgid) if msgid else text


def options(kind: str) -> list[tuple[str, str]]:
    """(value, translated label) of every known value, for a select or filter chips."""
    return [(value, gettext(msgid)) for value, msgid in KINDS[kind].items()]


def category_name(category: Mapping[str, object], lang: str) -> str:
    """A catalogue entry's name in the page's language (intake keeps both)."""
    key = "name_zh" if lang == "zh" else "name_en"
    return str(category.get(key) or category.get("code") or "")
