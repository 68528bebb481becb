"""The simulate report's money section, by hand on a two-job world."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from services.cli import money
from services.cli.money_chart import money_figure
from services.cli.sim_state import JobRec, OrderRec, SimState

PROVIDER = next(iter(money.PROVIDERS.values()))


def _world() -> SimState:
    state = SimState(date(2026, 12, 7), 2)
    state.orders["o1"] = OrderRec("o1", "office", "yiwu", "welding_assembly", 1000, 150,
                                  date(2026, 12, 30), 0, 0.0)  # fmt: skip
    for job_id, good, delivered in (("j1", 900, True), ("j2", 100, False)):
        state.jobs[job_id] = JobRec(job_id, "o1", PROVIDER.id, "welding_assembly", 500, {},
                                    date(2026, 12, 30), date(2026, 12, 7), True,
                                    delivered=delivered, good=good)  # fmt: skip
    return state


def test_only_delivered_jobs_count_and_the_subsidy_is_one_percent() -> None:
    m = money.compute(_world())
    assert m.fees_fen == 900 * 150
    assert m.freight_subsidy_fen == 1_350
    w = PROVIDER.body["workforce"]
    assert m.reached["low_income"] * w["total"] == 900 * 150 * w["low_income"]
    assert m.by_enterprise[PROVIDER.id] == [135_000, 135_000]  # all machinery work


def test_the_section_says_when_awards_were_not_evaluated() -> None:
    m = money.compute(_world())
    text = "\n".join(money.section(m))
    assert "## Money" in text and "| processing fees (good units x unit fee) | 1,350.00 |" in text
    assert "settlement was not reachable" in text
    m.awards, m.awards_fen = {"machinery tier 1": 1}, 200_000
    assert "2,000.00 yuan in all (machinery tier 1: 1)" in "\n".join(money.section(m))


def test_the_money_chart_labels_every_bar_with_its_yuan(tmp_path: Path) -> None:
    m = money.compute(_world())
    fig = money_figure(m)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[:3] == ["fees", "freight", "freight subsidy"]
    assert " 1,350" in [t.get_text() for t in fig.axes[0].texts]
    report = tmp_path / "report.md"
    report.write_text("# x\n")
    money.append(report, m)
    assert (tmp_path / "money.png").read_bytes()[:4] == b"\x89PNG"
    assert report.read_text().rstrip().endswith("![money](money.png)")
