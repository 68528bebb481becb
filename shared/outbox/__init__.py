"""Transactional outbox: events are rows written with the change, relayed to Kafka later."""
