"""The materials ledger: shares rounded up per line, and received = consumed + returned +
scrapped + held whatever entries come (refused ones change nothing)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.fulfilment.domain.allowance import check_loss, loss_pct
from services.fulfilment.domain.errors import LedgerRefused
from services.fulfilment.domain.ledger import Account, Ledger, Usage
from services.fulfilment.domain.shares import lot_share, places


@pytest.mark.parametrize(
    ("total", "basis", "units", "share"),
    [
        (D("60"), 1000, 500, D("30")),
        (D("60"), 1000, 333, D("20")),  # 19.98 rounds UP to whole kg
        (D("12.5"), 1000, 333, D("4.2")),  # 4.1625 up to tenths
        (D("0.125"), 7, 3, D("0.054")),  # 0.05357.. up to thousandths
        (D("6E+1"), 1000, 1, D("1")),  # 0.06 up to a whole unit
        (D("60"), 1000, 0, D("0")),
    ],
)
def test_a_lot_share_is_rounded_up_at_the_line_precision(
    total: D, basis: int, units: int, share: D
) -> None:
    assert lot_share(total, basis, units) == share


@given(
    total=st.decimals(min_value=D("0.001"), max_value=D("100000"), places=3),
    basis=st.integers(1, 100_000),
    cuts=st.lists(st.integers(1, 1000), min_size=1, max_size=8),
)
def test_the_lots_shares_cover_the_order_and_never_exceed_it_by_a_step_per_lot(
    total: D, basis: int, cuts: list[int]
) -> None:
    lots = [basis * c // sum(cuts) for c in cuts]
    lots[-1] += basis - sum(lots)  # the lots add up to the order
    shares = [lot_share(total, basis, u) for u in lots]
    step = D(1).scaleb(-places(total))
    assert sum(shares) >= total
    assert sum(shares) - total < step * len(lots)


def test_an_entry_using_more_than_was_received_is_refused_whole() -> None:
    ledger = Ledger()
    ledger.receive({"beads": ("kg", D("30")), "thread": ("m", D("100"))})
    with pytest.raises(LedgerRefused, match=r"beads: 25 consumed \+ 6 returned .* 30 kg"):
        ledger.use(
            {"thread": Usage(consumed=D("50")), "beads": Usage(consumed=D("25"), returned=D("6"))}
        )
    assert ledger.accounts["thread"].consumed == 0  # nothing of the refused entry was kept
    assert ledger.accounts["beads"].held == D("30")


def test_usage_of_a_material_the_lot_never_had_is_refused() -> None:
    with pytest.raises(LedgerRefused, match="no such material"):
        Ledger().use({"sequins": Usage(consumed=D("1"))})


def test_a_count_in_another_unit_is_refused() -> None:
    ledger = Ledger({"beads": Account("beads", "kg", owed=D("30"))})
    with pytest.raises(LedgerRefused, match="counted in kg, not g"):
        ledger.receive({"beads": ("g", D("30000"))})


def test_owing_follows_the_units_and_keeps_what_was_received() -> None:
    ledger = Ledger()
    ledger.owe({"beads": ("kg", D("30"))})
    ledger.receive({"beads": ("kg", D("28"))})
    ledger.owe({"beads": ("kg", D("18"))})  # 40% of the units moved to another lot
    beads = ledger.accounts["beads"]
    assert (beads.owed, beads.received, beads.shortfall) == (D("18"), D("28"), 0)


def test_use_over_the_category_allowance_is_flagged() -> None:
    used = Account("beads", "kg", received=D("32"), consumed=D("31"), scrapped=D("0.5"))
    check = check_loss(used, standard=D("30"), pct=loss_pct("bead_work"))  # 3 %: 30.9 allowed
    assert check.over and check.over_by == D("0.6")
    assert not check_loss(used, D("30"), loss_pct("bead_work", {"bead_work": D("5")})).over


quantities = st.decimals(min_value=D("0"), max_value=D("500"), places=3)
entries = st.one_of(
    st.tuples(st.just("receive"), st.sampled_from(["beads", "thread"]), quantities),
    st.tuples(
        st.just("use"),
        st.sampled_from(["beads", "thread"]),
        st.tuples(quantities, quantities, quantities),
    ),
)


@settings(max_examples=300)
@given(st.lists(entries, max_size=30))
def test_the_ledger_always_balances_whatever_the_entries(steps: list[tuple]) -> None:
    ledger = Ledger()
    ledger.owe({"beads": ("kg", D("30")), "thread": ("m", D("100"))})
    for kind, item, what in steps:
        before = dict(ledger.accounts)
        try:
            if kind == "receive":
                ledger.receive({item: (ledger.accounts[item].unit, what)})
            else:
                ledger.use({item: Usage(*what)})
        except LedgerRefused:
            assert ledger.accounts == before  # a refused entry changes nothing
        for a in ledger.accounts.values():
            assert a.held >= 0
            assert a.received == a.consumed + a.returned + a.scrapped + a.held
    assert ledger.balanced()
