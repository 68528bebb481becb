from aiokafka.structs import ConsumerRecord

from shared.inbox.dead_letters import dead_letter_headers


def test_headers_keep_originals_and_say_where_and_why() -> None:
    record = ConsumerRecord(
        topic="intake.orders",
        partition=3,
        offset=42,
        timestamp=0,
        timestamp_type=0,
        key=b"k",
        value=b"v",
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=1,
        headers=[("event_id", b"e1")],
    )
    headers = dict(dead_letter_headers(record, "matching", ValueError("bad units")))
    assert headers["event_id"] == b"e1"
    assert headers["dlq.topic"] == b"intake.orders"
    assert (headers["dlq.partition"], headers["dlq.offset"]) == (b"3", b"42")
    assert headers["dlq.error"] == b"bad units"
    assert headers["dlq.error_type"] == b"ValueError"
