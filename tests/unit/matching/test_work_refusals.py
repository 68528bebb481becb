"""What an offer or job refuses reaches the client as 409 (state) or 422 (value, field)."""

from __future__ import annotations

import pytest

from services.matching.domain.errors import IllegalTransition, InvalidWork, WorkRuleBroken
from services.matching.handlers import refusals
from shared.service.errors import DomainError, InvalidInput


def test_a_bad_value_is_a_422_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as err, refusals():
        raise InvalidWork("delivered_on", "is in the future")
    assert (err.value.status, err.value.field, str(err.value)) == (
        422,
        "delivered_on",
        "is in the future",
    )


@pytest.mark.parametrize("refused", [WorkRuleBroken, IllegalTransition])
def test_a_state_that_cannot_honour_the_command_is_a_409(refused: type[Exception]) -> None:
    with pytest.raises(DomainError) as err, refusals():
        raise refused("the job was cancelled: the order was cancelled")
    assert err.value.status == 409 and "the order was cancelled" in str(err.value)
