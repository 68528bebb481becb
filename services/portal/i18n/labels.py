"""What the services' enum values are called on a page, in each language.

Keys are the values on the wire (intake's order statuses and lot states, matching's offer
and job states, the region's counties and markets, provider modes). An unknown value is
shown as it is, so a value a service adds later never breaks a page.
"""

from __future__ import annotations

from collections.abc import Mapping

from services.portal.i18n import N_, NC_, gettext, pgettext
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

# settlement: how long a debt has been unpaid, awards and their steps, the broker tables
AGING: Mapping[str, str] = {
    "not_yet_due": N_("Not yet due"),
    "0_30": N_("0–30 days"),
    "31_60": N_("31–60 days"),
    "over_60": N_("Over 60 days"),
    "paid": N_("Paid in full"),
}

AWARD_STATES: Mapping[str, str] = {
    "assessed": N_("Assessed"),
    "approved": N_("Approved"),
    "paid": N_("Paid out"),
}

AWARD_KINDS: Mapping[str, str] = {
    "broker_award": N_("Broker award"),
    "loan_interest_subsidy": N_("Loan interest subsidy"),
    "relocation_subsidy": N_("Relocation subsidy"),
    "village_new": N_("New professional village"),
    "village_top": N_("Top village of the year"),
}

BROKER_KINDS: Mapping[str, str] = {
    "general": N_("General processing"),
    "machinery": N_("Machinery processing"),
}

# fulfilment: a lot's materials and inspection, consignments, inspection decisions
MATERIAL_LOT_STATES: Mapping[str, str] = {  # an open lot is being made (an open offer waits)
    "open": NC_("material lot", "Open"),
    "awaiting_inspection": NC_("material lot", "Awaiting inspection"),
    "rework": NC_("material lot", "Rework"),
    "accepted": NC_("material lot", "Accepted"),
    "cancelled": NC_("material lot", "Cancelled"),
}

CONSIGNMENT_STATES: Mapping[str, str] = {
    "dispatched": N_("Dispatched"),
    "partly_received": N_("Partly received"),
    "received": N_("Received"),
}

DECISIONS: Mapping[str, str] = {  # the office accepts goods here, not an offer
    "accept": NC_("inspection", "Accept"),
    "accept_with_deduction": NC_("inspection", "Accept with a deduction"),
    "reject_for_rework": NC_("inspection", "Reject for rework"),
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
    "aging": AGING,
    "award_state": AWARD_STATES,
    "award_kind": AWARD_KINDS,
    "broker_kind": BROKER_KINDS,
    "material_lot_state": MATERIAL_LOT_STATES,
    "consignment_state": CONSIGNMENT_STATES,
    "decision": DECISIONS,
}


# Kinds whose words are marked with a context (``NC_``): said with ``pgettext``.
CONTEXTS: Mapping[str, str] = {"material_lot_state": "material lot", "decision": "inspection"}


def label(kind: str, value: object) -> str:
    """``label("order_status", "PARTIALLY_PLACED")`` is 部分已分配 in Chinese."""
    text = str(value)
    msgid = KINDS[kind].get(text)
    return _say(kind, msgid) if msgid else text


def options(kind: str) -> list[tuple[str, str]]:
    """(value, translated label) of every known value, for a select or filter chips."""
    return [(value, _say(kind, msgid)) for value, msgid in KINDS[kind].items()]


def _say(kind: str, msgid: str) -> str:
    context = CONTEXTS.get(kind)
    return pgettext(context, msgid) if context else gettext(msgid)


def category_name(category: Mapping[str, object], lang: str) -> str:
    """A catalogue entry's name in the page's language (intake keeps both)."""
    key = "name_zh" if lang == "zh" else "name_en"
    return str(category.get(key) or category.get("code") or "")
