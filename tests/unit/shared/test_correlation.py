"""The work in hand's correlation: on every log line inside the block, and on every
event published there, whether the ids come as text (a request id) or as UUIDs (an
event's, as the inbox passes them without rendering them per event)."""

from __future__ import annotations

import io
import json
import logging
import uuid

import structlog

from shared.events import EventRegistry, Payload
from shared.events.envelope import new_envelope
from shared.kafka.topics import Topic
from shared.logging import configure_logging, correlation, current_correlation

_registry = EventRegistry()


@_registry.contract("Pinged", 1, topic=Topic("test.pings"), key="order_id")
class Pinged(Payload):
    order_id: uuid.UUID


def _lines(emit: object) -> list[dict[str, object]]:
    out = io.StringIO()
    configure_logging("test-correlation")
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(out))
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(out)
    try:
        assert callable(emit)
        emit()
    finally:
        structlog.reset_defaults()
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_log_lines_carry_the_ids_inside_the_block_only() -> None:
    cause, chain = uuid.uuid4(), uuid.uuid4()

    def emit() -> None:
        log = structlog.get_logger()
        with correlation(chain, cause):
            log.info("inside")
            logging.getLogger("aiokafka").warning("library inside")
            with correlation("request-1"):
                log.info("nested")
            log.info("inside again", causation_id="given")
        log.info("outside")

    inside, library, nested, again, outside = _lines(emit)
    assert (inside["correlation_id"], inside["causation_id"]) == (str(chain), str(cause))
    assert library["correlation_id"] == str(chain)
    assert (nested["correlation_id"], nested["causation_id"]) == ("request-1", None)
    assert (again["correlation_id"], again["causation_id"]) == (str(chain), "given")
    assert "correlation_id" not in outside


def test_events_published_inside_take_the_ids_as_uuids() -> None:
    cause, chain = uuid.uuid4(), uuid.uuid4()
    with correlation(chain, cause):
        assert current_correlation() == (chain, cause)
        env = new_envelope(Pinged(order_id=uuid.uuid4()), key="k")
    assert (env.correlation_id, env.causation_id) == (chain, cause)
    with correlation(str(chain)):
        assert current_correlation() == (chain, None)
    with correlation("not-a-uuid"):
        assert current_correlation() == (None, None)
    assert current_correlation() == (None, None)
