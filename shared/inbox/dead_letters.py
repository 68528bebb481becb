"""Park a message that cannot be applied on ``<topic>.dlq``, with why and where from."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord


def dead_letter_headers(
    record: ConsumerRecord, consumer: str, error: BaseException
) -> list[tuple[str, bytes]]:
    original = [(k, v) for k, v in (record.headers or ()) if not k.startswith("dlq.")]
    return [
        *original,
        ("dlq.error", str(error)[:2000].encode()),
        ("dlq.error_type", type(error).__name__.encode()),
        ("dlq.consumer", consumer.encode()),
        ("dlq.topic", record.topic.encode()),
        ("dlq.partition", str(record.partition).encode()),
        ("dlq.offset", str(record.offset).encode()),
    ]


async def send_to_dead_letters(
    producer: AIOKafkaProducer, record: ConsumerRecord, consumer: str, error: BaseException
) -> None:
    await producer.send_and_wait(
        f"{record.topic}.dlq",
        value=record.value,
        key=record.key,
        headers=dead_letter_headers(record, consumer, error),
    )
