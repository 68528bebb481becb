"""Every procnet metric, in one module, so dashboards and alert rules can be checked
against it (``infra/observability/check_metrics.py``).

All names start with ``procnet_``; labels stay few and bounded (route templates, never
raw paths; consumer groups and partitions, never event ids).
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

PREFIX = "procnet_"

# HTTP: rate, errors (status label) and duration per route template.
HTTP_REQUESTS = Counter(
    "procnet_http_requests_total",
    "HTTP requests answered, by route template and status code",
    ["service", "method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "procnet_http_request_duration_seconds",
    "Time from request to the last byte of the answer, by route template",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
HTTP_IN_FLIGHT = Gauge(
    "procnet_http_requests_in_flight", "HTTP requests being answered now", ["service"]
)

# Consumers (the inbox side).
CONSUMED = Counter(
    "procnet_events_consumed_total",
    "Events a consumer group handled: applied, duplicate, ignored or dead_lettered",
    ["consumer", "outcome"],
)
HANDLER_FAILURES = Counter(
    "procnet_inbox_handler_failures_total",
    "Handler attempts that raised (each retry counts; the last one dead-letters)",
    ["consumer"],
)
DEAD_LETTERS = Counter(
    "procnet_dead_letters_total",
    "Events sent to a dead-letter topic, by consumer group and source topic",
    ["consumer", "topic"],
)
CONSUMER_LAG = Gauge(
    "procnet_consumer_lag",
    "Records on a partition not yet handled by the group (high watermark - position)",
    ["consumer", "topic", "partition"],
)

# Outbox (the publishing side).
PUBLISHED = Counter("procnet_outbox_published_total", "Outbox rows published to Kafka", ["schema"])
RELAY_ERRORS = Counter("procnet_outbox_relay_errors_total", "Failed relay rounds", ["schema"])
OUTBOX_BACKLOG = Gauge(
    "procnet_outbox_backlog", "Outbox rows committed but not yet sent to Kafka", ["schema"]
)
OUTBOX_OLDEST_AGE = Gauge(
    "procnet_outbox_oldest_unsent_age_seconds",
    "Age of the oldest unsent outbox row (0 when none)",
    ["schema"],
)

# Background workers and readiness.
WORKER_UP = Gauge(
    "procnet_worker_up", "1 while a background worker runs, 0 once it has died", ["worker"]
)
DEPENDENCY_UP = Gauge(
    "procnet_dependency_up",
    "1 when the last readiness probe of a dependency answered",
    ["dependency"],
)
READY = Gauge("procnet_ready", "1 when /readyz last answered ready")

# Matching's batch placement (observed in services/matching/matcher.py).
MATCHER_BATCH_SECONDS = Histogram(
    "procnet_matcher_batch_seconds", "Time to place one batch of orders"
)
