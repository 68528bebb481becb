"""Finding 1/4: failed token exchanges are slowed, then blocked, per organisation and address."""

import pytest

from shared.identity.throttle import FailureThrottle


def test_a_few_mistakes_cost_nothing_then_delays_double_then_block() -> None:
    t = FailureThrottle()
    keys = ["org:a", "addr:1.2.3.4"]
    delays = []
    for _ in range(25):
        delays.append(t.delay(keys))
        if t.blocked_for(keys):
            break
        t.failed(keys)
    assert delays[:5] == [0.0] * 5
    assert delays[5:8] == [0.25, 0.5, 1.0]
    assert t.blocked_for(keys) > 0 and t.blocked_for(["org:a"]) > 0
    assert t.blocked_for(["org:b", "addr:5.6.7.8"]) == 0


def test_success_clears_the_organisation(monkeypatch: pytest.MonkeyPatch) -> None:
    t = FailureThrottle()
    for _ in range(6):
        t.failed(["org:a", "addr:x"])
    assert t.delay(["org:a"]) > 0
    t.succeeded("org:a")
    assert t.delay(["org:a"]) == 0 and t.delay(["addr:x"]) > 0


def test_failures_leave_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    import shared.identity.throttle as throttle

    now = [1000.0]
    monkeypatch.setattr(throttle.time, "monotonic", lambda: now[0])
    t = FailureThrottle(window_s=60)
    for _ in range(30):
        t.failed(["org:a"])
    assert t.blocked_for(["org:a"]) == pytest.approx(60)
    now[0] += 61
    assert t.blocked_for(["org:a"]) == 0 and t.delay(["org:a"]) == 0
