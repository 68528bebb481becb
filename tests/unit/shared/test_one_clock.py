"""One clock: at 01:00 Lishui time (17:00 UTC the day before) every service says the same date."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from services.balancer.api.load import window as balancer_load_window
from services.matching.api.providers import free_capacity_window
from shared.region import clock

ROOT = Path(__file__).resolve().parents[3]
ONE_AM_LISHUI = datetime(2026, 3, 5, 17, 0, tzinfo=UTC)  # 2026-03-06 01:00 in Lishui


def test_at_one_in_the_morning_every_service_agrees_on_the_lishui_date() -> None:
    with clock.frozen_at(ONE_AM_LISHUI):
        assert clock.now().date() == date(2026, 3, 5)  # UTC still says yesterday
        seen = {
            clock.today(),
            free_capacity_window(None, None)[0],
            balancer_load_window(None, None)[0],
        }
    assert seen == {date(2026, 3, 6)}


def test_no_service_reads_the_date_from_anywhere_else() -> None:
    # The host's zone (date.today) or the UTC date would disagree between 00:00 and 08:00.
    wrong = re.compile(r"date\.today\(\)|datetime\.now\([^)]*\)\.date\(\)|datetime\.utcnow")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for top in ("services", "shared", "tests")
        for path in (ROOT / top).rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if wrong.search(line) and path.name != "clock.py"
    ]
    assert offenders == []
