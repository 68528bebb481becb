"""Rules settlement refuses, so the service layer can answer with a clear 4xx."""


class SettlementError(ValueError):
    """Base of every rule the settlement domain refuses."""

    field: str | None = None


class Overpayment(SettlementError):
    field = "amount_fen"


class IllegalTransition(SettlementError):
    """An award or loan step asked for from a state that does not allow it."""
