"""An order's history lines in the page's language, with enterprises by name.

Intake writes each line in English for its API ("provider <uuid> accepted 300 units;
re-matching"). A line is parts joined by "; "; each part is matched against the patterns
below and said again from the catalogue, a provider id becoming the enterprise's name
(or its short code when the name is unknown). A part no pattern knows stays as intake
wrote it, so a new kind of line shows in English rather than not at all;
``tests/unit/portal/test_history.py`` runs intake's own code for every kind of fact and
fails when a line it writes is not translated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from services.portal.i18n import N_, gettext
from services.portal.i18n.labels import UNMATCHED_REASONS
from services.portal.live.routing import fill

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ID = re.compile(UUID)
INSPECTION = (
    r"inspection (?P<round>\d+) of provider (?P<provider>\S+)'s lot: (?P<bad>\d+) defective "
    r"of (?P<seen>\d+), (?P<decision>accept with deduction|accept|reject for rework)"
)
# Free text (a reason a person typed, matching's reason) is kept as written.
PATTERNS: list[tuple[str, str]] = [
    (r"submitted by the liaison office", N_("submitted by the liaison office")),
    (r"lot of (?P<units>\d+) units offered to provider (?P<provider>\S+)",
     N_("{units} pieces offered to {provider}")),
    (r"lot of (?P<units>\d+) units re-offered to provider (?P<provider>\S+)",
     N_("{units} pieces offered again, to {provider}")),
    (r"provider (?P<provider>\S+) accepted (?P<units>\d+) units",
     N_("{provider} accepted {units} pieces")),
    (r"provider (?P<provider>\S+) declined (?P<units>\d+) units \((?P<reason>.*)\)",
     N_("{provider} declined {units} pieces ({reason})")),
    (r"provider (?P<provider>\S+) declined (?P<units>\d+) units",
     N_("{provider} declined {units} pieces")),
    (r"re-matching", N_("looking for another enterprise")),
    (r"offer of (?P<units>\d+) units expired unanswered",
     N_("the offer of {units} pieces expired unanswered")),
    (r"offer of (?P<units>\d+) units withdrawn: (?P<reason>.*)",
     N_("the offer of {units} pieces was withdrawn: {reason}")),
    (r"(?P<units>\d+) units could not be placed: (?P<reason>.*)",
     N_("{units} pieces could not be placed: {reason}")),
    (r"(?P<done>\d+)/(?P<total>\d+) units done", N_("{done} of {total} pieces done")),
    (r"delivery of (?P<good>\d+) good and (?P<bad>\d+) defective units \(partial: "
     r"(?P<so_far>\d+) of (?P<units>\d+) so far\)",
     N_("delivery of {good} good and {bad} defective pieces (part: {so_far} of {units} so far)")),
    (r"delivery of (?P<good>\d+) good and (?P<bad>\d+) defective units",
     N_("delivery of {good} good and {bad} defective pieces")),
    (r"defects over the order's tolerance", N_("more defects than the order allows")),
    (r"late", N_("late")),
    (r"every lot delivered, awaiting inspection",
     N_("every lot delivered, awaiting inspection")),
    (r"every lot delivered", N_("every lot delivered")),
    (r"every lot accepted", N_("every lot accepted")),
    (r"lot accepted", N_("lot accepted")),
    (r"materials dispatched to (?P<lots>\d+) lot\(s\) by (?P<carrier>.*) on (?P<day>\S+)",
     N_("materials sent to {lots} lot(s) by {carrier} on {day}")),
    (r"(?P<units>\d+) finished units sent back by (?P<carrier>.*) on (?P<day>\S+)",
     N_("{units} finished pieces sent back by {carrier} on {day}")),
    (INSPECTION + r" \((?P<reason>.*)\)",
     N_("inspection {round} of the lot of {provider}: {bad} defective of {seen}, {decision} "
        "({reason})")),
    (INSPECTION,
     N_("inspection {round} of the lot of {provider}: {bad} defective of {seen}, {decision}")),
    (r"(?P<units>\d+) units sent back for rework, due (?P<due>\S+): (?P<reason>.*)",
     N_("{units} pieces sent back for rework, due {due}: {reason}")),
    (r"lot of provider (?P<provider>\S+) cancelled \((?P<reason>.*)\): (?P<released>\d+) units "
     r"released, (?P<kept>\d+) units made are kept as owed work",
     N_("the lot of {provider} was cancelled ({reason}): {released} pieces released, "
        "{kept} pieces made are kept as owed work")),
    (r"lot of provider (?P<provider>\S+) cancelled \((?P<reason>.*)\): (?P<released>\d+) units "
     r"released",
     N_("the lot of {provider} was cancelled ({reason}): {released} pieces released")),
    (r"(?P<units>\d+) units moved from provider (?P<source>\S+) to provider (?P<target>\S+) "
     r"\(transfer \S+\)",
     N_("{units} pieces moved from {source} to {target}")),
    (r"cancelled by the office: (?P<reason>.*)", N_("cancelled by the office: {reason}")),
    (r"amended by the office: (?P<changes>.*)", N_("changed by the office: {changes}")),
    (r"re-derived: a fact from matching arrived late",
     N_("status corrected: a message from matching arrived late")),
]  # fmt: skip
COMPILED = [(re.compile(p), msgid) for p, msgid in PATTERNS]
DECISIONS = {
    "accept": N_("accepted"),
    "accept with deduction": N_("accepted with a deduction"),
    "reject for rework": N_("sent back for rework"),
}
# The reasons matching writes itself (a person's reason is kept as they wrote it).
MACHINE_REASONS = {
    "order amended": N_("the order was changed"),
    "order cancelled": N_("the order was cancelled"),
    "the order was cancelled": N_("the order was cancelled"),
    **UNMATCHED_REASONS,
}
CHANGES = re.compile(r"(quantity|deadline) (\S+) -> (\S+)")
CHANGE = {"quantity": N_("quantity {old} → {new}"), "deadline": N_("deadline {old} → {new}")}
PROVIDER_KEYS = ("provider", "source", "target")


def provider_ids(history: list[Mapping[str, object]]) -> set[str]:
    """Every provider id the lines name (to look their names up once)."""
    return {found for h in history for found in ID.findall(str(h.get("reason") or ""))}


def say(reason: str, names: Mapping[str, str]) -> str:
    """``reason`` in the current language; provider ids as names (short code if unknown)."""
    return gettext(N_("; ")).join(_part(part, names) for part in reason.split("; "))


def _part(part: str, names: Mapping[str, str]) -> str:
    for pattern, msgid in COMPILED:
        found = pattern.fullmatch(part)
        if found is None:
            continue
        params = {k: v for k, v in found.groupdict().items() if v is not None}
        for key in PROVIDER_KEYS:
            if key in params:
                params[key] = names.get(params[key]) or params[key][:8]
        if reason := MACHINE_REASONS.get(params.get("reason", "")):
            params["reason"] = gettext(reason)
        if decision := DECISIONS.get(params.get("decision", "")):
            params["decision"] = gettext(decision)
        if "changes" in params:
            params["changes"] = _changes(params["changes"])
        return fill(gettext(msgid), params)
    return part


def _changes(text: str) -> str:
    found = CHANGES.findall(text)
    if not found:
        return text
    return gettext(N_(", ")).join(
        fill(gettext(CHANGE[what]), {"old": old, "new": new}) for what, old, new in found
    )
