"""Domain errors of the balancer, so the service layer can map them to clear 4xx answers."""


class BalancerError(ValueError):
    """Base of every rule the balancer domain refuses."""


class UnknownCounty(BalancerError):
    """A county outside Lishui's nine was named."""


class InvalidSeason(BalancerError):
    """A season with an impossible date range or availability factor."""


class InvalidFact(BalancerError):
    """A provider, job, calendar exception or progress report that cannot be true."""


class LoanError(BalancerError):
    """A capacity loan was used in a way its lender did not offer."""


class IllegalTransition(BalancerError):
    """A transfer saga step was asked for from a state that does not allow it."""


class UnservableDays(LoanError):
    """A transfer's lender days outside what the job allows (materials not there, too late)."""
