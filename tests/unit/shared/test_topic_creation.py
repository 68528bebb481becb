"""How ``python -m shared.kafka.admin`` would create the topics on a cluster (SCALING.md):
replication 3 with two replicas in sync for a write; the keyed topics at the partition count
asked; single-partition topics (seasons, the compacted tables) left at one."""

from __future__ import annotations

from shared.kafka.admin import new_topics
from shared.kafka.topics import ALL_TOPICS, CATEGORIES, ORDERS, SEASONS, with_dead_letters


def test_one_broker_creates_the_topics_as_declared() -> None:
    made = {t.name: t for t in new_topics(with_dead_letters(ALL_TOPICS))}
    assert made[ORDERS.name].num_partitions == 6
    assert made[ORDERS.name].replication_factor == 1
    assert "min.insync.replicas" not in made[ORDERS.name].topic_configs
    assert made[ORDERS.dlq.name].num_partitions == 1


def test_a_cluster_gets_three_copies_two_in_sync_and_more_partitions_for_keyed_topics() -> None:
    made = {t.name: t for t in new_topics(with_dead_letters(ALL_TOPICS), 3, 48)}
    orders = made[ORDERS.name]
    assert (orders.num_partitions, orders.replication_factor) == (48, 3)
    assert orders.topic_configs["min.insync.replicas"] == "2"
    assert orders.topic_configs["retention.ms"] == ORDERS.configs()["retention.ms"]
    assert made[SEASONS.name].num_partitions == 1
    assert made[CATEGORIES.name].num_partitions == 1
    assert made[CATEGORIES.name].topic_configs["cleanup.policy"] == "compact"
    assert all(t.replication_factor == 3 for t in made.values())
