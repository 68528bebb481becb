"""Who the money reached, by hand: shares by workforce, villages and enterprises counted."""

from __future__ import annotations

import uuid
from datetime import date

from services.settlement.domain.fees.facts import Enterprise, Workforce
from services.settlement.domain.impact.reach import EarnedFee, reach, reach_total
from shared.region.counties import County


def ent(county: County, village: str, total: int, low: int, migrants: int = 0) -> Enterprise:
    return Enterprise(uuid.uuid4(), village, county, "T", village, "centre",
                      Workforce(total, low_income=low, reservoir_migrants=migrants))  # fmt: skip


def test_shares_by_workforce_per_county_and_month() -> None:
    a = ent(County.SUICHANG, "A", 3, 1, migrants=3)
    b = ent(County.SUICHANG, "A", 10, 5)
    c = ent(County.JINYUN, "C", 4, 4)
    ents = {e.provider_id: e for e in (a, b, c)}
    fees = [
        EarnedFee(a.provider_id, date(2026, 11, 2), 1_000),  # low-income 1/3: 333.33...
        EarnedFee(a.provider_id, date(2026, 11, 9), 1_000),  # + 333.33... = 666.67 -> 667
        EarnedFee(b.provider_id, date(2026, 11, 30), 2_001),  # 1000.5
        EarnedFee(c.provider_id, date(2026, 12, 1), 500),
    ]
    nov, dec = reach(fees, ents)
    assert (nov.county, nov.month, dec.county, dec.month) == (
        "suichang",
        "2026-11",
        "jinyun",
        "2026-12",
    )
    assert nov.fees_fen == 4_001
    assert nov.low_income_fen == 1_667  # 666.666... + 1000.5 = 1667.166... rounded once
    assert nov.reservoir_migrants_fen == 2_000
    assert (nov.villages, nov.enterprises, nov.low_income_workers) == (1, 2, 6)
    assert dec.low_income_fen == 500
    year = reach_total(fees, ents, None, "2026")
    assert (year.fees_fen, year.villages, year.enterprises, year.low_income_workers) == (
        4_501,
        2,
        3,
        10,
    )
    assert reach_total(fees, ents, "jinyun", "2026").fees_fen == 500


def test_an_enterprise_with_no_workforce_counts_its_fee_but_reaches_no_group() -> None:
    e = ent(County.YUNHE, "Y", 0, 0)
    (r,) = reach([EarnedFee(e.provider_id, date(2026, 1, 5), 700)], {e.provider_id: e})
    assert (r.fees_fen, r.low_income_fen, r.enterprises) == (700, 0, 1)
