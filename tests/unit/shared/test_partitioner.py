"""The faster partitioner puts every key where aiokafka's (the Java client's) does:
per-key order across producers and co-partitioned topics depend on it."""

from __future__ import annotations

import random
import uuid

from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as reference

from shared.kafka.auth import KafkaAuth
from shared.kafka.clients import idempotent_producer
from shared.kafka.partitioner import default_partitioner, murmur2


def test_murmur2_equals_the_reference_for_every_length_and_tail() -> None:
    rng = random.Random(18)
    for length in range(0, 90):
        for _ in range(50):
            data = rng.randbytes(length)
            assert murmur2(data) == reference(data), (length, data)


def test_keys_land_on_the_same_partition_as_with_aiokafka() -> None:
    rng = random.Random(5)
    for partitions in (1, 3, 6, 16):
        ids = list(range(partitions))
        for _ in range(500):
            key = str(uuid.UUID(int=rng.getrandbits(128))).encode()
            assert default_partitioner(key, ids, ids) == DefaultPartitioner()(key, ids, ids)
    assert default_partitioner(None, [0, 1, 2], [2]) == 2  # no key: an available partition


async def test_the_producers_use_it() -> None:
    producer = idempotent_producer("127.0.0.1:1", "test", KafkaAuth.of("test", "not-used"))
    assert producer._partitioner is default_partitioner


def test_murmur2_of_a_batch_equals_one_by_one() -> None:
    """The relay hashes a whole batch at once (numpy, grouped by key length)."""
    from shared.kafka.partitioner import murmur2_many

    rng = random.Random(7)
    keys = [rng.randbytes(rng.choice([0, 1, 2, 3, 4, 5, 7, 36, 36, 36, 89])) for _ in range(3000)]
    keys += [str(uuid.UUID(int=rng.getrandbits(128))).encode() for _ in range(500)]
    assert murmur2_many(keys) == [reference(k) for k in keys]
    assert murmur2_many([]) == []
