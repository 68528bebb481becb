"""Why the order refused a command."""


class OrderRuleBroken(Exception):
    """A command that the order's current state cannot honour (HTTP 409)."""


class InvalidOrder(Exception):
    """Values that can never make a valid order (HTTP 422), with the field at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


class IllegalTransition(OrderRuleBroken):
    pass
