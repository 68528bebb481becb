"""Why an offer or a job refused a command (the handlers turn these into 409 and 422)."""

from __future__ import annotations


class WorkRuleBroken(Exception):
    """The offer's or job's state cannot honour the command (HTTP 409)."""


class IllegalTransition(WorkRuleBroken):
    """The state machine has no such move from the current state."""


class InvalidWork(Exception):
    """A value that can never be right for this offer or job (HTTP 422), with the field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
