import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from shared.service.errors import _is_bad_value, _is_outage


class FakeDriverError(Exception):
    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("message", "sqlstate"),
    [
        ("the database system is shutting down", "57P01"),
        ("the database system is starting up", "57P03"),
        ("connection does not exist", "08003"),
    ],
)
def test_a_server_going_away_is_an_outage(message: str, sqlstate: str) -> None:
    assert _is_outage(DBAPIError("SELECT 1", None, FakeDriverError(message, sqlstate)))


def test_operational_errors_are_outages_and_constraint_violations_are_not() -> None:
    assert _is_outage(OperationalError("SELECT 1", None, FakeDriverError("gone", None)))
    dup = IntegrityError("INSERT", None, FakeDriverError("duplicate key", "23505"))
    assert not _is_outage(dup)


def test_a_value_postgresql_cannot_hold_is_bad_input_not_an_outage() -> None:
    nul = DBAPIError("INSERT", None, FakeDriverError("invalid byte sequence: 0x00", "22021"))
    assert _is_bad_value(nul) and not _is_outage(nul)
    dup = IntegrityError("INSERT", None, FakeDriverError("duplicate key", "23505"))
    assert not _is_bad_value(dup)
