"""Portal unit tests run without servers: no live consumer, no notification sinks (a
portal built here would otherwise try Kafka and Redis in the background)."""

import os

os.environ.setdefault("PROCNET_PORTAL_LIVE", "false")
