"""Why an incoming event was refused. Both go to the dead-letter topic untried."""


class EventRejected(Exception):
    """The event can never be applied, however often it is retried."""


class MalformedEvent(EventRejected):
    """Bytes that are not a valid envelope, or a payload that breaks its contract."""


class UnknownEvent(EventRejected):
    """A (type, version) pair that no contract in the registry describes."""
