"""Which stack the integration tests run on (tests/support/containers.py)."""

from __future__ import annotations

import pytest

from tests.support.containers import stack_kind


def test_auto_picks_containers_only_when_an_engine_answers() -> None:
    assert stack_kind({}, engine=True) == "containers"
    assert stack_kind({}, engine=False) == "native"
    assert stack_kind({"PROCNET_TEST_STACK": "auto"}, engine=False) == "native"


def test_an_explicit_choice_wins() -> None:
    # `make test` sets native: the engine-less machines' stack, even where Docker exists.
    assert stack_kind({"PROCNET_TEST_STACK": "native"}, engine=True) == "native"
    assert stack_kind({"PROCNET_TEST_STACK": "containers"}, engine=False) == "containers"


def test_an_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="auto, native or containers"):
        stack_kind({"PROCNET_TEST_STACK": "docker"})
