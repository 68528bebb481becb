"""An order's history in the page's language: the lines intake's own code writes for a
journey (offers, a decline with the broker's reason, an expiry, acceptance, progress, a
partial late delivery, the last delivery, an amendment, a shortfall) all come out in
Chinese with the enterprise's name; fulfilment's lines too; a line no pattern knows stays
as intake wrote it."""

from __future__ import annotations

import re
import uuid
from datetime import date

from services.intake.domain.progress import apply_fact
from services.portal.history import provider_ids, say
from services.portal.i18n import use_language
from shared.contracts import matching as m
from tests.unit.intake.factories import submitted
from tests.unit.intake.test_order_progress import accept, cause, offer

P1, P2 = uuid.uuid4(), uuid.uuid4()
NAMES = {str(P1): "妙高镇下洋村来料加工点", str(P2): "安仁镇上源加工厂"}
LATIN = re.compile(r"[A-Za-z]{3,}")  # an English word left in a Chinese line


def journey_lines() -> list[str]:
    order = submitted(quantity=1000)
    o1, o2 = offer(order.id, P1, 600), offer(order.id, P2, 400)
    order.amend(quantity=900, deadline=None, today=date(2027, 3, 1))
    facts: list[object] = [o1, o2]
    facts.append(m.OfferDeclined(offer_id=o2.offer_id, order_id=order.id, provider_id=P2,
                                 units=400, reason="采茶季人手不够"))  # fmt: skip
    o3 = offer(order.id, P2, 300)
    facts += [o3, m.OfferExpired(offer_id=o3.offer_id, order_id=order.id, provider_id=P2,
                                 units=300)]  # fmt: skip
    facts.append(m.OrderUnmatched(order_id=order.id, shortfall_units=300,
                                  reason="not enough capacity before the deadline"))  # fmt: skip
    a1 = accept(o1)
    facts.append(a1)
    facts.append(m.JobProgressReported(job_id=a1.job_id, order_id=order.id, provider_id=P1,
                                       units_done=200, units_total=600,
                                       reported_on=date(2027, 3, 5)))  # fmt: skip
    for good, bad, late in ((250, 10, True), (330, 10, False)):
        facts.append(m.JobDelivered(job_id=a1.job_id, order_id=order.id, provider_id=P1,
                                    good_units=good, defective_units=bad,
                                    delivered_on=date(2027, 3, 15), late=late))  # fmt: skip
    for fact in facts:
        apply_fact(order, fact, cause())  # type: ignore[arg-type]
    return [h.reason for h in order.history]


def test_every_line_of_a_journey_is_said_in_chinese_with_the_enterprise_by_name() -> None:
    lines = journey_lines()
    assert len(lines) >= 10
    with use_language("zh"):
        said = [say(line, NAMES) for line in lines]
    for line, text in zip(lines, said, strict=True):
        assert not ID_IN(text), (line, text)
        assert not LATIN.search(text.replace("采茶季人手不够", "")), (line, text)
    joined = "\n".join(said)
    assert "妙高镇下洋村来料加工点接下了 600 件" in joined
    assert "（采茶季人手不够）" in joined or "(采茶季人手不够)" in joined  # their words, kept
    assert provider_ids([{"reason": line} for line in lines]) == {str(P1), str(P2)}


def ID_IN(text: str) -> bool:
    return bool(re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", text))


def test_english_pages_say_it_in_english_and_unknown_names_show_a_short_code() -> None:
    line = f"provider {P1} accepted 600 units"
    with use_language("en"):
        assert say(line, {}) == f"{str(P1)[:8]} accepted 600 pieces"


def test_fulfilment_lines_are_translated() -> None:
    lines = [
        "materials dispatched to 2 lot(s) by 顺丰 on 2027-03-02",
        f"inspection 1 of provider {P1}'s lot: 30 defective of 300, reject for rework (线头太多)",
        "30 units sent back for rework, due 2027-03-20: 线头太多",
        f"inspection 2 of provider {P1}'s lot: 0 defective of 30, accept; every lot accepted",
        "300 finished units sent back by 顺丰 on 2027-03-18",
        f"120 units moved from provider {P1} to provider {P2} (transfer {uuid.uuid4()})",
        f"lot of provider {P2} cancelled (order cancelled): 100 units released, 20 units made "
        "are kept as owed work",
    ]
    with use_language("zh"):
        said = [say(line, NAMES) for line in lines]
    for line, text in zip(lines, said, strict=True):
        assert not LATIN.search(text) and not ID_IN(text), (line, text)


def test_a_line_no_pattern_knows_stays_as_intake_wrote_it() -> None:
    with use_language("zh"):
        assert say("something new happened", NAMES) == "something new happened"
