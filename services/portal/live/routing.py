"""Which signed-in organisation an event concerns, and what it tells them. Pure: no Redis,
no Kafka, no FastAPI.

Events name brokers and factories directly (``provider_id``, ``to_provider_id``); an
office is named only by ``OrderSubmitted``, so the consumer remembers each order's office
and the rules here ask for "the office of this order" (``Audience.OFFICE_OF_ORDER``).
Messages are msgids with ``{placeholders}`` filled from the event, translated when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from services.portal.i18n import N_


class Audience(StrEnum):
    PROVIDER = "provider_id"
    TO_PROVIDER = "to_provider_id"
    FROM_PROVIDER = "from_provider_id"
    OFFICE_OF_ORDER = "order_id"  # resolved through the remembered order -> office map


class Kind(StrEnum):
    OFFER = "offer"
    JOB = "job"
    ORDER = "order"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class Rule:
    audience: Audience
    kind: Kind
    message: str  # msgid


@dataclass(frozen=True)
class Note:
    """One notification for one organisation (the JSON stored and sent is ``as_dict``)."""

    event_id: str
    event_type: str
    org_id: str
    kind: Kind
    message: str
    params: dict[str, Any]
    order_id: str
    occurred_at: str

    @property
    def pages(self) -> list[str]:
        """The portal pages this note changes: open ones re-fetch their content.
        A trailing ``*`` matches every path starting with what precedes it."""
        if self.kind is Kind.ORDER:
            return ["/office/orders", f"/office/orders/{self.order_id}", "/notifications"]
        if self.kind is Kind.TRANSFER:
            return ["/factory/*", "/broker/jobs", "/notifications"]
        return ["/broker/offers", "/broker/jobs", "/notifications"]

    @property
    def link(self) -> str:
        return self.pages[1] if self.kind is Kind.ORDER else self.pages[0].rstrip("*")

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "org_id": self.org_id,
            "kind": self.kind.value,
            "message": self.message,
            "params": self.params,
            "order_id": self.order_id,
            "occurred_at": self.occurred_at,
            "pages": self.pages,
            "link": self.link,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Note:
        return cls(
            d["event_id"],
            d["event_type"],
            d["org_id"],
            Kind(d["kind"]),
            d["message"],
            d.get("params", {}),
            d.get("order_id", ""),
            d.get("occurred_at", ""),
        )


P, OFF, T = Audience.PROVIDER, Audience.OFFICE_OF_ORDER, Audience.TO_PROVIDER
RULES: dict[str, tuple[Rule, ...]] = {
    "JobOffered": (
        Rule(P, Kind.OFFER, N_("New offer: {units} pieces of {category}")),
        Rule(OFF, Kind.ORDER, N_("Your order is offered to an enterprise ({units} pieces)")),
    ),
    "OfferAccepted": (
        Rule(OFF, Kind.ORDER, N_("An enterprise took {units} pieces of your order")),
    ),
    "OfferDeclined": (Rule(OFF, Kind.ORDER, N_("An enterprise declined {units} pieces")),),
    "OfferExpired": (
        Rule(P, Kind.OFFER, N_("An offer of {units} pieces expired")),
        Rule(OFF, Kind.ORDER, N_("An offer of {units} pieces expired unanswered")),
    ),
    "OfferWithdrawn": (Rule(P, Kind.OFFER, N_("An offer was withdrawn: {reason}")),),
    "OrderUnmatched": (Rule(OFF, Kind.ORDER, N_("No enterprise could take your order")),),
    "JobProgressReported": (Rule(OFF, Kind.ORDER, N_("Progress reported: {units_done} pieces")),),
    "JobDelivered": (Rule(OFF, Kind.ORDER, N_("Delivery reported: {good_units} good pieces")),),
    "JobCancelled": (
        Rule(P, Kind.JOB, N_("A job was cancelled")),
        Rule(OFF, Kind.ORDER, N_("A job of your order was cancelled")),
    ),
    "JobAtRisk": (Rule(P, Kind.JOB, N_("A job of yours may miss its deadline")),),
    "TransferProposed": (
        Rule(T, Kind.TRANSFER, N_("A transfer of {units} pieces is proposed to you")),
    ),
    "JobSplit": (
        Rule(Audience.FROM_PROVIDER, Kind.JOB, N_("Part of a job moved to another enterprise")),
        Rule(T, Kind.JOB, N_("A transfer to you is confirmed: {units} pieces")),
        Rule(OFF, Kind.ORDER, N_("Part of your order moved to another enterprise")),
    ),
}
# Event fields a message may show (never fees or client names: the text may leave by SMS).
SHOWN = ("units", "category", "reason", "units_done", "good_units")


@dataclass(frozen=True)
class Wanted:
    """A rule's audience before the office of an order is known."""

    rule: Rule
    org_id: str | None  # None: the office of ``order_id``, to be looked up
    order_id: str


def office_of_submitted(event_type: str, payload: dict[str, Any]) -> tuple[str, str] | None:
    """(order id, office id) when the event tells which office owns an order."""
    if event_type == "OrderSubmitted" and payload.get("office_id"):
        return str(payload["order_id"]), str(payload["office_id"])
    return None


# The contact topics (intake.contacts, matching.contacts): the event type and the field
# naming the organisation whose contact it is.
CONTACT_OWNERS = {"OfficeContactChanged": "office_id", "ProviderContactChanged": "provider_id"}


def contact_of(event_type: str, payload: dict[str, Any]) -> tuple[str, str] | None:
    """(organisation id, contact) when the event tells an organisation's contact ("" for
    none): the notification sinks hand it to an SMS or WeChat gateway."""
    field = CONTACT_OWNERS.get(event_type)
    if field and payload.get(field):
        return str(payload[field]), str(payload.get("contact") or "")
    return None


def wanted(event_type: str, payload: dict[str, Any]) -> list[Wanted]:
    """Who the event concerns, by the rules; unknown types concern nobody."""
    order_id = str(payload.get("order_id") or "")
    out = []
    for rule in RULES.get(event_type, ()):
        if rule.audience is Audience.OFFICE_OF_ORDER:
            if order_id:
                out.append(Wanted(rule, None, order_id))
        elif payload.get(rule.audience.value):
            out.append(Wanted(rule, str(payload[rule.audience.value]), order_id))
    return out


def notes(
    event_id: str,
    event_type: str,
    occurred_at: str,
    payload: dict[str, Any],
    offices: dict[str, str],
) -> list[Note]:
    """The notes of one event; ``offices`` maps order ids to their office (missing: that
    office is not told). One note per organisation: the first rule that names it wins."""
    params = {k: payload[k] for k in SHOWN if k in payload}
    out: dict[str, Note] = {}
    for w in wanted(event_type, payload):
        org = w.org_id or offices.get(w.order_id)
        if org and org not in out:
            out[org] = Note(
                event_id, event_type, org, w.rule.kind, w.rule.message, params, w.order_id,
                occurred_at,
            )  # fmt: skip
    return list(out.values())


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def fill(text: str, params: dict[str, Any]) -> str:
    """A translated message with the event's fields in it (a missing one shows empty)."""
    return text.format_map(_Blank(params))


def page_matches(pages: list[str], path: str) -> bool:
    """True when ``path`` is one of ``pages`` (``*`` ending: a prefix)."""
    return any(path.startswith(p[:-1]) if p.endswith("*") else path == p for p in pages)
