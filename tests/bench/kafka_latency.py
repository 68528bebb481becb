"""Row 2's baseline: raw aiokafka produce -> consume latency at a fixed arrival rate.

Same producer settings as the services (idempotent, acks=all); message i is
due at start + i / rate and its latency counts from that due time to its
arrival at a consumer in this process.
"""

from __future__ import annotations

import asyncio
import time
import uuid

from aiokafka import AIOKafkaProducer

from shared.kafka.topics import Topic
from tests.bench.offer_watch import arrivals, until_seen


async def produce_consume(
    producer: AIOKafkaProducer, topic: Topic, rate: float, seconds: float
) -> tuple[list[float], int, float]:
    """Latencies (s), messages lost, and generator CPU share of one core."""
    due: dict[str, float] = {}
    cpu0, t0 = time.process_time(), time.perf_counter()
    async with arrivals(topic.name, lambda r: r.key.decode() if r.key else None) as seen:
        start = time.perf_counter()
        sends = []
        for i in range(int(rate * seconds)):
            key, at = uuid.uuid4().hex, start + i / rate
            if (wait := at - time.perf_counter()) > 0:
                await asyncio.sleep(wait)
            due[key] = at
            sends.append(await producer.send(topic.name, b"x" * 600, key=key.encode()))
        await asyncio.gather(*sends)
        await until_seen(seen, set(due), timeout=30)
    cpu = (time.process_time() - cpu0) / (time.perf_counter() - t0)
    latencies = [seen[k] - at for k, at in due.items() if k in seen]
    return latencies, len(due) - len(latencies), cpu
